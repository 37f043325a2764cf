import { describe, expect, it } from 'vitest';
import { matchRedirectUri, validateRedirectUris } from './redirect-uris.js';

describe('validateRedirectUris', () => {
  it('takes https and loopback http for web apps, refuses plain http and fragments', () => {
    expect(validateRedirectUris('web', ['https://rp.test/cb', 'http://127.0.0.1:3000/cb'])).toHaveLength(2);
    expect(() => validateRedirectUris('web', ['http://rp.test/cb'])).toThrow(/must be https/);
    expect(() => validateRedirectUris('web', ['https://rp.test/cb#x'])).toThrow(/fragment/);
    expect(() => validateRedirectUris('web', ['com.example.app:/cb'])).toThrow(/must be https/);
    expect(() => validateRedirectUris('web', [])).toThrow(/at least one/);
    expect(() => validateRedirectUris('web', ['https://a;b.com/cb'])).toThrow(/characters/);
    expect(() => validateRedirectUris('web', ['https://exämple.test/cb'])).toThrow(/punycode/);
    expect(() => validateRedirectUris('web', ['https://rp.test/a b'])).toThrow(/characters/);
  });

  it('takes loopback, reverse-domain schemes and https for native apps (RFC 8252 §7)', () => {
    expect(
      validateRedirectUris('native', [
        'http://127.0.0.1/cb',
        'http://[::1]/cb',
        'com.example.app:/cb',
        'https://app.example/cb',
      ]),
    ).toHaveLength(4);
    expect(() => validateRedirectUris('native', ['myapp:/cb'])).toThrow(/reverse domain/);
    expect(() => validateRedirectUris('server', ['https://x'])).toThrow(/no redirect URIs/);
  });
});

describe('matchRedirectUri', () => {
  const native = ['http://127.0.0.1/cb', 'http://[::1]/cb', 'com.example.app:/cb'];

  it('matches native loopback URIs on any port, nothing else', () => {
    expect(matchRedirectUri('native', native, 'http://127.0.0.1:53124/cb')).toBe(true);
    expect(matchRedirectUri('native', native, 'http://[::1]:61023/cb')).toBe(true);
    expect(matchRedirectUri('native', native, 'http://127.0.0.1:53124/cb2')).toBe(false);
    expect(matchRedirectUri('native', native, 'http://localhost:53124/cb')).toBe(false);
    expect(matchRedirectUri('native', native, 'http://127.0.0.1:53124/cb?x=1')).toBe(false);
    expect(matchRedirectUri('native', native, 'com.example.app:/cb')).toBe(true);
    expect(matchRedirectUri('native', native, 'com.example.app:/cb2')).toBe(false);
    expect(matchRedirectUri('native', native, 'com.example.app://cb')).toBe(false);
  });

  it('matches web URIs exactly, port and trailing slash included', () => {
    const web = ['https://rp.test/cb', 'http://127.0.0.1:3000/cb'];
    expect(matchRedirectUri('web', web, 'https://rp.test/cb')).toBe(true);
    expect(matchRedirectUri('web', web, 'https://rp.test/cb/')).toBe(false);
    expect(matchRedirectUri('web', web, 'https://RP.test/cb')).toBe(false);
    expect(matchRedirectUri('web', web, 'http://127.0.0.1:3001/cb')).toBe(false);
  });
});
