import { describe, expect, it } from 'vitest';
import { ServerKey, safeEqual } from './server-key.js';

const key = new ServerKey('test-secret-0123456789-abcdefghijklmnopqrstuvwxyz');

describe('ServerKey', () => {
  it('hashes a secret to the same value forever: stored hashes depend on it', () => {
    // HMAC-SHA-256(HKDF(secret, "keyward/secret-hash/v1"), purpose "\0" value), computed independently.
    expect(key.hashSecret('api_token', 'kwtExample')).toBe('4pUQTytynGMXU3kjSGuKIgzpem-jZ03jqtRYkpKAoQk');
    expect(key.hashSecret('ovh_consumer_key', 'CK123')).toBe('0Lsp91GlpmCj8g4hekzu_UFe37Dvdee-iLiaaND7_hU');
  });

  it('separates purposes: one value hashed for two kinds of credential gives two hashes', () => {
    expect(key.hashSecret('api_token', 'same')).not.toBe(key.hashSecret('client_secret', 'same'));
  });

  it('opens what it sealed only in the same context', () => {
    const sealed = key.encrypt('application secret', 'consumer-app:1');
    expect(key.decrypt(sealed, 'consumer-app:1').toString()).toBe('application secret');
    expect(() => key.decrypt(sealed, 'consumer-app:2')).toThrow();
    expect(() =>
      new ServerKey('test-secret-0123456789-abcdefghijklmnopqrstuvwxyZ').decrypt(sealed, 'consumer-app:1'),
    ).toThrow();
  });

  it('compares strings in constant time, whatever their lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
