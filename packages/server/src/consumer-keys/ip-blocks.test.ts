import { describe, expect, it } from 'vitest';
import { IpAllowList, normalizeIpBlocks } from './ip-blocks.js';

describe('normalizeIpBlocks', () => {
  it('writes addresses and blocks as address/prefix, IPv4 and IPv6, without duplicates', () => {
    expect(
      normalizeIpBlocks(['127.0.0.1/32', '127.0.0.2', '2001:DB8::/32', ' 10.0.0.0/8 ', '127.0.0.2/32']),
    ).toEqual({
      blocks: ['127.0.0.1/32', '127.0.0.2/32', '2001:db8::/32', '10.0.0.0/8'],
      problems: [],
    });
  });

  it('names every block it cannot read', () => {
    const { problems } = normalizeIpBlocks([
      '10.0.0.0/33',
      'example.com',
      '1.2.3.4/8/9',
      '::1/129',
      '1.2.3.4/x',
    ]);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/allowedIPs\[0\] is "10.0.0.0\/33"/);
  });
});

describe('IpAllowList', () => {
  it('allows any address without a list, and only listed blocks with one', () => {
    expect(new IpAllowList(null).allows('198.51.100.7')).toBe(true);
    const list = new IpAllowList(['203.0.113.0/24', '2001:db8::/32']);
    expect(list.allows('203.0.113.77')).toBe(true);
    expect(list.allows('203.0.114.1')).toBe(false);
    expect(list.allows('2001:db8::1')).toBe(true);
    expect(list.allows('2001:db9::1')).toBe(false);
    expect(list.allows('not an address')).toBe(false);
  });

  it('matches IPv4 clients of a dual-stack listener (::ffff:a.b.c.d) as IPv4', () => {
    expect(new IpAllowList(['127.0.0.1/32']).allows('::ffff:127.0.0.1')).toBe(true);
  });

  it('allows nothing with an empty list', () => {
    expect(new IpAllowList([]).allows('127.0.0.1')).toBe(false);
  });
});
