import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, isApiError } from '../core/errors.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

// Connection-level failures of either database: the request may succeed if retried shortly.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'SQLITE_BUSY',
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001',
  '08003',
  '08006',
  '53300', // too_many_connections
]);

/** Turns whatever a handler or Fastify threw into an ApiError; anything unexpected becomes server.internal. */
export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) {
    return new ApiError(
      'server.unavailable',
      'the database is not reachable right now; retry shortly',
      undefined,
      {
        'retry-after': '5',
      },
    );
  }
  // PostgreSQL refuses text with U+0000 (22021). The edge refuses it first (nul-characters.ts); should one
  // still get through, it is the request's text, not a fault of ours.
  if (code === '22021') {
    return new ApiError(
      'request.nul_character',
      'a text value of the request contains a NUL character (U+0000); remove it',
    );
  }
  const fastifyError = error as Partial<FastifyError> & {
    validation?: ValidationIssue[];
    validationContext?: string;
  };
  if (fastifyError.validation) {
    const where = fastifyError.validationContext ?? 'body';
    const issues = fastifyError.validation.map((issue) => describeIssue(where, issue));
    return new ApiError('request.invalid', `the request is not valid: ${issues.slice(0, 5).join('; ')}`, {
      issues,
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'request.unsupported_media_type',
        'this endpoint takes Content-Type: application/json',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('request.too_large', 'the request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('request.malformed_body', 'the Content-Type is JSON but the body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('request.malformed_body', 'the body is not valid JSON');
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new ApiError('request.malformed_body', 'the body could not be parsed; send valid JSON');
  }
  if (fastifyError.statusCode === 404) return new ApiError('route.not_found', 'no such endpoint');
  if (fastifyError.statusCode === 413)
    return new ApiError('request.too_large', 'the request body is too large');
  if (fastifyError.statusCode === 415) {
    return new ApiError('request.unsupported_media_type', 'this Content-Type is not accepted here');
  }
  // A plugin's own client error, e.g. the documentation's static files refusing a path that climbs out of their
  // folder (403): a request for something that is not served, never a fault of ours.
  if (fastifyError.statusCode === 403 || fastifyError.statusCode === 410) {
    return new ApiError('route.not_found', 'no such endpoint or file');
  }
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode > 400 &&
    fastifyError.statusCode < 500
  ) {
    return new ApiError('request.invalid', 'the request cannot be served as sent');
  }
  return new ApiError(
    'server.internal',
    'something went wrong on our side; the request id is in the server log',
  );
}

/** Node's "aborted" error of a request whose client went away before the body was complete. */
function isClientAbort(error: unknown, request: FastifyRequest): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' && request.raw.readableAborted;
}

function describeIssue(where: string, issue: ValidationIssue): string {
  const path = issue.instancePath ? issue.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
  const extra = issue.params?.additionalProperty ? ` "${String(issue.params.additionalProperty)}"` : '';
  const field = issue.params?.missingProperty ? ` "${String(issue.params.missingProperty)}"` : '';
  return `${where}${path ? ` ${path}` : ''} ${issue.message ?? 'is invalid'}${extra}${field}`.trim();
}

/**
 * Logs server faults with their stack (client faults need no stack) and returns the ApiError to render. A
 * client that hung up while its body was still arriving is told apart from a lost database connection first:
 * Node reports both as ECONNRESET.
 */
export function classifyError(error: unknown, request: FastifyRequest): ApiError {
  if (isClientAbort(error, request)) {
    request.log.info('the client closed the connection before its request was complete');
    return new ApiError(
      'request.aborted',
      'the connection closed before the whole request arrived; send it again',
    );
  }
  const apiError = toApiError(error);
  if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
  return apiError;
}

/** The management API's error body: {code, message, details?, requestId}. */
export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  return reply.code(error.status).send({
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    requestId: reply.request.id,
  });
}
