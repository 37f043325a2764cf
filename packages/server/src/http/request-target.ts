import type { IncomingMessage } from 'node:http';

/**
 * Fastify's rewriteUrl: a request target whose path starts with several slashes is routed as if it had one. A
 * client configured with a base URL that ends in "/" (`https://id.example.com/`) sends `//csp/gateway/…` or
 * `//api/v1/…`; the empty first segment means nothing here, and collapsing it also keeps a protocol-relative
 * look-alike (`//host/…`) out of every URL built from request.url. Slashes later in the path are left alone.
 * The target as received stays in request.originalUrl: OVH signatures are checked against what the client signed.
 */
export function collapseLeadingSlashes(request: IncomingMessage): string {
  const url = request.url ?? '/';
  return url.startsWith('//') ? url.replace(/^\/{2,}/, '/') : url;
}

/**
 * The URL a client addressed: Keyward's public origin (the issuer, which a proxy in front does not change) and
 * the routed path, without the query. What a DPoP proof's htu names (RFC 9449 §4.3).
 */
export function publicUrlOf(issuer: string, request: { url: string }): string {
  const query = request.url.indexOf('?');
  return `${issuer}${query === -1 ? request.url : request.url.slice(0, query)}`;
}
