import { describe, expect, it } from 'vitest';
import {
  base62Uint32,
  hasValidChecksum,
  mintChecksummedSecret,
  newTimeOrderedId,
  randomBase62,
} from './ids-and-secrets.js';

describe('randomBase62', () => {
  it('draws every character of the alphabet with no obvious bias', () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62 * 400)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(count).toBeGreaterThan(250); // expected 400 each
  });
});

describe('checksummed secrets', () => {
  it('validates what it mints and rejects any one-character change', () => {
    const secret = mintChecksummedSecret('kwt', 56);
    expect(secret).toHaveLength(65);
    expect(hasValidChecksum(secret, 'kwt', 56)).toBe(true);
    for (let i = 3; i < secret.length; i++) {
      const flipped = secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
      expect(hasValidChecksum(flipped, 'kwt', 56)).toBe(false);
    }
    expect(hasValidChecksum(secret.slice(1), 'kwt', 56)).toBe(false);
    expect(hasValidChecksum(`${secret}x`, 'kwt', 56)).toBe(false);
    expect(hasValidChecksum(secret.replace('kwt', 'kwx'), 'kwt', 56)).toBe(false);
  });

  it('encodes the CRC in exactly 6 base62 characters', () => {
    expect(base62Uint32(0)).toBe('000000');
    expect(base62Uint32(0xffffffff)).toBe('4gfFC3');
  });
});

describe('newTimeOrderedId', () => {
  it('is a UUIDv7 whose order follows creation, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newTimeOrderedId(1_700_000_000_000));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newTimeOrderedId(1_700_000_000_500) > (ids.at(-1) ?? '')).toBe(true);
  });
});
