import type { OAuthErrorCode } from '../errors.js';

/** Error codes an authorization response may carry (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
export type AuthorizationErrorCode = Extract<
  OAuthErrorCode,
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'invalid_scope'
  | 'invalid_target'
  | 'server_error'
  | 'unsupported_response_type'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
>;

/** An error the client learns through its redirect URI (RFC 6749 §4.1.2.1), once that URI is known to be safe. */
export class AuthorizationFailure extends Error {
  override readonly name = 'AuthorizationFailure';
  constructor(
    readonly error: AuthorizationErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Where the browser returns: a redirect URI already matched against the app's registration, and the state. */
export interface ReturnAddress {
  redirectUri: string;
  state: string | null;
}

/**
 * The redirect that ends an authorization, in the query (the only response_mode): `code` or `error` and
 * `error_description`, then `state`, then `iss` on every response (RFC 9207 §2, the mix-up defence).
 * The registered URI is kept byte for byte; its own query, if any, is extended (RFC 6749 §3.1.2).
 */
export function returnUrl(
  issuer: string,
  to: ReturnAddress,
  result: { code: string } | AuthorizationFailure,
): string {
  const params = new URLSearchParams(
    result instanceof AuthorizationFailure
      ? { error: result.error, error_description: result.description }
      : { code: result.code },
  );
  if (to.state !== null) params.set('state', to.state);
  params.set('iss', issuer);
  return `${to.redirectUri}${to.redirectUri.includes('?') ? '&' : '?'}${params.toString()}`;
}
