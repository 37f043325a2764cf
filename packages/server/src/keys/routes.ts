import type { DiscoveryRegistry } from '../http/discovery-registry.js';
import type { App } from '../http/types.js';
import type { KeyRing } from './service.js';

/** What the JWKS route uses. */
export interface JwksRouteDeps {
  discovery: { native: DiscoveryRegistry };
  keys: Pick<KeyRing, 'jwks'>;
}

/** JWKS (RFC 7517) of the published signing keys: the active one and those retired recently. */
export function registerJwksRoutes(app: App, c: JwksRouteDeps): void {
  c.discovery.native.endpoint('jwks_uri', '/oauth/jwks');
  app.get('/oauth/jwks', { schema: { hide: true } }, async (_request, reply) => {
    // Short cache: a rotation must reach resource servers quickly; they re-fetch on an unknown kid anyway.
    reply.header('cache-control', 'public, max-age=60');
    reply.type('application/jwk-set+json');
    return c.keys.jwks();
  });
}
