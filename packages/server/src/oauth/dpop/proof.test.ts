import { describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../../core/clock.js';
import { ServerKey } from '../../core/server-key.js';
import { DpopNonces } from './nonces.js';
import { normalizeHtu } from './proof.js';

describe('normalizeHtu (RFC 9449 §4.3 with RFC 3986 §6.2)', () => {
  it('drops query and fragment, and normalises case, default ports, dot segments and percent-escapes', () => {
    const expected = 'https://id.example.com/oauth/token';
    for (const variant of [
      'https://id.example.com/oauth/token?x=1#frag',
      'HTTPS://ID.Example.COM:443/oauth/token',
      'https://id.example.com/oauth/./x/../token',
      'https://id.example.com/%6Fauth/token',
    ]) {
      expect(normalizeHtu(variant), variant).toBe(expected);
    }
    expect(normalizeHtu('https://id.example.com/a%2fb')).toBe('https://id.example.com/a%2Fb');
  });

  it('tells apart what differs: path, port, scheme, host; and refuses what is not a URL', () => {
    const base = normalizeHtu('https://id.example.com/oauth/token');
    for (const other of [
      'https://id.example.com/oauth/token/',
      'https://id.example.com:8443/oauth/token',
      'http://id.example.com/oauth/token',
      'https://id.example.com.evil.test/oauth/token',
    ]) {
      expect(normalizeHtu(other), other).not.toBe(base);
    }
    expect(normalizeHtu('/oauth/token')).toBeUndefined();
  });
});

describe('DpopNonces', () => {
  const serverKey = new ServerKey('test-secret-0123456789-abcdefghijklmnopqrstuvwxyz');

  it('accepts the current and the previous nonce, on any node with the same secret, and no older one', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
    const node1 = new DpopNonces({ serverKey, clock });
    const node2 = new DpopNonces({ serverKey, clock });
    const nonce = node1.current();
    expect(node2.isFresh(nonce)).toBe(true);
    clock.advance(5 * MINUTE);
    expect(node2.current()).not.toBe(nonce);
    expect(node2.isFresh(nonce)).toBe(true);
    clock.advance(5 * MINUTE);
    expect(node2.isFresh(nonce)).toBe(false);
  });

  it('refuses a nonce made with another secret, a made-up one, and none', () => {
    const clock = new ManualClock();
    const other = new DpopNonces({
      serverKey: new ServerKey('another-secret-0123456789-abcdefghijklmnopqrst'),
      clock,
    });
    const nonces = new DpopNonces({ serverKey, clock });
    expect(nonces.isFresh(other.current())).toBe(false);
    expect(nonces.isFresh(`${nonces.current().split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`)).toBe(false);
    expect(nonces.isFresh(undefined)).toBe(false);
  });
});
