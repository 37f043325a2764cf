import { hasValidChecksum, mintChecksummedSecret } from '../core/ids-and-secrets.js';

/**
 * docs/wire/csp.md#api-token-format: 65 alphanumeric characters, `kwt` + 56 random base62 + a 6-character
 * base62 CRC-32 of the rest. The prefix lets secret scanners find leaked tokens; the checksum lets Keyward and
 * scanners reject a mistyped token without a database lookup.
 */
export const API_TOKEN_PREFIX = 'kwt';
const RANDOM_LENGTH = 56;
export const API_TOKEN_LENGTH = API_TOKEN_PREFIX.length + RANDOM_LENGTH + 6;

/** Purpose label of the keyed hash stored for API tokens. */
export const API_TOKEN_HASH_PURPOSE = 'api_token';

export function mintApiToken(): string {
  return mintChecksummedSecret(API_TOKEN_PREFIX, RANDOM_LENGTH);
}

export function isWellFormedApiToken(value: string): boolean {
  return hasValidChecksum(value, API_TOKEN_PREFIX, RANDOM_LENGTH);
}
