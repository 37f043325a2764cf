import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../http/types.js';
import { errorPage, sendPage } from './page.js';

/** Where the console is served. Its files come from the console package's build (`vite build`). */
export const CONSOLE_PATH = '/console/';

/** packages/console/dist, beside this package (the same from src/ under the tests and from dist/ when built). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

/** Hashed file names never change content, so browsers may keep them for a year without asking again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The console's own policy: its scripts and styles from this origin only (Mantine sets inline style attributes
 * and one style element for its CSS variables, hence 'unsafe-inline' for styles, never for scripts), API calls
 * to this origin only, no framing.
 */
const CONSOLE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

interface ConsoleFile {
  body: Buffer;
  /** Whether gzip is worth it for this file; the compressed body is made on first request, then kept. */
  compressible: boolean;
  gzip?: Promise<Buffer>;
  type: string;
}

interface ConsoleBuild {
  index: ConsoleFile;
  /** By path under /console/, e.g. `assets/index-3f2a.js`. */
  files: Map<string, ConsoleFile>;
}

/**
 * Reads the built console into memory once at start-up (about a megabyte), so no request reads the disk;
 * null when it has not been built.
 */
export function loadConsoleBuild(dir: string): ConsoleBuild | null {
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) return null;
  const files = new Map<string, ConsoleFile>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (name !== '.vite') walk(path);
        continue;
      }
      const extension = extname(name);
      const body = readFileSync(path);
      files.set(relative(dir, path).split(sep).join('/'), {
        body,
        compressible: COMPRESSIBLE.has(extension) && body.length > 1024,
        type: TYPES[extension] ?? 'application/octet-stream',
      });
    }
  };
  walk(dir);
  const index = files.get('index.html');
  return index ? { index, files } : null;
}

/**
 * The browser console at /console/ (a single-page app): hashed assets cached for good, index.html never
 * cached and answered for every other path under /console/ so deep links work, and `/` sends people there.
 * Without a build, /console/ says how to make one instead of failing.
 */
export function registerConsoleHosting(app: App, options: { dir?: string } = {}): void {
  const dir = options.dir ?? CONSOLE_DIST;
  const build = loadConsoleBuild(dir);
  if (!build) app.log.warn({ dir }, 'the console is not built: /console/ explains how; run `npm run build`');
  const hidden = { schema: { hide: true } };

  app.get('/', hidden, (_request, reply) => reply.redirect(CONSOLE_PATH, 302));
  app.get('/console', hidden, (request, reply) => {
    // `/console` and `/console/` are one route (trailing slashes are ignored); only the bare one is sent on.
    if (request.url.split('?')[0] === '/console') return reply.redirect(CONSOLE_PATH, 301);
    return serve(request, reply);
  });

  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (!build) {
      return sendPage(
        reply,
        errorPage(
          'Console not built',
          'The Keyward console has not been built on this server: run `npm run build` (or `npm start`) at the ' +
            'repository root, then restart Keyward. The management API at /api/v1 works without it.',
        ),
        { status: 503 },
      );
    }
    const path = (request.params as { '*': string })['*'] ?? '';
    const file = build.files.get(path);
    if (file && path !== 'index.html') {
      return sendFile(request, reply, file, path.startsWith('assets/') ? IMMUTABLE : 'no-cache');
    }
    // A missing hashed asset is a 404, never the page: a script tag must not receive HTML.
    if (path.startsWith('assets/')) {
      reply.callNotFound();
      return reply;
    }
    return sendFile(request, reply, build.index, 'no-store');
  };
  app.get(`${CONSOLE_PATH}*`, hidden, serve);
}

const gzipAsync = promisify(gzip);

async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: ConsoleFile,
  cacheControl: string,
): Promise<FastifyReply> {
  reply.header('cache-control', cacheControl);
  reply.header('content-security-policy', CONSOLE_POLICY);
  reply.header('vary', 'accept-encoding');
  reply.type(file.type);
  const accepted = request.headers['accept-encoding'];
  if (file.compressible && typeof accepted === 'string' && /\bgzip\b/.test(accepted)) {
    // Compressed once, when first asked for: start-up (every test server too) does not pay for it. Off the event
    // loop (libuv's thread pool), so a first visit's API calls are not held up behind half a megabyte of gzip.
    file.gzip ??= gzipAsync(file.body, { level: constants.Z_BEST_COMPRESSION });
    const body = await file.gzip;
    reply.header('content-encoding', 'gzip');
    return reply.send(body);
  }
  return reply.send(file.body);
}
