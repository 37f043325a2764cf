import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/http/types.js';
import { registerConsoleHosting } from '../src/web/console-hosting.js';
import { startTestServer, type TestServer } from './support/server.js';

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

/** A console build as `vite build` lays it out: index.html, hashed assets, the manifest under .vite/. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-console-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.vite'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/console/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dir, '.vite', 'manifest.json'), '{}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function hostingOn(dir: string): Promise<App> {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } }) as unknown as App;
  registerConsoleHosting(app, { dir });
  await app.ready();
  return app;
}

describe('console hosting', () => {
  let dir: string;
  let app: App;
  beforeAll(async () => {
    dir = fakeBuild();
    app = await hostingOn(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves hashed assets as immutable, compressed when the browser accepts gzip', async () => {
    const plain = await app.inject('/console/assets/index-abc123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.body).toBe(SCRIPT);
    const zipped = await app.inject({
      url: '/console/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(SCRIPT);
  });

  it('answers index.html, never cached, for the console root and any deep link (SPA fallback)', async () => {
    const bare = await app.inject('/console');
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
    for (const url of ['/console/', '/console/account/api-tokens', '/console/orgs/x/members?page=2']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('/console/assets/index-abc123.js');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('answers a missing asset with 404 rather than the page, and never serves the build manifest', async () => {
    expect((await app.inject('/console/assets/gone-000.js')).statusCode).toBe(404);
    const manifest = await app.inject('/console/.vite/manifest.json');
    expect(manifest.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('redirects / to the console', async () => {
    const response = await app.inject('/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/console/');
  });

  it('says how to build the console when it is missing, instead of failing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'keyward-console-none-'));
    const bare = await hostingOn(empty);
    try {
      const response = await bare.inject('/console/account/api-tokens');
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('npm run build');
      expect((await bare.inject('/')).statusCode).toBe(302);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the Keyward server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('leads / to the console and serves it beside the API', async () => {
    const root = await server.app.inject('/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    // Built by `npm run build` (the console's own tests build it when missing); either way never a 500.
    const page = await server.app.inject('/console/account/api-tokens');
    expect([200, 503]).toContain(page.statusCode);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await server.app.inject('/api/v1/me')).statusCode).toBe(401);
  });
});
