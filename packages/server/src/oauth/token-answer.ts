import type { TokenResult } from './token-result.js';

/** How a token answer is spelled: RFC 6749 §5.1 (`/oauth/token`), or CSP's (docs/wire/csp.md#token-answer). */
export type TokenSpelling = 'oauth' | 'csp';

/**
 * The JSON body of a successful token answer, the one place it is spelled. RFC 6749 §5.1 leaves out the tokens
 * not issued and, for a token exchange, names what was issued (RFC 8693 §2.2.1). CSP always sends its six
 * keys, null for a token not issued, and spells a bearer token `bearer`; a DPoP-bound one (RFC 9449) is `DPoP`
 * in both.
 */
export function tokenAnswer(
  result: TokenResult,
  spelling: TokenSpelling,
  issuedTokenType?: string,
): Record<string, string | number | null> {
  if (spelling === 'csp') {
    return {
      access_token: result.accessToken,
      token_type: result.tokenType === 'DPoP' ? 'DPoP' : 'bearer',
      expires_in: result.expiresIn,
      scope: result.scope,
      id_token: result.idToken,
      refresh_token: result.refreshToken,
    };
  }
  return {
    access_token: result.accessToken,
    token_type: result.tokenType,
    expires_in: result.expiresIn,
    scope: result.scope,
    ...(issuedTokenType === undefined ? {} : { issued_token_type: issuedTokenType }),
    ...(result.refreshToken ? { refresh_token: result.refreshToken } : {}),
    ...(result.idToken ? { id_token: result.idToken } : {}),
  };
}
