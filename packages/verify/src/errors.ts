/**
 * Why a request could not be authenticated. `code` is stable (branch on it); `message` says what happened and
 * what to do next, and never contains the token.
 *
 * - `token_missing` (401): no `Authorization: Bearer` (or `DPoP`) and no `csp-auth-token` header.
 * - `request_invalid` (400): a malformed credential header, or two different tokens in one request.
 * - `token_invalid` (401): the token failed a check; `reason` says which.
 * - `keys_unavailable` (503): Keyward's signing keys could not be fetched and no usable copy is left.
 * - `introspection_unavailable` (503): a route marked immediate could not ask Keyward about the token.
 * - `revocations_unavailable` (503): the revocation source refused to answer (it fails closed).
 * - `signature_invalid` (its `status`, 400–429): Keyward refused an OVH-signed request; `keywardCode` says why and
 *   `ovh` is the OVH-shaped body to answer with.
 * - `signed_check_unavailable` (503): Keyward could not be asked about an OVH-signed request.
 * - `body_too_large` (413): an OVH-signed request's body is larger than Keyward checks.
 */
export type VerifyErrorCode =
  | 'token_missing'
  | 'request_invalid'
  | 'token_invalid'
  | 'keys_unavailable'
  | 'introspection_unavailable'
  | 'revocations_unavailable'
  | 'signature_invalid'
  | 'signed_check_unavailable'
  | 'body_too_large';

/** Which check an invalid token failed. */
export type InvalidTokenReason =
  | 'malformed'
  | 'typ'
  | 'alg'
  | 'unknown_key'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  | 'claims'
  | 'dpop_required'
  | 'dpop_not_bound'
  | 'dpop_proof'
  | 'dpop_replayed'
  | 'revoked'
  | 'inactive';

const STATUS: Record<VerifyErrorCode, number> = {
  token_missing: 401,
  request_invalid: 400,
  token_invalid: 401,
  keys_unavailable: 503,
  introspection_unavailable: 503,
  revocations_unavailable: 503,
  signature_invalid: 401,
  signed_check_unavailable: 503,
  body_too_large: 413,
};

/** A verification failure: rendered as 400/401/503 by the guards (see render.ts). */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  readonly status: number;
  /** For `signature_invalid`: Keyward's error code (`consumer_key.invalid_signature`…). */
  readonly keywardCode: string | undefined;
  /** For `signature_invalid`: the OVH-shaped error body Keyward made (`{class, message, errorCode, httpCode}`). */
  readonly ovh: Record<string, unknown> | undefined;
  /** When the caller should retry (a rate limit), in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: VerifyErrorCode,
    message: string,
    /** For `token_invalid`: the check that failed. */
    readonly reason?: InvalidTokenReason,
    options?: {
      cause?: unknown;
      status?: number;
      keywardCode?: string | undefined;
      ovh?: Record<string, unknown> | undefined;
      retryAfterSeconds?: number | undefined;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status ?? STATUS[code];
    this.keywardCode = options?.keywardCode;
    this.ovh = options?.ovh;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export function invalidToken(reason: InvalidTokenReason, message: string, cause?: unknown): VerifyError {
  return new VerifyError('token_invalid', message, reason, cause === undefined ? undefined : { cause });
}

export function isVerifyError(value: unknown): value is VerifyError {
  return value instanceof VerifyError;
}

/** A short, printable description of any thrown value, for messages and events. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
