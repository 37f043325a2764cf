import { MAX_JWT_TTL_SECONDS } from '../config/load.js';
import { MINUTE, SECOND } from '../core/clock.js';
import type { NewRevocation, RevocationTarget } from './store.js';

/**
 * How long an entry that refuses whole credentials is kept: past the longest access-token lifetime Keyward
 * issues, plus the verifiers' clock leeway, so it outlives every token minted before the revocation.
 */
export const KEEP_REVOCATION_MS = MAX_JWT_TTL_SECONDS * SECOND + 5 * MINUTE;

/**
 * An entry refusing the access tokens `target` minted up to `now`; tokens minted after (a reactivated API
 * token, an app added back to the org) are good again.
 */
export function revocationOf(target: RevocationTarget, now: number, reason: string): NewRevocation {
  return { target, issuedBefore: now, keepUntil: now + KEEP_REVOCATION_MS, reason, revokedAt: now };
}

/** An entry refusing one access token (RFC 7009), kept until it expires. */
export function accessTokenRevocation(jti: string, expiresAt: number, now: number): NewRevocation {
  return {
    target: { kind: 'token', jti },
    keepUntil: expiresAt + 5 * MINUTE,
    reason: 'access token revoked',
    revokedAt: now,
  };
}
