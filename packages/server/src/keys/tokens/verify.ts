import type { KeyRing } from '../../keys/service.js';
import type { CredentialRef } from './access-token.js';

/** The claims of a Keyward access token that passed every check. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope: string;
  context_name: string;
  perms: string[];
  cred: CredentialRef;
  aud: string | string[];
  acct?: string;
  username?: string;
  /** RFC 9449 §6.1: the thumbprint of the DPoP key the token is bound to. */
  cnf?: { jkt: string };
}

/** Seconds of clock difference between nodes tolerated on iat (never on exp). */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Verifies a Keyward access token (RFC 9068 §4): our signature, `typ` at+jwt, our issuer, not expired, and the
 * claims Keyward relies on present and well typed. Whether its credential is still live is checked apart.
 */
export async function verifyAccessToken(
  keys: KeyRing,
  issuer: string,
  nowMs: number,
  token: string,
): Promise<AccessTokenClaims | undefined> {
  const verified = await keys.verifyJwt(token);
  if (verified?.header.typ !== 'at+jwt') return undefined;
  const claims = verified.payload;
  const now = Math.floor(nowMs / 1000);
  if (claims.iss !== issuer) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
  if (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_SKEW_SECONDS) return undefined;
  if (typeof claims.sub !== 'string' || typeof claims.context_name !== 'string') return undefined;
  if (typeof claims.jti !== 'string' || typeof claims.client_id !== 'string') return undefined;
  if (!Array.isArray(claims.perms) || !claims.perms.every((perm) => typeof perm === 'string'))
    return undefined;
  const cred = claims.cred as Partial<CredentialRef> | undefined;
  if (!cred || typeof cred.type !== 'string' || typeof cred.id !== 'string') return undefined;
  // A confirmation Keyward cannot check would make a bound token usable as a bearer one: refuse it.
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  if (cnf !== undefined && (typeof cnf !== 'object' || cnf === null || typeof cnf.jkt !== 'string'))
    return undefined;
  return claims as unknown as AccessTokenClaims;
}
