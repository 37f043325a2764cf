import type { FastifyReply } from 'fastify';
import { html, type SafeHtml } from './html.js';
import { STYLESHEET_PATH } from './stylesheet.js';

export { PageError } from '../http/page-error.js';

/** A complete HTML5 document around `body`: one stylesheet, same-origin, and nothing else loaded. */
export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} - Keyward</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
<p class="brand">Keyward</p>
${body}
</main>
</body>
</html>
`;
}

export function errorPage(title: string, message: string): SafeHtml {
  return layout(title, html`<h1>${title}</h1><p class="alert" role="alert">${message}</p>`);
}

/**
 * The Content-Security-Policy of a server page (ASVS 3.4.3, RFC 9700 §4.16): nothing but the same-origin
 * stylesheet, no script at all, no framing, no <base>. Forms post to this origin; a form whose answer is a
 * 303 to the app must also list the app's redirect origin, since browsers apply form-action to redirects.
 */
export function pageSecurityPolicy(formTargets: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action ${["'self'", ...formTargets].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** A CSP source for where a redirect URI leads: its origin, or `scheme:` for a private-use scheme. */
export function formTargetOf(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const source = url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : url.protocol;
  // Only plain characters reach the header: a `;` or a space would start another directive.
  return source !== undefined && /^[a-z][a-z0-9+.-]*:(\/\/[A-Za-z0-9.:[\]-]+)?$/.test(source)
    ? source
    : undefined;
}

/** Sends a page with the headers every server page carries: its CSP, no framing, no caching, no Referer. */
export function sendPage(
  reply: FastifyReply,
  page: SafeHtml,
  options: { status?: number; formTargets?: readonly string[] } = {},
): FastifyReply {
  reply.header('content-security-policy', pageSecurityPolicy(options.formTargets));
  reply.header('x-frame-options', 'DENY');
  reply.header('cache-control', 'no-store');
  reply.header('pragma', 'no-cache');
  reply.header('referrer-policy', 'no-referrer');
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(page.text);
}
