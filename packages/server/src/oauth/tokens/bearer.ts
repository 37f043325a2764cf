import type { ApiTokenDirectory } from '../../api-tokens/directory.js';
import type { ApiTokenExchange } from '../../api-tokens/exchange.js';
import type { AppDirectory } from '../../apps/directory.js';
import type { Clock } from '../../core/clock.js';
import { isApiError } from '../../core/errors.js';
import { issuedAtMs } from '../../core/ids-and-secrets.js';
import type { Principal } from '../../core/principal.js';
import { fromPerms } from '../../core/scopes.js';
import type { User } from '../../identity/users/store.js';
import type { KeyRing } from '../../keys/service.js';
import { type AccessTokenClaims, verifyAccessToken } from '../../keys/tokens/verify.js';
import type { RevocationIndex } from '../../revocations/index.js';
import { isOAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import type { RevocationList } from '../revocation-list.js';

export type BearerCheck =
  | { active: true; claims: AccessTokenClaims; principal: Principal; user: User | null }
  | { active: false; reason: string };

/** An access token that passed `check`: what authentication hands the userinfo endpoints. */
export type ActiveBearer = Extract<BearerCheck, { active: true }>;

/**
 * Decides whether an access token presented to Keyward is active: a valid signature and claims (verify.ts), not
 * revoked (RFC 7009), and a credential that is still live right now — the API token, the app and its grant in
 * the org, or the user's grant family. Revoking any of them deactivates the access tokens it minted at once,
 * here and in introspection (docs/wire/csp.md#revocation).
 */
export class AccessTokenVerifier {
  constructor(
    private readonly deps: {
      keys: KeyRing;
      issuer: string;
      clock: Clock;
      apiTokens: ApiTokenDirectory;
      exchange: ApiTokenExchange;
      apps: AppDirectory;
      oauth: OAuthProvider;
      revocations: RevocationList;
      /** The revocation feed's entries: what verifiers refuse, Keyward refuses too. */
      revocationIndex: Pick<RevocationIndex, 'refuses'>;
    },
  ) {}

  async check(token: string): Promise<BearerCheck> {
    const claims = await verifyAccessToken(this.deps.keys, this.deps.issuer, this.deps.clock.now(), token);
    if (!claims)
      return {
        active: false,
        reason: 'the access token is malformed, not signed by this Keyward, or expired',
      };
    if (await this.deps.revocations.isRevoked(claims.jti))
      return { active: false, reason: 'the access token was revoked' };
    const refused = await this.deps.revocationIndex.refuses({
      jti: claims.jti,
      credential: claims.cred,
      subject: claims.sub,
      orgId: claims.context_name,
      clientId: claims.client_id,
      issuedAt: issuedAtMs(claims.jti, claims.iat),
    });
    if (refused !== undefined) return { active: false, reason: `the access token was revoked (${refused})` };
    switch (claims.cred.type) {
      case 'api_token':
        return this.#checkApiToken(claims);
      case 'client':
        return this.#checkClient(claims);
      case 'grant':
        return this.#checkGrant(claims);
      default:
        return { active: false, reason: 'the access token names an unknown kind of credential' };
    }
  }

  /**
   * `check`, for a token presented to Keyward's own API (management API, userinfo, CSP's routes): it must be
   * meant for Keyward too. A token requested for another service's resource (RFC 8707) has that service alone
   * as `aud`; Keyward refuses it, as that service must refuse Keyward's (RFC 9068 §4, RFC 8707 §2).
   */
  async checkForKeyward(token: string): Promise<BearerCheck> {
    const check = await this.check(token);
    if (!check.active) return check;
    const { aud } = check.claims;
    if (aud === this.deps.issuer || (Array.isArray(aud) && aud.includes(this.deps.issuer))) return check;
    return {
      active: false,
      reason: `this access token is for ${String(aud)}, not for Keyward's API; ask for one without resource`,
    };
  }

  async #checkApiToken(claims: AccessTokenClaims): Promise<BearerCheck> {
    const apiToken = await this.deps.apiTokens.findById(claims.cred.id);
    if (!apiToken || apiToken.userId !== claims.sub || apiToken.orgId !== claims.context_name) {
      return { active: false, reason: 'the API token this access token came from no longer exists' };
    }
    try {
      const { user } = await this.deps.exchange.checkLive(apiToken);
      return { active: true, claims, principal: principalOf('user', claims, user.platformRoles), user };
    } catch (error) {
      if (isApiError(error)) return { active: false, reason: error.message };
      throw error;
    }
  }

  /** client_credentials: the app still exists and is still added to the token's org. */
  async #checkClient(claims: AccessTokenClaims): Promise<BearerCheck> {
    const app = await this.deps.apps.app(claims.cred.id);
    if (!app || claims.sub !== app.id || claims.client_id !== app.id) {
      return { active: false, reason: 'the app this access token was issued to no longer exists' };
    }
    if (!(await this.deps.apps.grant(app.id, claims.context_name))) {
      return { active: false, reason: `the app was removed from organization ${claims.context_name}` };
    }
    return { active: true, claims, principal: principalOf('app', claims, []), user: null };
  }

  /** A user's grant to an app: the family is live, the app exists, the user is enabled and still a member. */
  async #checkGrant(claims: AccessTokenClaims): Promise<BearerCheck> {
    const family = await this.deps.oauth.family(claims.cred.id);
    if (
      !family ||
      family.userId !== claims.sub ||
      family.orgId !== claims.context_name ||
      family.appId !== claims.client_id
    ) {
      return { active: false, reason: 'the grant this access token came from no longer exists' };
    }
    if (family.revokedAt !== null)
      return { active: false, reason: `the grant was revoked (${family.revokedReason ?? 'revoked'})` };
    if (family.expiresAt <= this.deps.clock.now() || !(await this.deps.apps.app(family.appId))) {
      return { active: false, reason: 'the grant has expired or its app was deleted' };
    }
    try {
      const { user } = await this.deps.oauth.activeMember(family.userId, family.orgId);
      return { active: true, claims, principal: principalOf('user', claims, []), user };
    } catch (error) {
      if (isOAuthError(error)) return { active: false, reason: error.description };
      throw error;
    }
  }
}

/**
 * The principal an access token stands for: its user (or app), in its org, limited to its perms. Platform roles
 * come only from the token's perms, and only while the user still holds them.
 */
function principalOf(
  kind: 'user' | 'app',
  claims: AccessTokenClaims,
  userPlatformRoles: readonly string[],
): Principal {
  const held = fromPerms(claims.perms);
  return {
    kind,
    subjectId: claims.sub,
    orgId: claims.context_name,
    platformRoles: held.platformRoles.filter((role) => userPlatformRoles.includes(role)),
    credential: { type: 'access_token', id: claims.jti },
    scope: {
      allRoles: false,
      orgRoles: held.orgRoles,
      serviceRoles: held.serviceRoles,
      permissions: held.permissions,
    },
  };
}
