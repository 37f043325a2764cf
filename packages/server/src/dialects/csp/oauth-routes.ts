import type { Container } from '../../container.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import { authenticateIntrospector, introspect } from '../../oauth/endpoints/introspect.js';
import { revokeToken } from '../../oauth/endpoints/revoke.js';
import { OAuthError } from '../../oauth/errors.js';
import { CSP_API } from './keys-routes.js';

/**
 * CSP's introspection and revocation (csp-wire §2.8, §2.9): Basic client authentication and a form `token`.
 * CSP documents refresh tokens only; Keyward answers for access tokens too, which no CSP client is harmed by.
 */
export function registerCspOAuthRoutes(csp: App, c: Container): void {
  csp.post(
    `${CSP_API}/auth/introspect`,
    { schema: { hide: true }, config: { oauthErrors: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const who = await authenticateIntrospector(c, request);
      const token = parameter(request, 'token', 16 * 1024);
      if (!token) throw new OAuthError('invalid_request', 'token is required');
      return introspect(c, token, parameter(request, 'token_type_hint', 64) ?? 'refresh_token', who);
    },
  );

  csp.post(
    `${CSP_API}/auth/revoke`,
    { schema: { hide: true }, config: { oauthErrors: true } },
    async (request, reply) => {
      await revokeToken(c, request);
      reply.header('cache-control', 'no-store');
      return reply.code(200).send();
    },
  );
}
