import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ApiError, ApiErrorCode } from '../../core/errors.js';

/** The error codes and exact messages the official clients know (docs/wire/ovh.md#verification). */
const OVH_ERRORS: Partial<Record<ApiErrorCode, { errorCode: string; message: string }>> = {
  'consumer_key.invalid_application': {
    errorCode: 'INVALID_KEY',
    message: 'This application key is invalid',
  },
  'auth.required': { errorCode: 'NOT_AUTHENTICATED', message: 'You must login first' },
  'consumer_key.unknown': { errorCode: 'NOT_CREDENTIAL', message: 'This credential does not exist' },
  'consumer_key.invalid_signature': { errorCode: 'INVALID_SIGNATURE', message: 'Invalid signature' },
  'consumer_key.not_valid': { errorCode: 'INVALID_CREDENTIAL', message: 'This credential is not valid' },
  'consumer_key.not_granted': { errorCode: 'NOT_GRANTED_CALL', message: 'This call has not been granted' },
  'auth.forbidden': { errorCode: 'FORBIDDEN', message: '' },
};

export interface OvhErrorBody {
  class: string;
  message: string;
  errorCode: string;
  httpCode: string;
  /** String values only: go-ovh decodes details as map[string]string. */
  details?: Record<string, string>;
}

/**
 * An ApiError in the OVH shape: both formats the real API has used, merged (`class` + `message` read by go and
 * node, `errorCode` + `httpCode` read by python), with the exact OVH messages for the authentication failures
 * and Keyward's explanation in `details.reason`.
 */
export function ovhErrorBody(error: ApiError, requestId: string): OvhErrorBody {
  const known = OVH_ERRORS[error.code];
  const statusText = STATUS_CODES[error.status] ?? 'Error';
  const family = error.status >= 500 ? 'Server' : 'Client';
  const details: Record<string, string> = { code: error.code, requestId };
  for (const [key, value] of Object.entries(error.details ?? {})) {
    if (typeof value === 'string') details[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') details[key] = String(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      details[key] = value.join('; ');
  }
  // When the fixed OVH message replaces Keyward's, keep Keyward's explanation too.
  const message = known?.message || error.message;
  if (message !== error.message && details.reason === undefined) details.reason = error.message;
  return {
    class: `${family}::${statusText.replace(/[^A-Za-z]/g, '')}`,
    message,
    errorCode: known?.errorCode ?? error.code.replace(/\./g, '_').toUpperCase(),
    httpCode: `${error.status} ${statusText}`,
    details,
  };
}

/** OVH's X-Ovh-QueryId (region.host.hex-time.n.uuid on the real API): here `KW.<hex seconds>.<request id>`. */
export function ovhQueryId(requestId: string, nowMs: number): string {
  return `KW.${Math.floor(nowMs / 1000).toString(16)}.${requestId}`;
}

export function sendOvhError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  // Set by the dialect's hook, except for a request refused before routing (a malformed URL).
  if (!reply.hasHeader('x-ovh-queryid'))
    reply.header('x-ovh-queryid', ovhQueryId(reply.request.id, Date.now()));
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(ovhErrorBody(error, reply.request.id)));
}
