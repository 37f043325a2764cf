import { DEVICE_CODE_GRANT } from '../../apps/store.js';
import type { Config } from '../../config/load.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import type { App } from '../../http/types.js';
import type { KeyRing } from '../../keys/service.js';
import { CLAIMS_SUPPORTED, SCOPES_SUPPORTED } from '../../oauth/discovery.js';
import { CSP_API } from './keys-routes.js';

/** What CSP's discovery routes use. */
export interface CspDiscoveryRouteDeps {
  config: Pick<Config, 'issuer'>;
  discovery: { csp: DiscoveryRegistry };
  keys: Pick<KeyRing, 'activeAlg'>;
}

/**
 * CSP's OpenID configuration, at both paths clients use (docs/wire/csp.md#discovery), listing the CSP-dialect
 * endpoints that exist.
 */
export function registerCspDiscoveryRoutes(app: App, c: CspDiscoveryRouteDeps): void {
  const registry = c.discovery.csp;
  registry.endpoint('jwks_uri', `${CSP_API}/auth/token-public-key?format=jwks`);
  registry.support('subject_types_supported', 'public');
  registry.support('response_types_supported');
  registry.support('scopes_supported', ...SCOPES_SUPPORTED);
  registry.support('grant_types_supported', 'authorization_code', 'refresh_token', 'client_credentials');
  // Not CSP's own: the device authorization grant (RFC 8628) for command-line tools. CSP's token endpoint runs
  // it like /oauth/token, so a generic OIDC library pointed at this document finds it. Pushed authorization
  // requests are not listed: no CSP client pushes, and a pushed request is read with the native spellings.
  registry.endpoint('device_authorization_endpoint', '/oauth/device_authorization');
  registry.support('grant_types_supported', DEVICE_CODE_GRANT);
  registry.support(
    'token_endpoint_auth_methods_supported',
    'client_secret_basic',
    'client_secret_post',
    'none',
  );
  registry.endpoint('introspection_endpoint', `${CSP_API}/auth/introspect`);
  registry.endpoint('revocation_endpoint', `${CSP_API}/auth/revoke`);
  for (const path of [
    `${CSP_API}/auth/.well-known/openid-configuration`,
    `${CSP_API}/.well-known/openid-configuration`,
  ]) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return registry.document(c.config.issuer, {
        id_token_signing_alg_values_supported: [c.keys.activeAlg()],
        // CSP's CspOpenIdConfigurationDto spells this one in camelCase (docs/wire/csp.md#discovery).
        claimsSupported: [...CLAIMS_SUPPORTED, 'group_ids', 'group_names'],
      });
    });
  }
}
