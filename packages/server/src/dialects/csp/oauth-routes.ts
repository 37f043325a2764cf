import type { AppDirectory } from '../../apps/directory.js';
import type { Config } from '../../config/load.js';
import { ApiError } from '../../core/errors.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import {
  authenticateIntrospector,
  type IntrospectionDeps,
  introspect,
} from '../../oauth/endpoints/introspect.js';
import { refuseOtherMethods } from '../../oauth/endpoints/methods.js';
import { type RevocationDeps, revokeToken } from '../../oauth/endpoints/revoke.js';
import { OAuthError } from '../../oauth/errors.js';
import { idTokenClaims, type LogoutDeps, logoutUrl } from '../../web/logout-routes.js';
import { CSP_API } from './keys-routes.js';

/** What CSP's OAuth routes use. */
export type CspOAuthRouteDeps = IntrospectionDeps &
  LogoutDeps &
  RevocationDeps & {
    appDirectory: Pick<AppDirectory, 'app'>;
    config: Pick<Config, 'issuer'>;
    discovery: { csp: DiscoveryRegistry };
  };

/**
 * CSP's introspection and revocation (docs/wire/csp.md#introspection, #revocation): Basic auth, form `token`.
 * CSP documents refresh tokens only; Keyward answers for access tokens too, which no CSP client is harmed by.
 */
export function registerCspOAuthRoutes(csp: App, c: CspOAuthRouteDeps): void {
  csp.post(
    `${CSP_API}/auth/introspect`,
    { schema: { hide: true }, config: { oauthErrors: true } },
    async (request) => {
      const who = await authenticateIntrospector(c, request);
      const token = parameter(request, 'token', 16 * 1024);
      if (!token) throw new OAuthError('invalid_request', 'token is required');
      return introspect(c, token, parameter(request, 'token_type_hint', 64) ?? 'refresh_token', who);
    },
  );
  refuseOtherMethods(csp, `${CSP_API}/auth/introspect`, ['POST']);

  // docs/wire/csp.md#logout: the client's back end posts the user's ID token, gets the URL to send a browser
  // (v1: 200 {url}; v2: 303). The browser's visit there ends the session (RP-Initiated Logout).
  c.discovery.csp.endpoint('end_session_endpoint', `${CSP_API}/auth/logout`);
  for (const [path, redirect] of [
    [`${CSP_API}/auth/logout`, false],
    [`${CSP_API}/v2/auth/logout`, true],
  ] as const) {
    csp.post(path, { schema: { hide: true } }, async (request, reply) => {
      const idToken =
        parameter(request, 'idToken', 16 * 1024) ?? parameter(request, 'id_token_hint', 16 * 1024);
      if (!idToken) throw new ApiError('request.invalid', 'send {"idToken": "<the ID token of the user>"}');
      const claims = await idTokenClaims(c, idToken);
      if (!claims) throw new ApiError('request.invalid', 'idToken is not an ID token issued by this Keyward');
      const redirectUri = parameter(request, 'post_logout_redirect_uri', 2048);
      if (redirectUri) {
        const app = await c.appDirectory.app(String(claims.aud));
        if (!app?.postLogoutRedirectUris.includes(redirectUri)) {
          throw new ApiError(
            'request.invalid',
            'post_logout_redirect_uri is not registered for the app of this ID token',
          );
        }
      }
      const url = logoutUrl(c.config.issuer, {
        idToken,
        redirectUri,
        state: parameter(request, 'state', 2048),
      });
      return redirect ? reply.code(303).redirect(url) : { url };
    });
  }

  csp.post(
    `${CSP_API}/auth/revoke`,
    { schema: { hide: true }, config: { oauthErrors: true } },
    async (request, reply) => {
      await revokeToken(c, request);
      return reply.code(200).send();
    },
  );
  refuseOtherMethods(csp, `${CSP_API}/auth/revoke`, ['POST']);
}
