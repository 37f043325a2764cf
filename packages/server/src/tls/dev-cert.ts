// A self-signed X.509 v3 certificate (RFC 5280) for HTTPS on a developer's machine, built with node:crypto
// and the DER encoder next to this file: no OpenSSL command line, no third-party library.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  objectIdentifier,
  octetString,
  readChildren,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** What a certificate made without options covers, and for how long. */
export const DEV_CERT_DEFAULTS = { hosts: ['localhost'], ips: ['127.0.0.1', '::1'], days: 825 } as const;

export interface DevCertificateOptions {
  /** DNS names (subjectAltName dNSName); default `localhost`. */
  hosts?: readonly string[];
  /** IPv4 / IPv6 addresses (subjectAltName iPAddress); default 127.0.0.1 and ::1. */
  ips?: readonly string[];
  /** Days of validity from `now`; default 825. */
  days?: number;
  now?: Date;
}

export interface DevCertificate {
  certPem: string;
  keyPem: string;
}

/** Creates a self-signed ECDSA P-256 server certificate and its PKCS#8 private key, both PEM. */
export function createDevCertificate(options: DevCertificateOptions = {}): DevCertificate {
  const hosts = [...new Set((options.hosts ?? DEV_CERT_DEFAULTS.hosts).map((host) => host.toLowerCase()))];
  const ips = [...new Set(options.ips ?? DEV_CERT_DEFAULTS.ips)];
  const days = options.days ?? DEV_CERT_DEFAULTS.days;
  if (!Number.isInteger(days) || days < 1) {
    throw new TypeError(`days must be a whole number above 0, not ${days}`);
  }
  if (hosts.length + ips.length === 0)
    throw new TypeError('a certificate needs a host name or an IP address');
  const names = [...hosts.map(dnsName), ...ips.map(ipAddress)];
  const now = options.now ?? new Date();

  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 5758 §3.2: ecdsa-with-SHA256 has no parameters field at all (not even NULL).
  const signatureAlgorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  // Issuer = subject: self-signed (RFC 5280 §3.2). One attribute per RDN, most significant first.
  const name = sequence(
    set(sequence(objectIdentifier(OID.organization), utf8String('Keyward'))),
    set(sequence(objectIdentifier(OID.commonName), utf8String('Keyward development certificate'))),
  );
  const tbsCertificate = sequence(
    explicit(0, integer(2)), // RFC 5280 §4.1.2.1: version v3 is the value 2
    integer(serialNumber()),
    signatureAlgorithm, // §4.1.2.3: the same algorithm as signatureAlgorithm below
    name,
    // §4.1.2.5: an hour of slack before now, for clients whose clock is a little behind.
    sequence(time(new Date(now.getTime() - 3600_000)), time(new Date(now.getTime() + days * 86_400_000))),
    name,
    spki,
    explicit(3, sequence(...extensions(names, keyIdentifier(spki)))),
  );
  // X.509 wants the DER Ecdsa-Sig-Value (RFC 5480 §2.2 / RFC 3279 §2.2.3), node's default dsaEncoding.
  const signature = sign('sha256', tbsCertificate, privateKey);
  const certificate = sequence(tbsCertificate, signatureAlgorithm, bitString(signature));
  return {
    certPem: pem('CERTIFICATE', certificate),
    keyPem: pem('PRIVATE KEY', privateKey.export({ type: 'pkcs8', format: 'der' })),
  };
}

function extensions(names: Buffer[], keyId: Buffer): Buffer[] {
  return [
    // §4.2.1.9: an end-entity certificate (cA FALSE, the DEFAULT, so the SEQUENCE is empty). Clients trust
    // it directly as a self-signed anchor (node's `ca`, NODE_EXTRA_CA_CERTS, curl --cacert); Firefox refuses a
    // CA certificate used as a server's (MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY) but takes an exception
    // for this one.
    extension(OID.basicConstraints, true, sequence()),
    // §4.2.1.3: digitalSignature (bit 0) for the TLS handshake; it signs no certificates.
    // X.690 §11.2.2: trailing zero bits are dropped, so one bit in one octet with 7 unused bits.
    extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
    extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))), // §4.2.1.12
    // §4.2.1.6: clients match the host against these, not the CN; non-critical because the subject is not empty.
    extension(OID.subjectAltName, false, sequence(...names)),
    extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
    // §4.2.1.1: optional when self-signed, but every dev certificate has the same name; the key id tells
    // a verifier which of several trusted ones (say, before and after --force) signed this one.
    extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, keyId))),
  ];
}

/** §4.2: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  // X.690 §11.5: DER leaves out a field that equals its DEFAULT, so `critical` is written only when TRUE.
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value, without its unused-bits octet. */
function keyIdentifier(spki: Buffer): Buffer {
  const subjectPublicKey = readChildren(spki)[1];
  if (subjectPublicKey?.identifier !== 0x03) throw new TypeError('unexpected SubjectPublicKeyInfo');
  return createHash('sha1').update(subjectPublicKey.contents.subarray(1)).digest();
}

/** §4.1.2.2: positive, at most 20 octets; 126 random bits, the top bits fixed so it is always 16 octets. */
function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return serial;
}

/** §4.2.1.6: dNSName [2] IA5String in the preferred name syntax (RFC 1034 §3.5), a leading "*." allowed. */
function dnsName(host: string): Buffer {
  if (isIP(host)) throw new TypeError(`${host} is an IP address: list it among the IP addresses (--ip)`);
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  if (host.length > 253 || !new RegExp(`^(?:\\*\\.)?(?:${label}\\.)*${label}$`).test(host)) {
    throw new TypeError(`"${host}" is not a DNS name (write internationalized names in their xn-- form)`);
  }
  return implicit(2, Buffer.from(host, 'ascii'));
}

/** §4.2.1.6: iPAddress [7] OCTET STRING holding the address in network order, 4 or 16 octets. */
function ipAddress(address: string): Buffer {
  const version = isIP(address);
  if (version === 4) return implicit(7, Buffer.from(address.split('.').map(Number)));
  if (version !== 6 || address.includes('%')) {
    throw new TypeError(`"${address}" is not an IPv4 or IPv6 address (without a %zone)`);
  }
  // RFC 4291 §2.2: one "::" stands for a run of zero groups; the last 32 bits may be written as IPv4.
  const groups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [a * 256 + b, c * 256 + d];
        });
  const [head = '', tail] = address.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = Buffer.alloc(16);
  for (const [index, group] of all.entries()) bytes.writeUInt16BE(group, index * 2);
  return implicit(7, bytes);
}

/** RFC 7468 §2: base64 in lines of 64 characters between BEGIN and END lines. */
function pem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
