import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/load.js';
import { ApiError } from '../../core/errors.js';
import type { App } from '../../http/types.js';
import type { KeyRing } from '../../keys/service.js';

/** What CSP's key routes use. */
export interface CspKeyRouteDeps {
  config: Pick<Config, 'issuer'>;
  keys: Pick<KeyRing, 'activePublicPem' | 'jwks'>;
}

export const CSP_API = '/csp/gateway/am/api';

/** CSP's key routes (docs/wire/csp.md#signing-keys): `auth/token-public-key?format=jwks|pem`, `auth/keys`. */
export function registerCspKeyRoutes(app: App, c: CspKeyRouteDeps): void {
  app.get(
    `${CSP_API}/auth/token-public-key`,
    {
      schema: {
        hide: true,
        querystring: Type.Object({ format: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const format = request.query.format?.toLowerCase();
      if (format !== undefined && format !== 'jwks' && format !== 'pem') {
        throw new ApiError('request.invalid', 'format must be jwks or pem');
      }
      const { alg, pem } = c.keys.activePublicPem();
      reply.header('cache-control', 'public, max-age=60');
      // `keys` is always a valid JWKS (oauth2-proxy and Spring read it as one). `value` carries the PEM of the
      // active key for format=pem, and when no format is given, because older clients read m["value"] then (K5).
      return {
        alg,
        issuer: c.config.issuer,
        keys: c.keys.jwks().keys,
        ...(format === 'jwks' ? {} : { value: pem }),
      };
    },
  );

  app.get(`${CSP_API}/auth/keys`, { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return c.keys.jwks();
  });
}
