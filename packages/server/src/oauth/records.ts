// What the OAuth provider keeps between requests: authorization requests and their interactions, grant
// families and the codes and refresh tokens they issue, consents. store.ts persists them.
import type { ScopeSet } from '../core/scopes.js';

/** A requested or consented scope: OpenID Connect scopes, and Keyward roles/permissions. */
export interface GrantScope {
  /** `openid`, `email`, `profile`, `offline_access`. */
  oidc: string[];
  roles: ScopeSet;
  /**
   * The resources (RFC 8707) the authorization was for: its tokens are each for one of them and carry only
   * that service's roles. Absent or empty: no restriction, tokens for Keyward's own API.
   */
  resources?: string[];
}

/** A browser authorization in progress, bound to the browser that started it. */
export interface Interaction {
  id: string;
  bindingHash: string;
  appId: string;
  request: AuthorizationRequest;
  userId: string | null;
  orgId: string | null;
  createdAt: number;
  expiresAt: number;
  completedAt: number | null;
}

/** A validated authorization request (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** Whether redirect_uri was sent; RFC 6749 §4.1.3 then requires it again at the token endpoint. */
  redirectUriSent: boolean;
  state: string | null;
  nonce: string | null;
  scope: GrantScope;
  codeChallenge: string | null;
  prompt: string[];
  orgId: string | null;
}

/**
 * One authorization of an app by a user in an org: the code, the refresh tokens rotated from it and the access
 * tokens they minted all belong to it. Revoking the family ends them all (reuse detection, consent revocation).
 */
export interface GrantFamily {
  id: string;
  appId: string;
  userId: string;
  orgId: string;
  scope: GrantScope;
  authTime: number;
  /** RFC 8176 methods the user signed in with; absent for grants made before they were recorded. */
  amr?: string[];
  createdAt: number;
  /** Absolute end of the grant: no refresh token of it lives past this (ASVS 10.4.8). */
  expiresAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
}

export interface AuthorizationCode {
  codeHash: string;
  familyId: string;
  redirectUri: string;
  codeChallenge: string | null;
  nonce: string | null;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}

export interface RefreshToken {
  id: string;
  tokenHash: string;
  familyId: string;
  createdAt: number;
  rotatedAt: number | null;
  /** The DPoP key (RFC 7638 thumbprint) a public client must prove to use it (RFC 9449 §5), or null. */
  dpopJkt: string | null;
}

export interface Consent {
  userId: string;
  appId: string;
  orgId: string;
  scope: GrantScope;
  createdAt: number;
  updatedAt: number;
}
