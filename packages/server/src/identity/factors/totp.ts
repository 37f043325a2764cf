import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 with the parameters every authenticator app supports: HMAC-SHA-1, 6 digits, 30-second steps, and a
 * 160-bit secret (RFC 4226 §4 recommends 160 bits).
 */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes of the step before and after the current one are accepted too: clocks drift (RFC 6238 §5.2). */
const WINDOW_STEPS = 1;

/** A new TOTP secret, base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI a QR code carries (the Key Uri Format authenticator apps read). */
export function totpUri(secret: string, account: string, issuer: string): string {
  return totpOf(secret, account, issuer).toString();
}

/**
 * The time step `code` belongs to when it is a valid code of `secret` at `now` (within one step either side),
 * else null. The caller records the step so the same code cannot be used twice.
 */
export function totpStepOf(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now }) + delta;
}

/** The code of `secret` at `at` (tests and the first-code check of enrolment use it). */
export function totpCodeAt(secret: string, at: number): string {
  return totpOf(secret).generate({ timestamp: at });
}

/** Whether a typed code looks like a TOTP code (six digits, spaces allowed) rather than a recovery code. */
export function looksLikeTotpCode(typed: string): boolean {
  return /^\d{6}$/.test(typed.replace(/\s+/g, ''));
}

function totpOf(secret: string, account = 'keyward', issuer = 'Keyward'): TOTP {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}
