import type { Config } from '../../config/load.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import type { App } from '../../http/types.js';
import { ACR_VALUES } from '../../identity/factors/assurance.js';
import type { KeyRing } from '../../keys/service.js';
import { CLAIMS_SUPPORTED, SCOPES_SUPPORTED } from '../discovery.js';

/** What the discovery routes use. */
export interface DiscoveryRouteDeps {
  config: Pick<Config, 'issuer'>;
  discovery: { native: DiscoveryRegistry };
  keys: Pick<KeyRing, 'activeAlg'>;
}

/** OpenID Connect Discovery 1.0 and RFC 8414 metadata, built from the mounted endpoints. */
export function registerDiscoveryRoutes(app: App, c: DiscoveryRouteDeps): void {
  const registry = c.discovery.native;
  registry.support('subject_types_supported', 'public');
  registry.support('response_types_supported');
  registry.support('scopes_supported', ...SCOPES_SUPPORTED);
  registry.support('claims_supported', ...CLAIMS_SUPPORTED);
  registry.support('acr_values_supported', ...ACR_VALUES);
  const handler = async () => ({
    ...registry.document(c.config.issuer),
    id_token_signing_alg_values_supported: [c.keys.activeAlg()],
  });
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return handler();
    });
  }
}
