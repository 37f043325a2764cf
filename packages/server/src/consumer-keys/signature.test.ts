import { describe, expect, it } from 'vitest';
import { candidateUrls, ovhSignature, signatureMatches } from './signature.js';

// The published vectors of go-ovh ovh/ovh_test.go and python-ovh tests/test_client.py.
const GO = {
  applicationSecret: '9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk',
  consumerKey: '5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY',
  timestamp: '1457018875',
};

describe('ovhSignature', () => {
  it.each([
    ['GET', 'https://eu.api.ovh.com/1.0/auth', '', '$1$e9556054b6309771395efa467c22e627407461ad'],
    [
      'POST',
      'https://eu.api.ovh.com/1.0/auth',
      '{"a":"b","c":"d"}',
      '$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1',
    ],
    [
      'PUT',
      'https://eu.api.ovh.com/1.0/auth',
      '{"a":"b","c":"d"}',
      '$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b',
    ],
    ['DELETE', 'https://eu.api.ovh.com/1.0/auth', '', '$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85'],
    ['GET', 'https://eu.api.ovh.com/1.0/call', '', '$1$7f2db49253edfc41891023fcd1a54cf61db05fbb'],
    ['GET', 'https://eu.api.ovh.com/v1/call', '', '$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad'],
    ['GET', 'https://eu.api.ovh.com/v2/call', '', '$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285'],
  ])('matches the go/python vector for %s %s %s', (method, url, body, expected) => {
    expect(ovhSignature({ ...GO, method, url, body })).toBe(expected);
    expect(ovhSignature({ ...GO, method, url, body: Buffer.from(body) })).toBe(expected);
  });

  // Recorded from npm `ovh` 2.0.3 and python-ovh against a local listener.
  const RECORDED = { applicationSecret: 'AS', consumerKey: 'CK123' };
  it('matches what the node client sent: https, host without port', () => {
    const timestamp = '1795238292';
    expect(
      ovhSignature({ ...RECORDED, timestamp, method: 'GET', url: 'https://127.0.0.1/1.0/me', body: '' }),
    ).toBe('$1$93cb4993edddd5c44da5fa14ce6f2a58a10e6a61');
    expect(
      ovhSignature({
        ...RECORDED,
        timestamp,
        method: 'GET',
        url: 'https://127.0.0.1/1.0/domain/zone/example.com/record?fieldType=TXT&subDomain=a%20b&flag=true',
        body: '',
      }),
    ).toBe('$1$ff99944e313fd9098ea6cd980001b9a669f7a2a7');
    // The node client escapes non-ASCII as \uXXXX; the signature covers those bytes (31 of them).
    const body = Buffer.from('{"target":"\\u00e9\\"x","ttl":60}');
    expect(body.length).toBe(31);
    expect(
      ovhSignature({
        ...RECORDED,
        timestamp,
        method: 'POST',
        url: 'https://127.0.0.1/1.0/domain/zone/x/record',
        body,
      }),
    ).toBe('$1$5137231243d00692151e927fa143a41d3f9e7217');
  });

  it('matches what the python client sent: scheme and port as configured, + for spaces', () => {
    const timestamp = '1795238367';
    expect(
      ovhSignature({ ...RECORDED, timestamp, method: 'GET', url: 'http://127.0.0.1:8080/1.0/me', body: '' }),
    ).toBe('$1$c5290a7dc8ae92b469d7cf9fbf4e7c6a82f3264d');
    expect(
      ovhSignature({
        ...RECORDED,
        timestamp,
        method: 'GET',
        url: 'http://127.0.0.1:8080/1.0/domain/zone/example.com/record?fieldType=TXT&subDomain=a+b&flag=true',
        body: '',
      }),
    ).toBe('$1$dd5748fdd8c229d413180079089e276f51c3eb83');
  });
});

describe('candidateUrls', () => {
  it('covers python/go (as configured), node (https, no port) and the public origin', () => {
    expect(
      candidateUrls({
        scheme: 'http',
        host: '127.0.0.1:8080',
        target: '/1.0/me',
        publicOrigin: 'https://id.example.com',
      }),
    ).toEqual([
      'http://127.0.0.1:8080/1.0/me',
      'https://127.0.0.1:8080/1.0/me',
      'https://127.0.0.1/1.0/me',
      'https://id.example.com/1.0/me',
    ]);
    expect(
      candidateUrls({
        scheme: 'https',
        host: '[::1]:8443',
        target: '/v1/me?x=1',
        publicOrigin: 'https://[::1]:8443',
      }),
    ).toEqual(['https://[::1]:8443/v1/me?x=1', 'https://[::1]/v1/me?x=1']);
  });
});

describe('signatureMatches', () => {
  const parts = { ...GO, method: 'GET', body: Buffer.alloc(0) };
  const urls = ['http://127.0.0.1:8080/1.0/auth', 'https://eu.api.ovh.com/1.0/auth'];
  it('accepts a signature made over any candidate URL, in either hex case', () => {
    expect(signatureMatches('$1$e9556054b6309771395efa467c22e627407461ad', parts, urls)).toBe(true);
    expect(signatureMatches('$1$E9556054B6309771395EFA467C22E627407461AD', parts, urls)).toBe(true);
  });
  it('refuses another URL, method, body, timestamp, a malformed value or a truncated one', () => {
    const good = '$1$e9556054b6309771395efa467c22e627407461ad';
    expect(signatureMatches(good, parts, ['https://eu.api.ovh.com/1.0/auth?'])).toBe(false);
    expect(signatureMatches(good, { ...parts, method: 'DELETE' }, urls)).toBe(false);
    expect(signatureMatches(good, { ...parts, body: Buffer.from(' ') }, urls)).toBe(false);
    expect(signatureMatches(good, { ...parts, timestamp: '1457018876' }, urls)).toBe(false);
    expect(signatureMatches(good.slice(3), parts, urls)).toBe(false);
    expect(signatureMatches(good.slice(0, -1), parts, urls)).toBe(false);
    expect(signatureMatches(`$2$${good.slice(3)}`, parts, urls)).toBe(false);
  });
});
