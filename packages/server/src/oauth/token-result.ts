import type { Holdings } from '../core/scopes.js';

/** What a user's grant holds now: its roles and permissions, its OIDC scopes, and both as a `scope` string. */
export interface GrantNow {
  /** Roles and permissions, for the target's service alone when there is one. */
  granted: Holdings;
  /** The OIDC scopes of the grant (ID token, refresh token, userinfo). */
  oidc: string[];
  /**
   * The `scope` of the token and of the answer: OIDC scopes, then CSP-style perms (docs/wire/csp.md#perms),
   * space-separated; for a target, its perms alone (the OIDC scopes are of no use to another service).
   */
  scope: string;
  /** The target's URI: the token's only `aud` (RFC 8707). */
  audience: string | undefined;
}

/** What the token endpoint answers, before a dialect shapes it. */
export interface TokenResult {
  accessToken: string;
  /** `DPoP` when the access token is bound to the key of the request's DPoP proof (RFC 9449 §5). */
  tokenType: 'Bearer' | 'DPoP';
  expiresIn: number;
  scope: string;
  refreshToken: string | null;
  idToken: string | null;
}

/**
 * The single-use credential a grant's tokens are issued for, used up in the transaction that stores them: an
 * authorization code (by its hash), a refresh token (by its id), an approved device authorization.
 */
export type Redemption =
  | { kind: 'authorization_code'; codeHash: string }
  | { kind: 'refresh_token'; id: string }
  | { kind: 'device_code'; id: string };

/** `token_type` of a token bound, or not, to a DPoP key. */
export function tokenTypeOf(dpopJkt: string | undefined | null): TokenResult['tokenType'] {
  return dpopJkt ? 'DPoP' : 'Bearer';
}
