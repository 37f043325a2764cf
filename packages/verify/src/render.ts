import type { Dialect } from './credentials.js';
import { VerifyError } from './errors.js';
import { ASYMMETRIC_ALGORITHMS } from './key-set.js';
import type { Denial } from './requirements.js';

/** An HTTP answer for a refused request, ready for any framework. */
export interface RenderedRefusal {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface RenderOptions {
  dialect: Dialect;
  /** `realm` of the challenge. */
  realm: string;
  /** For CSP's `requestId` and `csp-request-id`; a random id when absent. */
  requestId?: string;
}

/** Seconds a client should wait before retrying when Keyward cannot be reached. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The answer to a failed verification or a denial.
 * - `bearer` (RFC 6750 §3): `WWW-Authenticate: Bearer realm=…` alone when no token was sent; `error="invalid_request"`
 *   400, `error="invalid_token"` 401, `error="insufficient_scope"` with `scope="…"` 403; body
 *   `{error, error_description}` (`error: "unauthorized"` when no token was sent).
 * - `dpop` (RFC 9449 §7.1), and any refusal of a DPoP-bound token: the same, challenged with
 *   `WWW-Authenticate: DPoP realm=…, algs="…"`; a bad or replayed proof is `error="invalid_dpop_proof"`.
 * - `csp`: the same status and challenge, and CSP's body `{cspErrorCode, errorCode, message, moduleCode,
 *   requestId, statusCode}` with Keyward's codes (`auth.required`, `auth.invalid_token`, `auth.forbidden`,
 *   `request.invalid`, `server.unavailable`), plus `csp-request-id`.
 * Keyward being unreachable is a 503 with `Retry-After`, not a challenge: a new token would not help.
 */
export function renderRefusal(failure: VerifyError | Denial, options: RenderOptions): RenderedRefusal {
  const shape = failure instanceof VerifyError ? shapeOfError(failure) : shapeOfDenial(failure);
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  const retryAfter = failure instanceof VerifyError ? failure.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  else if (shape.status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  if (options.dialect === 'ovh') return { status: shape.status, headers, body: ovhBody(failure, shape) };
  const dpop =
    options.dialect === 'dpop' ||
    (failure instanceof VerifyError && failure.reason !== undefined && failure.reason.startsWith('dpop_'));
  if (shape.status !== 503) headers['www-authenticate'] = challenge(options.realm, shape, dpop);
  if (options.dialect === 'csp') {
    const requestId = options.requestId ?? crypto.randomUUID();
    headers['csp-request-id'] = requestId;
    return {
      status: shape.status,
      headers,
      body: {
        cspErrorCode: shape.cspCode,
        errorCode: shape.cspCode,
        message: shape.message,
        moduleCode: 340,
        requestId,
        statusCode: shape.status,
      },
    };
  }
  return {
    status: shape.status,
    headers,
    body: {
      error: shape.error ?? 'unauthorized',
      error_description: shape.message,
      ...(shape.scope.length > 0 ? { scope: shape.scope.join(' ') } : {}),
    },
  };
}

interface Shape {
  status: number;
  /** RFC 6750 (or RFC 9449) error code for the challenge; none when no token was sent (§3.1). */
  error:
    | 'invalid_request'
    | 'invalid_token'
    | 'invalid_dpop_proof'
    | 'insufficient_scope'
    | 'temporarily_unavailable'
    | undefined;
  cspCode: string;
  message: string;
  scope: string[];
}

function shapeOfError(error: VerifyError): Shape {
  const base = { message: error.message, scope: [] };
  switch (error.code) {
    case 'signature_invalid':
      return { ...base, status: error.status, error: 'invalid_token', cspCode: 'auth.invalid_token' };
    case 'body_too_large':
      return { ...base, status: 413, error: 'invalid_request', cspCode: 'request.too_large' };
    case 'token_missing':
      return { ...base, status: 401, error: undefined, cspCode: 'auth.required' };
    case 'request_invalid':
      return { ...base, status: 400, error: 'invalid_request', cspCode: 'request.invalid' };
    case 'token_invalid': {
      const proof = error.reason === 'dpop_proof' || error.reason === 'dpop_replayed';
      return {
        ...base,
        status: 401,
        error: proof ? 'invalid_dpop_proof' : 'invalid_token',
        cspCode: proof ? 'auth.invalid_dpop_proof' : 'auth.invalid_token',
      };
    }
    default:
      return { ...base, status: 503, error: 'temporarily_unavailable', cspCode: 'server.unavailable' };
  }
}

function shapeOfDenial(denial: Denial): Shape {
  return {
    status: 403,
    error: 'insufficient_scope',
    cspCode: 'auth.forbidden',
    message: denial.message,
    scope: denial.scope,
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/**
 * The OVH API's error shape (`class` + `message` for the go and node clients, `errorCode` + `httpCode` for
 * python): Keyward's own body for refused signatures, `NOT_GRANTED_CALL` for a call outside the key's rules,
 * `FORBIDDEN` for other requirements, with the explanation in `details.reason`.
 */
function ovhBody(failure: VerifyError | Denial, shape: Shape): Record<string, unknown> {
  if (failure instanceof VerifyError && failure.ovh !== undefined) return failure.ovh;
  const text = STATUS_TEXT[shape.status] ?? 'Error';
  const base = {
    class: `${shape.status >= 500 ? 'Server' : 'Client'}::${text.replace(/[^A-Za-z]/g, '')}`,
    httpCode: `${shape.status} ${text}`,
  };
  if (failure instanceof VerifyError) {
    const errorCode = failure.code === 'token_missing' ? 'NOT_AUTHENTICATED' : failure.code.toUpperCase();
    return { ...base, message: failure.message, errorCode };
  }
  if (failure.rule === 'request_rule') {
    return {
      ...base,
      message: 'This call has not been granted',
      errorCode: 'NOT_GRANTED_CALL',
      details: { reason: failure.message, missingRule: failure.missing.join('; ') },
    };
  }
  return { ...base, message: failure.message, errorCode: 'FORBIDDEN', details: { reason: failure.message } };
}

/**
 * RFC 6750 §3 challenge, or RFC 9449 §7.1's DPoP one with the proof algorithms accepted; attribute values
 * limited to the characters §3 allows (no `"` or `\`).
 */
function challenge(realm: string, shape: Shape, dpop: boolean): string {
  const parts = dpop
    ? [`DPoP realm="${quotable(realm)}"`, `algs="${[...ASYMMETRIC_ALGORITHMS].join(' ')}"`]
    : [`Bearer realm="${quotable(realm)}"`];
  if (shape.error !== undefined) {
    parts.push(`error="${shape.error}"`, `error_description="${quotable(shape.message).slice(0, 300)}"`);
    if (shape.scope.length > 0) parts.push(`scope="${quotable(shape.scope.join(' '))}"`);
  }
  return parts.join(', ');
}

/** %x20-21 / %x23-5B / %x5D-7E (RFC 6750 §3): printable ASCII without `"` and `\`. */
function quotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
}
