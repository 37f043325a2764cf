import type { FastifyReply } from 'fastify';
import type { ApiError } from '../../core/errors.js';
import type { OAuthError } from '../../oauth/errors.js';

/**
 * CSP's error body (docs/wire/csp.md#error-body): {cspErrorCode, errorCode, message, moduleCode, requestId,
 * statusCode}. `moduleCode` 340 is the value seen on real IAM errors; the dotted Keyward code travels in both
 * code fields so a client can still tell errors apart.
 */
export function sendCspError(
  reply: FastifyReply,
  error: ApiError,
  extra: Record<string, unknown> = {},
): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply.code(error.status).send({
    cspErrorCode: error.code,
    errorCode: error.code,
    message: error.message,
    moduleCode: 340,
    requestId: reply.request.id,
    statusCode: error.status,
    ...extra,
  });
}

/** An OAuth error on a CSP token endpoint: CspErrorResponse carrying the RFC 6749 code, plus error/error_description. */
export function sendCspOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  reply.header('cache-control', 'no-store');
  return reply.code(error.status).send({
    cspErrorCode: error.error,
    errorCode: error.error,
    message: error.description,
    moduleCode: 340,
    requestId: reply.request.id,
    statusCode: error.status,
    error: error.error,
    error_description: error.description,
  });
}
