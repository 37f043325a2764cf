import type { FastifyRequest } from 'fastify';
import type { OAuthApp } from '../../apps/store.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import { PageError } from '../../http/page-error.js';
import type { App } from '../../http/types.js';
import { type PushedRequestDeps, pushRequest } from '../authorize/pushed.js';
import { readAuthorizationRequest } from '../authorize/request.js';
import type { ClientAuthenticator } from '../clients.js';
import { OAuthError } from '../errors.js';
import { refuseOtherMethods } from './methods.js';

/** What the pushed authorization request endpoint uses. */
export interface PushedAuthorizationEndpointDeps extends PushedRequestDeps {
  clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
  discovery: { native: DiscoveryRegistry };
}

/** Client authentication parameters: they authenticate the push and are no part of the request pushed. */
const CLIENT_AUTHENTICATION = new Set(['client_secret']);

/**
 * RFC 9126 pushed authorization requests: authenticateClient → checkGrantType → readParameters →
 * readAuthorizationRequest (as /oauth/authorize would, errors as JSON) → pushRequest → 201 with request_uri.
 * Confidential clients authenticate as at the token endpoint; a native (public) app sends its client_id.
 */
export function registerPushedAuthorizationEndpoint(app: App, c: PushedAuthorizationEndpointDeps): void {
  c.discovery.native.endpoint('pushed_authorization_request_endpoint', '/oauth/par');
  // Per app (requirePar), not for the whole server (RFC 9126 §5).
  c.discovery.native.set('require_pushed_authorization_requests', false);
  // Only PAR's own request_uri: no request objects (RFC 9101), by value or by reference.
  c.discovery.native.set('request_parameter_supported', false);
  c.discovery.native.set('request_uri_parameter_supported', false);

  app.post('/oauth/par', { schema: { hide: true } }, async (request, reply) => {
    const { app: client } = await c.clientAuth.authenticate(request);
    if (!client.grantTypes.includes('authorization_code')) {
      throw new OAuthError(
        'unauthorized_client',
        `app ${client.id} may not use the authorization code grant`,
      );
    }
    const read = await readPushed(c, pushedParameters(request, client));
    const pushed = await pushRequest(c, read.app, read.request);
    reply.header('pragma', 'no-cache');
    return reply.code(201).send({ request_uri: pushed.requestUri, expires_in: pushed.expiresIn });
  });
  refuseOtherMethods(app, '/oauth/par', ['POST']);
}

/**
 * The authorization parameters of the pushed form body (RFC 9126 §2.1), without the client's secret; its
 * client_id is the authenticated client's. A request_uri cannot itself be pushed, and request objects are
 * not supported.
 */
function pushedParameters(request: FastifyRequest, client: OAuthApp): [string, string][] {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (CLIENT_AUTHENTICATION.has(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (typeof item !== 'string') {
        throw new OAuthError('invalid_request', `${name.slice(0, 40)} must be a string (send a form body)`);
      }
      entries.push([name, item]);
    }
  }
  const names = new Set(entries.map(([name]) => name));
  if (names.has('request_uri')) {
    throw new OAuthError('invalid_request', 'request_uri cannot be pushed; push the parameters themselves');
  }
  if (names.has('request')) {
    throw new OAuthError(
      'invalid_request',
      'request objects (RFC 9101) are not supported; push the parameters',
    );
  }
  if (!names.has('client_id')) entries.push(['client_id', client.id]);
  else if (entries.some(([name, value]) => name === 'client_id' && value !== client.id)) {
    throw new OAuthError('invalid_request', 'client_id differs from the authenticated client');
  }
  return entries;
}

/** The request as /oauth/authorize would read it, each refusal an OAuth error in the body (RFC 9126 §2.3). */
async function readPushed(c: PushedAuthorizationEndpointDeps, entries: [string, string][]) {
  try {
    const read = await readAuthorizationRequest(c, entries, 'native', { pushed: true });
    if (read.kind === 'invalid') throw new OAuthError(read.failure.error, read.failure.description);
    return read;
  } catch (error) {
    // What the browser would see as a page (a repeated parameter, an unregistered redirect URI).
    if (error instanceof PageError) throw new OAuthError('invalid_request', error.message);
    throw error;
  }
}
