import type { Container } from '../../container.js';
import type { App } from '../../http/types.js';
import { CSP_API } from './keys-routes.js';

/**
 * CSP's OpenID configuration, served at both paths clients use (csp-wire §2.6, §8.5), listing the CSP-dialect
 * endpoints that exist.
 */
export function registerCspDiscoveryRoutes(app: App, c: Container): void {
  const registry = c.discovery.csp;
  registry.endpoint('jwks_uri', `${CSP_API}/auth/token-public-key?format=jwks`);
  registry.support('subject_types_supported', 'public');
  registry.support('response_types_supported');
  for (const path of [
    `${CSP_API}/auth/.well-known/openid-configuration`,
    `${CSP_API}/.well-known/openid-configuration`,
  ]) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return registry.document(c.config.issuer, {
        id_token_signing_alg_values_supported: [c.keys.activeAlg()],
      });
    });
  }
}
