import type { Container } from '../container.js';
import type { App } from '../http/types.js';

/** JWKS (RFC 7517) of the published signing keys: the active one and those retired recently. */
export function registerJwksRoutes(app: App, c: Container): void {
  c.discovery.native.endpoint('jwks_uri', '/oauth/jwks');
  app.get('/oauth/jwks', { schema: { hide: true } }, async (_request, reply) => {
    // Short cache: a rotation must reach resource servers quickly; they re-fetch on an unknown kid anyway.
    reply.header('cache-control', 'public, max-age=60');
    reply.type('application/jwk-set+json');
    return c.keys.jwks();
  });
}
