import type { OAuthApp } from '../../apps/store.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import { checkScopeFitsTargets, type Target, targetForGrant } from '../resource.js';
import { checkAppAllows, consentCovers, parseScope } from '../scope.js';
import type { GrantFamily } from '../store.js';
import type { TokenResult } from '../token-result.js';

/** What the refresh_token grant uses. */
export interface RefreshTokenGrantDeps {
  identity: Pick<IdentityDirectory, 'services'>;
  oauth: Pick<
    OAuthProvider,
    | 'isWellFormedRefreshToken'
    | 'findRefreshToken'
    | 'currentFamily'
    | 'checkFamily'
    | 'activeMember'
    | 'issueForGrant'
    | 'refuseCompromised'
  >;
}

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): every use returns a new refresh token; presenting a used one
 * again means it leaked, so the whole grant family is revoked. Everything that can be refused is checked before
 * the token is used up, so a client's mistake (a scope too wide) does not cost it its grant.
 *   findToken → checkClient → checkFamily → detectReuse → checkKeyBinding → chooseTarget → narrowScope
 *   → checkMember → rotateOnce + issueTokens
 */
export async function refreshTokenGrant(
  c: RefreshTokenGrantDeps,
  app: OAuthApp,
  params: {
    refreshToken: string | undefined;
    scope: string | undefined;
    target?: Target | undefined;
    /** The DPoP key of the request's proof (RFC 9449 §5), if it sent one. */
    dpopJkt?: string | undefined;
  },
): Promise<TokenResult> {
  if (!app.grantTypes.includes('refresh_token')) {
    throw new OAuthError('unauthorized_client', `a ${app.type} app may not use refresh_token`);
  }
  const provider = c.oauth;
  const value = params.refreshToken;
  if (!value) throw new OAuthError('invalid_request', 'refresh_token is required');
  if (!provider.isWellFormedRefreshToken(value))
    throw new OAuthError('invalid_grant', 'this is not a Keyward refresh token');
  const token = await provider.findRefreshToken(value);
  if (!token) throw new OAuthError('invalid_grant', 'unknown refresh token');
  const family = await provider.currentFamily(token.familyId);
  // RFC 6819 §5.2.2.2: a refresh token is bound to its client.
  if (!family || family.appId !== app.id)
    throw new OAuthError('invalid_grant', 'this refresh token was not issued to this client');
  provider.checkFamily(family, app);
  if (token.rotatedAt !== null) await refuseReuse(provider, family);
  checkKeyBinding(token.dpopJkt, params.dpopJkt);
  const services = await c.identity.services();
  const target = targetForGrant(family.scope.resources, params.target, services);
  // RFC 6749 §6: a refresh may narrow the scope, never widen it.
  let scoped = family;
  if (params.scope !== undefined) {
    const asked = parseScope(params.scope, services);
    checkAppAllows(asked.roles, app.scopes, services);
    checkScopeFitsTargets(asked.roles, target ? [target] : []);
    // Naming no role keeps the grant's roles; naming some narrows to them.
    const narrower = {
      ...family.scope,
      oidc: asked.oidc,
      roles: asked.roles.allRoles ? family.scope.roles : asked.roles,
    };
    if (!consentCovers(family.scope, narrower)) {
      throw new OAuthError('invalid_scope', 'a refresh cannot ask for more than the grant was given');
    }
    scoped = { ...family, scope: narrower };
  }
  const member = await provider.activeMember(family.userId, family.orgId);
  const issued = await provider.issueForGrant(app, scoped, member, {
    rotating: true,
    target,
    dpopJkt: params.dpopJkt,
    // A bound refresh token hands its binding on; a public client proving a key binds an unbound one to it.
    refreshJkt: token.dpopJkt ?? (app.type === 'native' ? (params.dpopJkt ?? null) : null),
    // Another request may have rotated it since it was read: that is a reuse too.
    redeem: { kind: 'refresh_token', id: token.id },
  });
  return issued ?? refuseReuse(provider, family);
}

/**
 * RFC 9449 §5: a refresh token bound to a DPoP key (a public client's) is used only with a proof of that key.
 * Refused before rotation: the client can retry with the right proof.
 */
function checkKeyBinding(bound: string | null, proved: string | undefined): void {
  if (bound === null || bound === proved) return;
  throw new OAuthError(
    'invalid_dpop_proof',
    proved === undefined
      ? 'this refresh token is bound to a DPoP key: send a DPoP proof signed with that key'
      : 'the DPoP proof is signed with another key than the one this refresh token is bound to',
  );
}

function refuseReuse(
  provider: Pick<OAuthProvider, 'refuseCompromised'>,
  family: GrantFamily,
): Promise<never> {
  return provider.refuseCompromised(
    family,
    'oauth.refresh_token_reused',
    'this refresh token was already used; its grant is now revoked, with every token issued from it',
  );
}
