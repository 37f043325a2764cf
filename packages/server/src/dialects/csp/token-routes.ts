import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import type { App } from '../../http/types.js';
import { refuseOtherMethods } from '../../oauth/endpoints/methods.js';
import { answerDpopNonce, handleTokenRequest, type TokenEndpointDeps } from '../../oauth/endpoints/token.js';
import { tokenAnswer } from '../../oauth/token-answer.js';
import { CSP_API } from './keys-routes.js';

/** What CSP's token route uses: the native token endpoint's handler, and CSP's discovery document. */
export type CspTokenRouteDeps = TokenEndpointDeps & { discovery: { csp: DiscoveryRegistry } };

/**
 * CSP's token endpoint for apps (docs/wire/csp.md#app-tokens): `auth/token` and the legacy `auth/authorize`,
 * one handler. Always CSP's six keys, null for no id_token or refresh_token (docs/wire/csp.md#token-answer).
 */
export function registerCspTokenRoutes(csp: App, c: CspTokenRouteDeps): void {
  c.discovery.csp.endpoint('token_endpoint', `${CSP_API}/auth/token`);
  for (const path of [`${CSP_API}/auth/token`, `${CSP_API}/auth/authorize`]) {
    csp.post(path, { schema: { hide: true }, config: { oauthErrors: true } }, async (request, reply) => {
      const result = await handleTokenRequest(c, request);
      reply.header('pragma', 'no-cache');
      answerDpopNonce(c, reply);
      return tokenAnswer(result, 'csp');
    });
    refuseOtherMethods(csp, path, ['POST']);
  }
}
