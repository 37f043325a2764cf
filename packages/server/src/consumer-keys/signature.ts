import { createHash, timingSafeEqual } from 'node:crypto';

/** What an OVH client hashes (docs/wire/ovh.md#signature): `AS+CK+METHOD+URL+BODY+TIMESTAMP`, joined by +. */
export interface SignedParts {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  /** The raw body bytes as received, or the exact string sent; empty when there is none. */
  body: Buffer | string;
  timestamp: string;
}

const PLUS = Buffer.from('+');

/** `"$1$" + lowercase hex SHA-1` of the signed parts, as every official client computes it. */
export function ovhSignature(parts: SignedParts): string {
  return `$1$${digest(parts).toString('hex')}`;
}

function digest(parts: SignedParts): Buffer {
  const hash = createHash('sha1');
  hash.update(parts.applicationSecret, 'utf8');
  hash.update(PLUS);
  hash.update(parts.consumerKey, 'utf8');
  hash.update(PLUS);
  hash.update(parts.method, 'utf8');
  hash.update(PLUS);
  hash.update(parts.url, 'utf8');
  hash.update(PLUS);
  // Hash the bytes received, never a re-serialized JSON (docs/wire/ovh.md#body-bytes).
  hash.update(parts.body);
  hash.update(PLUS);
  hash.update(parts.timestamp, 'utf8');
  return hash.digest();
}

/** Where the request arrived, for rebuilding the URL the client signed. */
export interface ArrivedAt {
  /** `http` or `https`, as this server (or a trusted proxy) saw it. */
  scheme: string;
  /** The Host header, with its port if any. */
  host: string;
  /** The request target exactly as received: path and query, still percent-encoded. */
  target: string;
  /** The configured public origin (KEYWARD_ISSUER), e.g. `https://id.example.com`. */
  publicOrigin: string;
}

/**
 * The URLs an official client may have signed (docs/wire/ovh.md#signed-url-forms): python and go sign the
 * endpoint they were given (`scheme://host:port`), node always signs `https://` + host without its port, and a
 * client configured with the public name signs that. Duplicates are removed.
 */
export function candidateUrls({ scheme, host, target, publicOrigin }: ArrivedAt): string[] {
  const candidates = [
    `${scheme}://${host}${target}`,
    `https://${host}${target}`,
    `https://${hostWithoutPort(host)}${target}`,
    `${publicOrigin}${target}`,
  ];
  return [...new Set(candidates)];
}

function hostWithoutPort(host: string): string {
  // [::1]:8443 → [::1]; example.com:8443 → example.com; a bare IPv6 literal keeps its brackets.
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

const SIGNATURE = /^\$1\$[0-9a-fA-F]{40}$/;

/**
 * Whether `presented` signs the request under any candidate URL. Each comparison is constant-time; the number
 * of candidates is fixed, so the time taken says nothing about which (if any) matched.
 */
export function signatureMatches(
  presented: string,
  parts: Omit<SignedParts, 'url'>,
  urls: readonly string[],
): boolean {
  if (!SIGNATURE.test(presented)) return false;
  const expected = Buffer.from(presented.slice(3).toLowerCase(), 'hex');
  let matched = false;
  for (const url of urls) {
    // No early exit: every candidate is hashed and compared.
    if (timingSafeEqual(digest({ ...parts, url }), expected)) matched = true;
  }
  return matched;
}
