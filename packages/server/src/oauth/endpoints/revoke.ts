import type { FastifyRequest } from 'fastify';
import { CLIENT_SIGNING_ALGS } from '../../apps/client-keys.js';
import type { Config } from '../../config/load.js';
import type { Clock } from '../../core/clock.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import type { KeyRing } from '../../keys/service.js';
import { verifyAccessToken } from '../../keys/tokens/verify.js';
import type { ClientAuthenticator } from '../clients.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import type { RevocationList } from '../revocation-list.js';
import { refuseOtherMethods } from './methods.js';

/** What the revocation endpoint uses. */
export interface RevocationDeps {
  clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
  clock: Clock;
  config: Pick<Config, 'issuer'>;
  discovery: { native: DiscoveryRegistry };
  keys: KeyRing;
  oauth: Pick<
    OAuthProvider,
    'currentFamily' | 'findRefreshToken' | 'isWellFormedRefreshToken' | 'revokeFamily'
  >;
  revocations: Pick<RevocationList, 'revoke'>;
}

/**
 * RFC 7009 token revocation by the client the token was issued to. A refresh token ends its whole grant (and
 * with it every access token minted from the grant); an access token is added to the revocation list until it
 * would have expired. Unknown or already invalid tokens are answered 200 (§2.2); another client's token is refused.
 */
export async function revokeToken(c: RevocationDeps, request: FastifyRequest): Promise<void> {
  const { app } = await c.clientAuth.authenticate(request);
  const token = parameter(request, 'token', 16 * 1024);
  if (!token) throw new OAuthError('invalid_request', 'token is required');
  const hint = parameter(request, 'token_type_hint', 64);
  if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token') {
    throw new OAuthError('invalid_request', 'token_type_hint is access_token or refresh_token');
  }

  if (c.oauth.isWellFormedRefreshToken(token)) {
    const found = await c.oauth.findRefreshToken(token);
    const family = found ? await c.oauth.currentFamily(found.familyId) : undefined;
    if (!family) return;
    if (family.appId !== app.id) throw notYours();
    await c.oauth.revokeFamily(family.id, 'revoked by the client');
    return;
  }

  const claims = await verifyAccessToken(c.keys, c.config.issuer, c.clock.now(), token);
  if (!claims) return;
  if (claims.client_id !== app.id) throw notYours();
  await c.revocations.revoke(claims.jti, claims.exp * 1000);
}

function notYours(): OAuthError {
  return new OAuthError('unauthorized_client', 'this token was not issued to this client; it stays valid');
}

export function registerRevocationEndpoint(app: App, c: RevocationDeps): void {
  c.discovery.native.endpoint('revocation_endpoint', '/oauth/revoke');
  c.discovery.native.support(
    'revocation_endpoint_auth_methods_supported',
    'client_secret_basic',
    'client_secret_post',
    'private_key_jwt',
    'none',
  );
  c.discovery.native.support('revocation_endpoint_auth_signing_alg_values_supported', ...CLIENT_SIGNING_ALGS);

  app.post('/oauth/revoke', { schema: { hide: true } }, async (request, reply) => {
    await revokeToken(c, request);
    return reply.code(200).send();
  });
  refuseOtherMethods(app, '/oauth/revoke', ['POST']);
}
