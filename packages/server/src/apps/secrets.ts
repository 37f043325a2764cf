import { hasValidChecksum, mintChecksummedSecret } from '../core/ids-and-secrets.js';

/**
 * Client secrets (docs/architecture.md#secret-formats): `kws` + 48 random base62 + a base62 CRC-32: 57 chars.
 * Stored only as a keyed hash; the checksum lets scanners and Keyward spot a mangled secret offline.
 */
export const CLIENT_SECRET_PREFIX = 'kws';
const RANDOM_LENGTH = 48;
export const CLIENT_SECRET_HASH_PURPOSE = 'client_secret';

export function mintClientSecret(): string {
  return mintChecksummedSecret(CLIENT_SECRET_PREFIX, RANDOM_LENGTH);
}

export function isKeywardClientSecret(value: string): boolean {
  return hasValidChecksum(value, CLIENT_SECRET_PREFIX, RANDOM_LENGTH);
}

/**
 * An owner may pick a rotation's new secret (docs/wire/csp.md#secret-rotation): 8+ characters, with lower and
 * upper case letters, a digit and a special character. Keyward also caps the length.
 */
export function isAcceptableChosenSecret(value: string): boolean {
  return (
    value.length >= 8 &&
    value.length <= 256 &&
    /[a-z]/.test(value) &&
    /[A-Z]/.test(value) &&
    /[0-9]/.test(value) &&
    /[^A-Za-z0-9]/.test(value) &&
    !/\p{Cc}/u.test(value)
  );
}
