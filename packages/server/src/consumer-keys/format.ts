import { randomInt } from 'node:crypto';
import { randomBase62 } from '../core/ids-and-secrets.js';

/**
 * OVH credential formats (docs/wire/ovh.md#key-formats): application key (AK, public) 16, app secret (AS)
 * 32, consumer key (CK) 32, validation token 64 characters, all alphanumeric. Clients treat them as opaque
 * strings, so Keyward adds no prefix or checksum that OVH's own keys do not have.
 */
export const APP_KEY_LENGTH = 16;
export const APP_SECRET_LENGTH = 32;
export const CONSUMER_KEY_LENGTH = 32;
export const VALIDATION_TOKEN_LENGTH = 64;

/** Purpose labels of the keyed hashes stored for consumer keys and validation tokens. */
export const CONSUMER_KEY_HASH_PURPOSE = 'ovh_consumer_key';
export const VALIDATION_TOKEN_HASH_PURPOSE = 'ovh_validation_token';

/** Encryption context of an application secret: binds the ciphertext to its row. */
export const appSecretContext = (appId: number) => `consumer-app:${appId}`;

export const mintAppKey = () => randomBase62(APP_KEY_LENGTH);
export const mintAppSecret = () => randomBase62(APP_SECRET_LENGTH);
export const mintConsumerKey = () => randomBase62(CONSUMER_KEY_LENGTH);
export const mintValidationToken = () => randomBase62(VALIDATION_TOKEN_LENGTH);

/**
 * OVH ids are numbers (`long applicationId`, `credentialId`). Random rather than sequential, so an id says
 * nothing about how many others exist; 7 to 13 digits, well inside JavaScript's safe integers.
 */
export function newNumericId(): number {
  return randomInt(1_000_000, 2 ** 40);
}

const ALPHANUMERIC = /^[0-9A-Za-z]+$/;

/** Whether `value` could be a key of `length` characters; anything else is refused before a lookup. */
export function isWellFormedKey(value: string, length: number): boolean {
  return value.length === length && ALPHANUMERIC.test(value);
}
