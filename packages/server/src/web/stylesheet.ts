import { createHash } from 'node:crypto';
import type { App } from '../http/types.js';

/** The one stylesheet of the server pages: phone first, system fonts, no external resource. */
const STYLESHEET = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; display: flex; align-items: flex-start; justify-content: center;
  padding: 1rem; background: #f3f4f6; color: #111827;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main {
  width: 100%; max-width: 28rem; margin-top: 6vh; padding: 1.5rem; background: #fff;
  border: 1px solid #e5e7eb; border-radius: 0.75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08);
}
.brand { margin: 0 0 1rem; font-size: 0.875rem; font-weight: 600; letter-spacing: 0.04em; color: #4b5563; }
h1 { margin: 0 0 0.75rem; font-size: 1.375rem; line-height: 1.3; overflow-wrap: anywhere; }
p { margin: 0 0 0.75rem; overflow-wrap: anywhere; }
.muted { color: #4b5563; font-size: 0.9375rem; }
.alert { padding: 0.75rem; border-radius: 0.5rem; background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; }
ul.scopes { margin: 0 0 1rem; padding-left: 1.25rem; }
ul.scopes li { margin-bottom: 0.375rem; overflow-wrap: anywhere; }
label { display: block; margin: 0.75rem 0 0.25rem; font-weight: 600; }
input[type="email"], input[type="password"], input[type="text"], textarea {
  width: 100%; padding: 0.75rem; font-size: 1rem; border: 1px solid #9ca3af; border-radius: 0.5rem;
}
input:focus, textarea:focus, button:focus { outline: 3px solid #93c5fd; outline-offset: 1px; }
fieldset { border: 0; margin: 0 0 1rem; padding: 0; }
legend { font-weight: 600; margin-bottom: 0.5rem; }
.choice { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; padding: 0.5rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.25rem; }
button {
  flex: 1 1 8rem; min-height: 2.75rem; padding: 0.625rem 1rem; font-size: 1rem; font-weight: 600;
  border-radius: 0.5rem; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer;
}
button.secondary { background: #fff; color: #1f2937; border-color: #9ca3af; }
button.link {
  flex: none; min-height: 1.5rem; padding: 0 0.125rem; border: 0; background: none; color: #1d4ed8;
  font: inherit; font-weight: 600; text-decoration: underline;
}
h2 { margin: 1rem 0 0.5rem; font-size: 1rem; }
.switch-account { margin-top: 1.25rem; padding-top: 0.75rem; border-top: 1px solid #e5e7eb; }
.switch-account p { margin: 0; }
dl { margin: 0 0 1rem; }
dt { font-weight: 600; }
dd { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
.user-code, input.user-code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; letter-spacing: 0.12em;
  text-transform: uppercase;
}
`;

/** Path of the stylesheet, with a content hash so a changed sheet is never served from a stale cache. */
export const STYLESHEET_PATH = `/static/keyward.css?v=${createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12)}`;

export function registerStylesheet(app: App): void {
  app.get('/static/keyward.css', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type('text/css; charset=utf-8').send(STYLESHEET);
  });
}
