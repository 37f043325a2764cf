import { randomInt } from 'node:crypto';

/** How many codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUP = 5;

/** Ten fresh recovery codes, `xxxxx-xxxxx` (50 bits each from the CSPRNG); shown once, stored hashed. */
export function mintRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: GROUP * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, GROUP)}-${chars.slice(GROUP)}`;
  });
}

/**
 * A typed recovery code in its stored spelling, or null when it cannot be one: case, spaces and dashes do not
 * matter, and the letters people confuse with digits are read as Crockford's base32 reads them.
 */
export function normalizeRecoveryCode(typed: string): string | null {
  const compact = typed
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  if (compact.length !== GROUP * 2 || [...compact].some((c) => !ALPHABET.includes(c))) return null;
  return `${compact.slice(0, GROUP)}-${compact.slice(GROUP)}`;
}
