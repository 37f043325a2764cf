import type { HTTPMethods } from 'fastify';
import type { App } from '../../http/types.js';
import { OAuthError } from '../errors.js';

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Answers the other methods on a protocol endpoint's path with 405 and `Allow` (RFC 9110 §15.5.6), in the
 * error shape of the scope's handler (RFC 6749 §5.2 `invalid_request`), rather than the management API's
 * `route.not_found`: a client that sent `GET /oauth/token` learns that the path is right and the method wrong.
 */
export function refuseOtherMethods(scope: App, path: string, allowed: readonly ('GET' | 'POST')[]): void {
  const allow: HTTPMethods[] = [...allowed, ...(allowed.includes('GET') ? ['HEAD' as const] : [])];
  scope.route({
    method: METHODS.filter((method) => !allow.includes(method)),
    url: path,
    schema: { hide: true },
    handler: async (request) => {
      throw new OAuthError(
        'invalid_request',
        `${path} takes ${allowed.join(' or ')}, not ${request.method}`,
        405,
        { allow: allow.join(', ') },
      );
    },
  });
}
