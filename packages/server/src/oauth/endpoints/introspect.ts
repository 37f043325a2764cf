import type { Container } from '../../container.js';
import { bearerTokenOf } from '../../http/authenticate.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import { OAuthError } from '../errors.js';

/**
 * RFC 7662 token introspection. The caller proves itself with an active access token of its own (§2.1 allows a
 * bearer token); an unknown, expired or revoked token — or one whose credential was revoked — is
 * `{"active": false}` and nothing more (§2.2).
 */
export function registerIntrospectionEndpoint(app: App, c: Container): void {
  c.discovery.native.endpoint('introspection_endpoint', '/oauth/introspect');

  app.post('/oauth/introspect', { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const callerToken = bearerTokenOf(request);
    const caller = callerToken ? await c.accessTokens.check(callerToken) : undefined;
    if (!caller?.active) {
      throw new OAuthError(
        'invalid_token',
        'introspection needs an active access token in Authorization: Bearer',
        401,
        {
          'www-authenticate': 'Bearer realm="keyward", error="invalid_token"',
        },
      );
    }
    const token = parameter(request, 'token', 16 * 1024);
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    const check = await c.accessTokens.check(token);
    if (!check.active) return { active: false };
    const { claims } = check;
    return {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      ...(check.user ? { username: claims.username ?? check.user.email } : {}),
      token_type: 'Bearer',
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      context_name: claims.context_name,
      perms: claims.perms,
      cred: claims.cred,
    };
  });
}
