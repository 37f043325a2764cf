import { newTimeOrderedId } from '../../core/ids-and-secrets.js';
import { type Holdings, toPerms } from '../../core/scopes.js';
import type { KeyRing } from '../../keys/service.js';

/** What an access token came from; revoking it deactivates the token (`cred`, docs/wire/csp.md#claims). */
export interface CredentialRef {
  type: 'api_token' | 'client' | 'grant';
  id: string;
}

export interface AccessTokenRequest {
  /** User id, or the client id for an app acting as itself. */
  subject: string;
  orgId: string;
  granted: Holdings;
  credential: CredentialRef;
  clientId: string;
  ttlSeconds: number;
  /** For users: shown as CSP's acct and username. */
  account?: { email: string } | undefined;
  /** OpenID Connect scopes granted with the token (`openid`, `profile`…), listed first in its scope. */
  oidcScopes?: readonly string[] | undefined;
  /** The resource it was requested for (RFC 8707): its only `aud`. Absent: Keyward and the services in scope. */
  audience?: string | undefined;
  /** The thumbprint of the DPoP key it is bound to (RFC 9449 §6.1 `cnf.jkt`); absent for a bearer token. */
  dpopJkt?: string | undefined;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  expiresIn: number;
  /** Space-separated, as the token response's `scope` and the `scope` claim (RFC 9068 §2.2.3). */
  scope: string;
  perms: string[];
}

/** Client id stamped on tokens minted from personal API tokens, which have no OAuth client. */
export const API_TOKEN_CLIENT_ID = 'api-token';

/**
 * A JWT access token per RFC 9068 (`typ: at+jwt`; iss, sub, aud, exp, iat, jti, client_id, scope) with CSP's
 * claims (docs/wire/csp.md#claims): context_name = org id, perms, acct, username, domain, azp; `cred`, the
 * credential, so introspection can answer "inactive" the moment that credential is revoked.
 * Signed with the active key on the request path: no disk access.
 */
export function issueAccessToken(
  keys: KeyRing,
  issuer: string,
  nowMs: number,
  request: AccessTokenRequest,
): IssuedAccessToken {
  const iat = Math.floor(nowMs / 1000);
  const perms = toPerms(request.granted);
  const scope = (request.oidcScopes?.length ? [...request.oidcScopes, ...perms] : perms).join(' ');
  // Time-ordered: the id tells a revocation the millisecond of issuance that `iat` rounds away.
  const jti = newTimeOrderedId(nowMs);
  const services = [
    ...new Set([...request.granted.serviceRoles, ...request.granted.permissions].map(serviceOf)),
  ];
  const claims: Record<string, unknown> = {
    iss: issuer,
    sub: request.subject,
    // A token requested for a resource is for it alone (RFC 8707 §2); otherwise Keyward's own API is an
    // audience, and each service in scope is one too.
    aud: request.audience ?? (services.length === 0 ? issuer : [issuer, ...services]),
    iat,
    exp: iat + request.ttlSeconds,
    jti,
    client_id: request.clientId,
    azp: request.clientId,
    scope,
    context_name: request.orgId,
    context: request.credential.id,
    perms,
    domain: hostnameOf(issuer),
    cred: request.credential,
    ...(request.account ? { acct: request.account.email, username: request.account.email } : {}),
    ...(request.dpopJkt ? { cnf: { jkt: request.dpopJkt } } : {}),
  };
  return { token: keys.signJwt(claims, 'at+jwt'), jti, expiresIn: request.ttlSeconds, scope, perms };
}

function serviceOf(qualified: string): string {
  return qualified.slice(0, qualified.indexOf(':'));
}

/** The host of the issuer, an origin without a path (config checks it): no URL parsing per token. */
function hostnameOf(issuer: string): string {
  return issuer.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');
}
