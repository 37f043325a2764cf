import { describe, expect, it } from 'vitest';
import { describeRule, normalizeRules, RuleMatcher, rulePath } from './rules.js';
import type { AccessRule } from './store.js';

const matcher = (...rules: [string, string][]) =>
  new RuleMatcher(rules.map(([method, path]) => ({ method, path }) as AccessRule));

describe('RuleMatcher', () => {
  it('grants everything with the four /* rules of every client README', () => {
    const full = matcher(['GET', '/*'], ['POST', '/*'], ['PUT', '/*'], ['DELETE', '/*']);
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      expect(full.allows(method, '/me')).toBe(true);
      expect(full.allows(method, '/domain/zone/example.com/record/42')).toBe(true);
    }
    expect(full.allows('PATCH', '/me')).toBe(false);
  });

  it('does not let an exact rule grant sub-paths (php-ovh #102: GET /ip does not cover /ip/...)', () => {
    const exact = matcher(['GET', '/ip']);
    expect(exact.allows('GET', '/ip')).toBe(true);
    expect(exact.allows('GET', '/ip/192.0.2.0%2F24')).toBe(false);
    expect(exact.allows('GET', '/ipx')).toBe(false);
  });

  it('grants the root and the sub-calls with add_recursive_rules (path and path/*)', () => {
    const recursive = matcher(['GET', '/ip'], ['GET', '/ip/*']);
    expect(recursive.allows('GET', '/ip')).toBe(true);
    expect(recursive.allows('GET', '/ip/192.0.2.0%2F24/reverse')).toBe(true);
  });

  it('lets a trailing * span several segments (acme.sh asks GET /domain/zone/*)', () => {
    const acme = matcher(['GET', '/domain/zone/*'], ['GET', '/domain/zone/*/record']);
    expect(acme.allows('GET', '/domain/zone/example.com/record/1234')).toBe(true);
    expect(acme.allows('GET', '/domain/zone')).toBe(false);
  });

  it('takes * in the middle of a path (/sms/*/jobs, /domain/*/nameServers/update)', () => {
    const middle = matcher(['POST', '/sms/*/jobs'], ['POST', '/domain/*/nameServers/update']);
    expect(middle.allows('POST', '/sms/sms-ab123-1/jobs')).toBe(true);
    expect(middle.allows('POST', '/sms/sms-ab123-1/jobs/5')).toBe(false);
    expect(middle.allows('POST', '/domain/example.com/nameServers/update')).toBe(true);
    expect(middle.allows('GET', '/sms/x/jobs')).toBe(false);
  });

  it('follows the go-ovh comment: /me only /me, /* all calls', () => {
    expect(matcher(['GET', '/me']).allows('GET', '/me')).toBe(true);
    expect(matcher(['GET', '/me']).allows('GET', '/me/api/credential')).toBe(false);
    expect(matcher(['GET', '/*']).allows('GET', '/me/api/credential')).toBe(true);
  });

  it('treats the other regular-expression characters of a rule literally', () => {
    const dotted = matcher(['GET', '/a.b/(x)+']);
    expect(dotted.allows('GET', '/a.b/(x)+')).toBe(true);
    expect(dotted.allows('GET', '/aXb/(x)+')).toBe(false);
    expect(dotted.allows('GET', '/a.b/xx')).toBe(false);
  });
});

describe('rulePath', () => {
  it('strips the version prefix and the query string', () => {
    expect(rulePath('/1.0/me', '/1.0')).toBe('/me');
    expect(rulePath('/v1/me/api/credential?status=validated', '/v1')).toBe('/me/api/credential');
    expect(rulePath('/api/v1/orgs', '/api/v1')).toBe('/orgs');
    expect(rulePath('/1.0', '/1.0')).toBe('/');
    expect(rulePath('/1.0x/me', '/1.0')).toBeNull();
  });

  it('drops a trailing slash, so /orgs/ is /orgs and not /orgs/*', () => {
    expect(rulePath('/api/v1/orgs/', '/api/v1')).toBe('/orgs');
    expect(matcher(['GET', '/orgs/*']).allows('GET', rulePath('/api/v1/orgs/', '/api/v1') ?? '')).toBe(false);
  });

  it('decodes escaped unreserved characters but never an escaped slash', () => {
    expect(rulePath('/1.0/%6De', '/1.0')).toBe('/me');
    expect(rulePath('/1.0/ip/192.0.2.0%2f24', '/1.0')).toBe('/ip/192.0.2.0%2F24');
    // An escaped slash cannot make a segment boundary that a rule ending in /members would accept.
    const path = rulePath('/api/v1/orgs/x%2Fmembers', '/api/v1') ?? '';
    expect(matcher(['GET', '/orgs/*/members']).allows('GET', path)).toBe(false);
  });

  it('refuses dot segments, plain or escaped', () => {
    expect(rulePath('/1.0/me/../domain', '/1.0')).toBeNull();
    expect(rulePath('/1.0/me/%2e%2E/domain', '/1.0')).toBeNull();
    expect(rulePath('/1.0/me/./x', '/1.0')).toBeNull();
  });
});

describe('normalizeRules', () => {
  it('upper-cases methods, removes duplicates and keeps the order', () => {
    const { rules, problems } = normalizeRules([
      { method: 'get', path: '/me' },
      { method: 'GET', path: '/me' },
      { method: 'DELETE', path: '/me/api/application/*' },
    ]);
    expect(problems).toEqual([]);
    expect(rules).toEqual([
      { method: 'GET', path: '/me' },
      { method: 'DELETE', path: '/me/api/application/*' },
    ]);
  });

  it('names each problem: empty list, unknown method, relative path, query string, control characters', () => {
    expect(normalizeRules([]).problems[0]).toMatch(/accessRules is empty/);
    const { problems } = normalizeRules([
      { method: 'PATCH', path: '/me' },
      { method: 'GET', path: 'me' },
      { method: 'GET', path: '/me?x=1' },
      { method: 'GET', path: '/me\n' },
      { method: 'GET', path: `/${'a'.repeat(600)}` },
    ]);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/accessRules\[0\]\.method is "PATCH"; use one of GET, POST, PUT, DELETE/);
    expect(problems[1]).toMatch(/accessRules\[1\]\.path must start with "\/"/);
    expect(problems[2]).toMatch(/accessRules\[2\]/);
    expect(problems[3]).toMatch(/accessRules\[3\]/);
    expect(problems[4]).toMatch(/longer than 512/);
  });
});

describe('describeRule', () => {
  it('says what a rule allows in words', () => {
    expect(describeRule({ method: 'GET', path: '/*' })).toBe('read everything in your account');
    expect(describeRule({ method: 'GET', path: '/me' })).toBe('read /me (this path only)');
    expect(describeRule({ method: 'DELETE', path: '/me/api/application/*' })).toBe(
      'delete everything under /me/api/application/',
    );
    expect(describeRule({ method: 'POST', path: '/sms/*/jobs' })).toBe(
      'create every path matching /sms/*/jobs (* stands for any text)',
    );
  });
});
