import { ApiError } from '../core/errors.js';
import type { AppType } from './store.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Checks the redirect URIs an app registers (RFC 9700 §2.6, RFC 8252 §7, §8.4):
 * web apps use https (or http on a loopback address, for development); native apps use a loopback http URI, a
 * private-use scheme in reverse-domain form (`com.example.app:/cb`), or a claimed https URI; never a fragment.
 * `required`: at least one (an app that signs users in through a browser needs somewhere to send them back).
 */
export function validateRedirectUris(
  type: AppType,
  uris: readonly string[],
  field = 'redirectUris',
  required = field === 'redirectUris',
): string[] {
  if (type === 'server') {
    if (uris.length > 0) throw invalid(`${field}: a server-to-server app has no redirect URIs`);
    return [];
  }
  for (const uri of uris) {
    // RFC 3986: printable ASCII only (internationalised hosts in punycode), so the URI is safe in a Location
    // header and a Content-Security-Policy source as registered.
    if (!/^[\x21-\x7e]+$/.test(uri) || /[<>"'\\;{}|^`]/.test(uri)) {
      throw invalid(
        `${field}: "${uri.slice(0, 200)}" has characters a URI may not carry (use punycode and %-escapes)`,
      );
    }
    const url = parse(uri);
    if (!url) throw invalid(`${field}: "${uri}" is not an absolute URI`);
    if (url.hash || uri.includes('#'))
      throw invalid(`${field}: "${uri}" has a fragment, which OAuth forbids`);
    if (url.protocol === 'https:') continue;
    if (isLoopbackHttp(url)) continue;
    if (type === 'native' && /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && url.protocol !== 'http:') {
      // RFC 8252 §7.1: private-use schemes are reverse-domain names, so they carry a dot.
      if (!url.protocol.slice(0, -1).includes('.')) {
        throw invalid(
          `${field}: "${uri}" uses the scheme ${url.protocol} which is not a reverse domain name (e.g. com.example.app:/cb)`,
        );
      }
      continue;
    }
    throw invalid(
      `${field}: "${uri}" must be https${type === 'native' ? ', a loopback http URI or a private-use scheme' : ' (http only on 127.0.0.1, [::1] or localhost)'}`,
    );
  }
  if (uris.length === 0 && required) {
    throw invalid(`${field}: a ${type} app needs at least one redirect URI`);
  }
  return [...new Set(uris)];
}

/**
 * Whether `requested` is one of the registered URIs: exact string comparison (RFC 9700 §2.1), except that a
 * native app's loopback URI matches on any port (RFC 8252 §7.3; tanzu-cli registers http://127.0.0.1/callback).
 */
export function matchRedirectUri(type: AppType, registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  if (type !== 'native') return false;
  const asked = parse(requested);
  if (!asked || !isLoopbackHttp(asked)) return false;
  return registered.some((uri) => {
    const known = parse(uri);
    return (
      known !== undefined &&
      isLoopbackHttp(known) &&
      known.hostname === asked.hostname &&
      known.pathname === asked.pathname &&
      known.search === asked.search &&
      known.username === asked.username &&
      known.password === asked.password
    );
  });
}

function invalid(message: string): ApiError {
  return new ApiError('app.invalid', message);
}
