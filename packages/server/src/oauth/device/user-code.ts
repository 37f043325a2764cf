import { randomInt } from 'node:crypto';

/**
 * RFC 8628 §6.1: consonants only — no vowels, so no word can be spelled, and no letter that passes for a digit
 * or another letter in most fonts. 20 letters, 8 of them: 20^8 ≈ 2.6 × 10^10 codes (about 34 bits), enough
 * with the rate limit on entering them (§5.1).
 */
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const LENGTH = 8;

/** A new user code in its canonical form: 8 letters of ALPHABET, drawn uniformly with the CSPRNG. */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** As shown to people: two groups of four, `BDFG-HJKL` (RFC 8628 §6.1: easier to read and to type). */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, in canonical form: case ignored, separators and spaces dropped (RFC 8628 §6.1). Undefined
 * when it cannot be a user code at all (wrong length or a letter the alphabet lacks), so it costs no lookup.
 */
export function normalizeUserCode(typed: string): string | undefined {
  if (typed.length > 64) return undefined;
  const code = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  if (code.length !== LENGTH) return undefined;
  for (const letter of code) if (!ALPHABET.includes(letter)) return undefined;
  return code;
}
