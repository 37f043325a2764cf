import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createDevCertificate } from './dev-cert.js';

describe('createDevCertificate', () => {
  it('makes a self-signed P-256 end-entity certificate for localhost, 127.0.0.1 and ::1', () => {
    const { certPem, keyPem } = createDevCertificate({});
    const x509 = new X509Certificate(certPem);
    expect(x509.subject).toBe('O=Keyward\nCN=Keyward development certificate');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkHost('example.com')).toBeUndefined();
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // node reports the extended key usage here
    expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(x509.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(x509.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/); // 16 octets, positive
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    for (const line of certPem.trim().split('\n')) expect(line.length).toBeLessThanOrEqual(64);
  });

  it('is valid from an hour before now for the given number of days', () => {
    const now = new Date('2030-05-01T12:00:00.500Z');
    const x509 = new X509Certificate(createDevCertificate({ now, days: 30 }).certPem);
    expect(new Date(x509.validFrom).toISOString()).toBe('2030-05-01T11:00:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2030-05-31T12:00:00.000Z');
    const byDefault = new X509Certificate(createDevCertificate({ now }).certPem);
    expect(new Date(byDefault.validTo).toISOString()).toBe('2032-08-03T12:00:00.000Z'); // 825 days
  });

  it('crosses from UTCTime to GeneralizedTime in 2050', () => {
    const now = new Date('2049-12-01T00:00:00Z');
    const x509 = new X509Certificate(createDevCertificate({ now, days: 365 }).certPem);
    expect(new Date(x509.validFrom).toISOString()).toBe('2049-11-30T23:00:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2050-12-01T00:00:00.000Z');
  });

  it('covers the given names and addresses instead of the defaults', () => {
    const x509 = new X509Certificate(
      createDevCertificate({
        hosts: ['Keyward.Test', '*.apps.keyward.test'],
        ips: ['10.1.2.3', '2001:db8::7', '::ffff:192.0.2.1'],
      }).certPem,
    );
    expect(x509.checkHost('keyward.test')).toBe('keyward.test');
    expect(x509.checkHost('console.apps.keyward.test')).toBe('*.apps.keyward.test'); // the name that matched
    expect(x509.checkHost('localhost')).toBeUndefined();
    expect(x509.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(x509.checkIP('2001:db8:0:0:0:0:0:7')).toBe('2001:db8:0:0:0:0:0:7');
    expect(x509.checkIP('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(x509.checkIP('127.0.0.1')).toBeUndefined();
  });

  it('refuses names and addresses it cannot encode, saying what is wrong', () => {
    expect(() => createDevCertificate({ hosts: ['192.168.1.5'] })).toThrow(/is an IP address/);
    expect(() => createDevCertificate({ hosts: ['bad_name.test'] })).toThrow(/not a DNS name/);
    expect(() => createDevCertificate({ hosts: ['bücher.test'] })).toThrow(/xn--/);
    expect(() => createDevCertificate({ ips: ['300.1.1.1'] })).toThrow(/not an IPv4 or IPv6 address/);
    expect(() => createDevCertificate({ ips: ['fe80::1%eth0'] })).toThrow(/zone/);
    expect(() => createDevCertificate({ days: 0 })).toThrow(TypeError);
    expect(() => createDevCertificate({ hosts: [], ips: [] })).toThrow(TypeError);
  });

  it('gives each certificate a fresh key and serial number', () => {
    const first = new X509Certificate(createDevCertificate({}).certPem);
    const second = new X509Certificate(createDevCertificate({}).certPem);
    expect(first.serialNumber).not.toBe(second.serialNumber);
    expect(first.fingerprint256).not.toBe(second.fingerprint256);
  });
});

describe('a TLS handshake with the certificate as the only trusted CA', () => {
  it('succeeds for https://127.0.0.1 and https://localhost, and fails without the CA', async () => {
    const { certPem, keyPem } = createDevCertificate({});
    const server = createServer({ cert: certPem, key: keyPem }, (_request, response) =>
      response.end('hello'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // family 4: `localhost` may resolve to ::1 first, and the server listens on 127.0.0.1 only.
    const fetchBody = (url: string, ca?: string) =>
      new Promise<string>((resolve, reject) => {
        get(url, { ca, family: 4 }, (response) => {
          let body = '';
          response.on('data', (chunk) => {
            body += chunk;
          });
          response.on('end', () => resolve(body));
        }).on('error', reject);
      });
    try {
      expect(await fetchBody(`https://127.0.0.1:${port}/`, certPem)).toBe('hello');
      expect(await fetchBody(`https://localhost:${port}/`, certPem)).toBe('hello');
      await expect(fetchBody(`https://127.0.0.1:${port}/`)).rejects.toMatchObject({
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
