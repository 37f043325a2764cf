// What an operator relies on: health and readiness, metrics, request ids, security headers, and logs that
// carry the request id but never a credential.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ logLines });
});
afterAll(async () => server.close());

describe('health', () => {
  it('/healthz answers without touching the database; /readyz checks database and migrations', async () => {
    expect((await server.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await server.app.inject('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
    });
  });

  it('/readyz answers 503 when the database is gone', async () => {
    const broken = await startTestServer();
    await broken.container.storage.db.close();
    const response = await broken.app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json().status).toBe('unavailable');
    await broken.close();
  });
});

describe('metrics', () => {
  it('counts requests by route template and status', async () => {
    await server.app.inject('/oauth/jwks');
    const text = (await server.app.inject('/metrics')).body;
    expect(text).toMatch(
      /keyward_http_requests_total\{method="GET",route="\/oauth\/jwks",status="200"\} \d+/,
    );
    expect(text).toContain('keyward_http_request_duration_seconds_bucket');
    expect(text).toContain('keyward_process_cpu_seconds_total');
  });
});

describe('request ids and headers', () => {
  it('gives every response an X-Request-Id, keeps a well-formed incoming one and refuses a hostile one', async () => {
    const fresh = await server.app.inject('/healthz');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await server.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-abc.123' } });
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    const hostile = await server.app.inject({ url: '/healthz', headers: { 'x-request-id': 'a b\u0000"}' } });
    expect(hostile.headers['x-request-id']).not.toContain(' ');
  });

  it('sets nosniff, no-referrer, frame denial and no-store on API answers', async () => {
    const response = await server.app.inject('/api/v1/me');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown path with the error shape and 404', async () => {
    const response = await server.app.inject('/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'route.not_found',
      requestId: response.headers['x-request-id'],
    });
  });

  // Found by npm run soak: the documentation's static files refuse a path that climbs out of their folder
  // with a 403 error of their own, which the error mapping did not know and answered 500.
  it('answers a path climbing out of a static folder with 404, never a 500', async () => {
    const port = await listeningPort();
    // Over a socket: inject resolves the dots before the router sees them, as no real client is made to.
    for (const path of ['/docs/static/index.html/../..', '/docs/static/../../package.json']) {
      const answer = await getOverSocket(port, path);
      expect(answer.status, path).toBe(404);
      expect(JSON.parse(answer.body).code).toBe('route.not_found');
    }
  });

  it('answers oversized headers with 431 and a JSON body (over a real socket)', async () => {
    const answer = await getOverSocket(await listeningPort(), '/healthz', { 'x-big': 'a'.repeat(40_000) });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body).code).toBe('request.header_too_large');
  });
});

/** The test server's port, listening on loopback from the first test that needs a real socket. */
async function listeningPort(): Promise<number> {
  if (!server.app.server.listening) await server.app.listen({ host: '127.0.0.1', port: 0 });
  return (server.app.server.address() as { port: number }).port;
}

/** A GET over a real socket, the path sent exactly as given. */
function getOverSocket(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends the start of a request whose body never completes, then hangs up. */
function walkAwayMidBody(port: number, path: string, requestId: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Content-Length: 100\r\nX-Request-Id: ${requestId}\r\n\r\n{"email":`,
      );
      setTimeout(() => socket.destroy(), 20);
    });
    socket.on('close', () => resolve());
  });
}

describe('logs', () => {
  // Found by npm run soak: Node reports the abandoned body as ECONNRESET, which the error mapping took for a
  // lost database connection — an error-level "request failed" and a 503 for a client that simply left.
  it('record a client that walks away mid-body as such, never as a server fault', async () => {
    const port = await listeningPort();
    const paths = [
      '/api/v1/session',
      '/oauth/token',
      '/csp/gateway/am/api/auth/token',
      '/1.0/auth/credential',
    ];
    logLines.length = 0;
    for (const [i, path] of paths.entries()) await walkAwayMidBody(port, path, `walked-away-${i}`);
    const entries = () =>
      logLines.map((line) => JSON.parse(line) as { level: number; requestId?: string; msg: string });
    await vi.waitFor(() =>
      expect(entries().filter((entry) => entry.msg.includes('closed the connection'))).toHaveLength(
        paths.length,
      ),
    );
    const ours = entries().filter((entry) => entry.requestId?.startsWith('walked-away-'));
    expect(ours.filter((entry) => entry.level >= 50)).toEqual([]);
    const text = logLines.join('\n');
    expect(text).not.toContain('server.unavailable');
    expect(text).not.toContain('"statusCode":503');
  });

  it('carry the request id and never a password, cookie, CSRF token or secret query value', async () => {
    logLines.length = 0;
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    await call(server.app, session, 'POST', '/api/v1/orgs', { name: 'Logged' });
    await server.app.inject({
      url: '/csp/gateway/am/api/auth/token-public-key?format=jwks&api_token=canary-query-secret',
    });
    await server.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer canary-bearer-secret' } });
    const text = logLines.join('\n');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [
      ADMIN.password,
      session.cookie.split('=')[1],
      session.csrfToken,
      'canary-query-secret',
      'canary-bearer-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('api_token=[redacted]');
    const completed = logLines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === 'request completed');
    expect(completed.length).toBeGreaterThanOrEqual(4);
    expect(completed.every((entry) => typeof entry.requestId === 'string')).toBe(true);
  });

  it('write one access line per request, with method, redacted URL, status and duration', async () => {
    logLines.length = 0;
    const response = await server.app.inject({ url: '/healthz?api_token=canary-once' });
    const lines = logLines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.requestId === response.headers['x-request-id']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/healthz?api_token=[redacted]' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
  });
});
