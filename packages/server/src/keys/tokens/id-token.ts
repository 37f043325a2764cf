import { acrOf } from '../../identity/factors/assurance.js';
import type { User } from '../../identity/users/store.js';
import type { KeyRing } from '../../keys/service.js';

export interface IdTokenRequest {
  user: User;
  clientId: string;
  orgId: string;
  ttlSeconds: number;
  nonce?: string | undefined;
  authTime?: number | undefined;
  /** RFC 8176 methods of the sign-in behind the token; with them come `amr` and `acr` (OIDC Core §2). */
  amr?: readonly string[] | undefined;
  /** The OIDC scopes granted: `profile` and `email` claims only when granted. Absent: every claim (CSP). */
  scopes?: readonly string[] | undefined;
}

/** Splits a display name into OIDC given_name / family_name (first word, the rest). */
export function splitName(name: string): { given_name: string; family_name: string } {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  return space === -1
    ? { given_name: trimmed, family_name: '' }
    : { given_name: trimmed.slice(0, space), family_name: trimmed.slice(space + 1).trim() };
}

/**
 * The user's claims as userinfo and the ID token give them (OIDC Core §5.1, plus CSP's). With `scopes`, only
 * what they grant (OIDC Core §5.4): name claims with `profile`; the e-mail address, and CSP's account names
 * that are that address, with `email`. Without, every claim, as CSP's userinfo and API-token ID tokens have them.
 */
export function userClaims(
  user: User,
  orgId: string | null,
  issuer: string,
  scopes?: readonly string[],
): Record<string, unknown> {
  const profile = scopes === undefined || scopes.includes('profile');
  const email = scopes === undefined || scopes.includes('email');
  return {
    sub: user.id,
    ...(email ? { email: user.email, email_verified: user.emailVerified } : {}),
    ...(profile ? { name: user.name, ...splitName(user.name) } : {}),
    ...(email ? { acct: user.email, username: user.email } : {}),
    domain: new URL(issuer).hostname,
    ...(orgId ? { context_name: orgId } : {}),
  };
}

/** An OpenID Connect ID token (OIDC Core §2) for `clientId`, signed like access tokens but typed JWT. */
export function issueIdToken(keys: KeyRing, issuer: string, nowMs: number, request: IdTokenRequest): string {
  const iat = Math.floor(nowMs / 1000);
  return keys.signJwt(
    {
      iss: issuer,
      aud: request.clientId,
      azp: request.clientId,
      iat,
      exp: iat + request.ttlSeconds,
      auth_time: request.authTime ?? iat,
      ...(request.amr ? { amr: request.amr, acr: acrOf(request.amr) } : {}),
      ...(request.nonce ? { nonce: request.nonce } : {}),
      ...userClaims(request.user, request.orgId, issuer, request.scopes),
    },
    'JWT',
  );
}
