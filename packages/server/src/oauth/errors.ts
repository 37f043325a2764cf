import type { FastifyReply } from 'fastify';
import { type ApiError, isApiError } from '../core/errors.js';

/** RFC 6749 §5.2 token-endpoint errors, RFC 6750 §3.1 bearer errors, and the few others Keyward answers. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  // RFC 8707 §2: a resource (or audience) that is unknown, malformed, or not one the grant covers.
  | 'invalid_target'
  | 'invalid_token'
  | 'access_denied'
  | 'temporarily_unavailable'
  | 'server_error'
  // RFC 6749 §4.1.2.1: authorization responses only.
  | 'unsupported_response_type'
  // RFC 9449 §5, §7.1, §8: a DPoP proof that does not pass, and a nonce to send in the next one.
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // RFC 8628 §3.5: a device polling the token endpoint before, or instead of, the user's approval.
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  // OIDC Core §3.1.2.6: answers to prompt=none.
  | 'login_required'
  | 'consent_required'
  | 'interaction_required';

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers?: Record<string, string>,
  ) {
    super(description);
  }
}

/** The OAuth code a management error stands for on a protocol endpoint. */
export function oauthCodeFor(error: ApiError): OAuthErrorCode {
  if (error.code.startsWith('api_token.')) return 'invalid_grant';
  if (error.code === 'auth.invalid_token') return 'invalid_token';
  if (error.code === 'auth.invalid_dpop_proof') return 'invalid_dpop_proof';
  if (error.code === 'auth.use_dpop_nonce') return 'use_dpop_nonce';
  if (error.code === 'auth.required' || error.code === 'auth.invalid_credentials') return 'invalid_client';
  if (error.code === 'auth.forbidden') return 'access_denied';
  if (error.code === 'auth.rate_limited' || error.code === 'server.unavailable')
    return 'temporarily_unavailable';
  if (error.status >= 500) return 'server_error';
  return 'invalid_request';
}

/** RFC 6749 §5.2 body: {error, error_description}, never cached. */
export function sendOAuthError(reply: FastifyReply, error: OAuthError | ApiError): FastifyReply {
  const oauth = isApiError(error)
    ? new OAuthError(oauthCodeFor(error), error.message, error.status, error.headers)
    : error;
  if (oauth.headers) reply.headers(oauth.headers);
  reply.header('cache-control', 'no-store');
  reply.header('pragma', 'no-cache');
  return reply.code(oauth.status).send({ error: oauth.error, error_description: oauth.description });
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
