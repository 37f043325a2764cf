import { classifyError } from '../../http/errors.js';
import { acceptLenientBodies } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import { isOAuthError, oauthCodeFor } from '../../oauth/errors.js';
import { explainRefusal } from '../refusals.js';
import { sendCspError, sendCspOAuthError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A CSP token endpoint: failures carry RFC 6749 `error`/`error_description` too (docs/wire/csp.md#error-body). */
    oauthErrors?: boolean;
  }
}

/**
 * The CSP dialect's scope: lenient bodies (docs/wire/csp.md#lenient-bodies), errors in CspErrorResponse, and the
 * request id in `csp-request-id`.
 */
export function prepareCspScope(csp: App, bodyLimit: number): void {
  acceptLenientBodies(csp, bodyLimit);
  // A request without a body (and so without a Content-Type) is an empty object to the route's schema.
  csp.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && request.routeOptions.schema?.body !== undefined) request.body = {};
    done();
  });
  csp.setErrorHandler((error, request, reply) => {
    if (isOAuthError(error)) return sendCspOAuthError(reply, error);
    const apiError = explainRefusal(error, request) ?? classifyError(error, request);
    // Token endpoints answer in both families: CspErrorResponse and RFC 6749 (docs/wire/csp.md#error-body).
    const oauth = request.routeOptions.config.oauthErrors
      ? { error: oauthCodeFor(apiError), error_description: apiError.message }
      : {};
    return sendCspError(reply, apiError, oauth);
  });
  csp.addHook('onRequest', (request, reply, done) => {
    reply.header('csp-request-id', request.id);
    done();
  });
}
