import type { FastifyRequest } from 'fastify';
import { CLIENT_SIGNING_ALGS } from '../../apps/client-keys.js';
import type { AppDirectory } from '../../apps/directory.js';
import type { Config } from '../../config/load.js';
import type { Clock } from '../../core/clock.js';
import { bearerTokenOf } from '../../http/authenticate.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import { acrOf } from '../../identity/factors/assurance.js';
import type { ClientAuthenticator } from '../clients.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import type { AccessTokenVerifier } from '../tokens/bearer.js';
import { refuseOtherMethods } from './methods.js';

/** What the introspection endpoint uses. */
export interface IntrospectionDeps {
  accessTokens: Pick<AccessTokenVerifier, 'check'>;
  appDirectory: Pick<AppDirectory, 'app'>;
  clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
  clock: Clock;
  config: Pick<Config, 'issuer'>;
  discovery: { native: DiscoveryRegistry };
  identity: Pick<IdentityDirectory, 'membership' | 'services' | 'user'>;
  oauth: Pick<OAuthProvider, 'family' | 'findRefreshToken' | 'grantNow' | 'isWellFormedRefreshToken'>;
}

/** Who asked: an authenticated client, or a resource server holding an active access token of its own. */
export type Introspector = { kind: 'client'; clientId: string } | { kind: 'bearer' };

export type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

/**
 * RFC 7662 §2.1: the caller must prove who it is (against token scanning): client authentication
 * (client_secret_basic/post or private_key_jwt; a public client cannot introspect), or Authorization: Bearer
 * with an active access token that is not DPoP-bound. Refresh tokens are shown only to the client they were
 * issued to.
 */
export async function authenticateIntrospector(
  c: IntrospectionDeps,
  request: FastifyRequest,
): Promise<Introspector> {
  const bearer = bearerTokenOf(request);
  if (bearer !== undefined && !/^basic\s/i.test(request.headers.authorization ?? '')) {
    const check = await c.accessTokens.check(bearer);
    // RFC 9449 §7.2: a bound token is worth nothing without a proof of its key, which a Bearer request lacks.
    if (check.active && check.claims.cnf === undefined) return { kind: 'bearer' };
    throw new OAuthError(
      'invalid_token',
      check.active
        ? 'the access token of this request is DPoP-bound and cannot be used as Bearer; authenticate as a client'
        : 'the Bearer access token of this request is not active',
      401,
      { 'www-authenticate': 'Bearer realm="keyward", error="invalid_token"' },
    );
  }
  const { app, method } = await c.clientAuth.authenticate(request);
  if (method === 'none')
    throw new OAuthError('invalid_client', 'a public client cannot introspect tokens', 401);
  return { kind: 'client', clientId: app.id };
}

/**
 * The state of an access or refresh token right now. Anything expired, revoked, unknown, or not the caller's
 * to see is exactly `{"active": false}` (RFC 7662 §2.2).
 */
export async function introspect(
  c: IntrospectionDeps,
  token: string,
  hint: string | undefined,
  who: Introspector,
): Promise<Introspection> {
  const order = hint === 'refresh_token' ? [refreshToken, accessToken] : [accessToken, refreshToken];
  for (const look of order) {
    const answer = await look(c, token, who);
    if (answer) return answer;
  }
  return { active: false };
}

async function accessToken(c: IntrospectionDeps, token: string): Promise<Introspection | undefined> {
  if (token.split('.').length !== 3) return undefined;
  const check = await c.accessTokens.check(token);
  if (!check.active) return { active: false };
  const { claims } = check;
  return {
    active: true,
    // RFC 9449 §6.2: a bound token is shown as such, with the key it is bound to.
    token_type: claims.cnf ? 'DPoP' : 'Bearer',
    ...(claims.cnf ? { cnf: { jkt: claims.cnf.jkt } } : {}),
    scope: claims.scope,
    client_id: claims.client_id,
    ...(check.user ? { username: claims.username ?? check.user.email } : {}),
    sub: claims.sub,
    aud: claims.aud,
    iss: claims.iss,
    exp: claims.exp,
    iat: claims.iat,
    jti: claims.jti,
    context_name: claims.context_name,
    orgId: claims.context_name,
    perms: claims.perms,
    cred: claims.cred,
    ...(await signInOf(c, claims.cred)),
  };
}

/** A refresh token: its grant's scope as the next refresh would issue it, so it matches the token endpoint. */
async function refreshToken(
  c: IntrospectionDeps,
  token: string,
  who: Introspector,
): Promise<Introspection | undefined> {
  if (!c.oauth.isWellFormedRefreshToken(token)) return undefined;
  const found = await c.oauth.findRefreshToken(token);
  if (!found || found.rotatedAt !== null) return { active: false };
  const family = await c.oauth.family(found.familyId);
  const now = c.clock.now();
  if (!family || family.revokedAt !== null || family.expiresAt <= now) return { active: false };
  if (who.kind !== 'client' || who.clientId !== family.appId) return { active: false };
  const app = await c.appDirectory.app(family.appId);
  const membership = await c.identity.membership(family.orgId, family.userId);
  const user = await c.identity.user(family.userId);
  if (!app || !membership || !user || user.disabledAt !== null) return { active: false };
  return {
    active: true,
    token_type: 'refresh_token',
    ...(found.dpopJkt ? { cnf: { jkt: found.dpopJkt } } : {}),
    scope: c.oauth.grantNow(app, family.scope, membership, await c.identity.services()).scope,
    client_id: family.appId,
    sub: family.userId,
    exp: Math.floor(family.expiresAt / 1000),
    iat: Math.floor(found.createdAt / 1000),
    iss: c.config.issuer,
    context_name: family.orgId,
    orgId: family.orgId,
  };
}

export function registerIntrospectionEndpoint(app: App, c: IntrospectionDeps): void {
  c.discovery.native.endpoint('introspection_endpoint', '/oauth/introspect');
  c.discovery.native.support(
    'introspection_endpoint_auth_methods_supported',
    'client_secret_basic',
    'client_secret_post',
    'private_key_jwt',
  );
  c.discovery.native.support(
    'introspection_endpoint_auth_signing_alg_values_supported',
    ...CLIENT_SIGNING_ALGS,
  );

  app.post('/oauth/introspect', { schema: { hide: true } }, async (request) => {
    const who = await authenticateIntrospector(c, request);
    const token = parameter(request, 'token', 16 * 1024);
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    return introspect(c, token, parameter(request, 'token_type_hint', 64), who);
  });
  refuseOtherMethods(app, '/oauth/introspect', ['POST']);
}

/**
 * How the user of a browser grant signed in: its auth_time, amr and acr (OIDC Core §2 names, which RFC 7662
 * §2.2 allows as extensions), so a resource server can ask for a second factor.
 */
async function signInOf(c: Pick<IntrospectionDeps, 'oauth'>, cred: { type: string; id: string } | undefined) {
  if (cred?.type !== 'grant') return {};
  const family = await c.oauth.family(cred.id);
  if (!family?.amr) return family ? { auth_time: Math.floor(family.authTime / 1000) } : {};
  return { auth_time: Math.floor(family.authTime / 1000), amr: family.amr, acr: acrOf(family.amr) };
}
