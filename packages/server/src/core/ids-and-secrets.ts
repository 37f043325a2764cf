import { randomBytes, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` characters drawn uniformly from [0-9A-Za-z] with a CSPRNG (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(Math.ceil((length - out.length) * 1.3) + 8)) {
      // 248 = 62 * 4: bytes at or above it would bias the first characters.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Base62 of an unsigned 32-bit integer, left-padded to 6 characters (62^6 > 2^32). */
export function base62Uint32(value: number): string {
  let n = value >>> 0;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/**
 * A secret with a checksum, GitHub-style: `prefix + random + base62(crc32(prefix + random))`.
 * A typo or a secret scanner can check it offline, without a database lookup.
 */
export function mintChecksummedSecret(prefix: string, randomLength: number): string {
  const body = prefix + randomBase62(randomLength);
  return body + base62Uint32(crc32(body));
}

/** True when `value` has the shape `prefix + randomLength base62 + 6-char checksum` and the checksum matches. */
export function hasValidChecksum(value: string, prefix: string, randomLength: number): boolean {
  if (value.length !== prefix.length + randomLength + 6 || !value.startsWith(prefix)) return false;
  if (!/^[0-9A-Za-z]+$/.test(value)) return false;
  const body = value.slice(0, -6);
  return base62Uint32(crc32(body)) === value.slice(-6);
}

/** A random UUID (v4) for orgs, users and other public identifiers. */
export function newId(): string {
  return randomUUID();
}

// Monotonic state for newTimeOrderedId: ids made in one process sort in the order they were made, even within
// one millisecond (RFC 9562 §6.2, method 1: a 12-bit counter in rand_a, seeded randomly each new millisecond).
let lastMs = -1;
let counter = 0;

/** A UUIDv7 (RFC 9562): time-ordered, so rows sort by creation when sorted by id. */
export function newTimeOrderedId(nowMs: number): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff; // leave headroom before the 12-bit counter overflows
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const bytes = randomBytes(16);
  const ms = BigInt(lastMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * When a token whose `jti` is a UUIDv7 was issued, to the millisecond: the time its id carries, when that falls
 * in the second its `iat` names; else the start of that second. Revocations compare it with their own time, so a
 * token minted in the same second just after a revocation (a new secret used at once) is not refused with the
 * tokens minted before.
 */
export function issuedAtMs(jti: string, iat: number): number {
  const second = iat * 1000;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(jti)) return second;
  const ms = Number.parseInt(jti.slice(0, 8) + jti.slice(9, 13), 16);
  return ms >= second && ms < second + 1000 ? ms : second;
}

/** 256 bits from the CSPRNG, base64url: session ids, CSRF seeds, one-time codes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
