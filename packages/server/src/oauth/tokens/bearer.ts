import type { ApiTokenDirectory } from '../../api-tokens/directory.js';
import type { ApiTokenExchange } from '../../api-tokens/exchange.js';
import type { Clock } from '../../core/clock.js';
import { isApiError } from '../../core/errors.js';
import type { Principal } from '../../core/principal.js';
import { fromPerms } from '../../core/scopes.js';
import type { User } from '../../identity/users/store.js';
import type { KeyRing } from '../../keys/service.js';
import { type AccessTokenClaims, verifyAccessToken } from './verify.js';

export type BearerCheck =
  | { active: true; claims: AccessTokenClaims; principal: Principal; user: User }
  | { active: false; reason: string };

/**
 * Decides whether an access token presented to Keyward is active: a valid signature and claims (verify.ts), and
 * a credential that is still live right now. Revoking an API token therefore deactivates the access tokens
 * minted from it at once, here and in introspection (csp-wire §2.9).
 */
export class AccessTokenVerifier {
  constructor(
    private readonly deps: {
      keys: KeyRing;
      issuer: string;
      clock: Clock;
      apiTokens: ApiTokenDirectory;
      exchange: ApiTokenExchange;
    },
  ) {}

  async check(token: string): Promise<BearerCheck> {
    const claims = await verifyAccessToken(this.deps.keys, this.deps.issuer, this.deps.clock.now(), token);
    if (!claims)
      return {
        active: false,
        reason: 'the access token is malformed, not signed by this Keyward, or expired',
      };
    if (claims.cred.type !== 'api_token') {
      return {
        active: false,
        reason: `access tokens from ${claims.cred.type} credentials are not accepted here`,
      };
    }
    const apiToken = await this.deps.apiTokens.findById(claims.cred.id);
    if (!apiToken || apiToken.userId !== claims.sub || apiToken.orgId !== claims.context_name) {
      return { active: false, reason: 'the API token this access token came from no longer exists' };
    }
    try {
      const { user } = await this.deps.exchange.checkLive(apiToken);
      return { active: true, claims, principal: principalOf(claims, user), user };
    } catch (error) {
      if (isApiError(error)) return { active: false, reason: error.message };
      throw error;
    }
  }
}

/** The principal an access token stands for: its user, in its org, limited to its perms. */
function principalOf(claims: AccessTokenClaims, user: User): Principal {
  const held = fromPerms(claims.perms);
  return {
    kind: 'user',
    subjectId: claims.sub,
    orgId: claims.context_name,
    platformRoles: held.platformRoles.filter((role) => user.platformRoles.includes(role)),
    credential: { type: 'access_token', id: claims.jti },
    scope: {
      allRoles: false,
      orgRoles: held.orgRoles,
      serviceRoles: held.serviceRoles,
      permissions: held.permissions,
    },
  };
}
