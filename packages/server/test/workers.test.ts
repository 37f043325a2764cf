// `keyward serve --workers N`: a supervisor and N worker processes on one port and one SQLite database. Workers
// share the writes without SQLITE_BUSY, see each other's revocations at once, are replaced when they die and
// drain on SIGTERM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess } from './support/cli.js';
import { TEST_SECRET } from './support/server.js';

const ADMIN = { email: 'ops@workers.example', password: 'a long workers password' };

/** Process ids of the supervisor's children (Linux `ps`). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((child) => child > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json(): unknown;
}

/** Each request on a new connection (no keep-alive), so the cluster hands them to the workers in turn. */
function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, agent: false });
    request.setTimeout(30_000, () => request.destroy(new Error(`no answer from ${url}`)));
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          json: () => JSON.parse(text),
        }),
      );
    });
    request.end(init.body);
  });
}

/**
 * A reader of the revocation stream on a connection of its own: `started` once the first heartbeat came,
 * `worker()` the process that serves it (the owner of the server end of its connection, as `ss` shows it),
 * `revocationOf(id)` the entry that names the credential `id` (waiting for it).
 */
function openFeed(url: string, authorization: string) {
  let localPort = 0;
  let buffer = '';
  const entries: { credential?: { id?: string } }[] = [];
  const waiting = new Set<() => void>();
  let resolveStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    resolveStarted = resolve;
  });
  const request = httpRequest(url, { headers: { authorization }, agent: false });
  request.on('socket', (socket) => socket.on('connect', () => (localPort = socket.localPort ?? 0)));
  request.on('response', (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.includes('event: heartbeat')) resolveStarted();
        const data = block.split('\n').find((line) => line.startsWith('data:'));
        if (block.includes('event: revocation') && data) entries.push(JSON.parse(data.slice(5)));
      }
      for (const wake of waiting) wake();
    });
  });
  request.on('error', () => {});
  request.end();
  return {
    started,
    worker: () =>
      /pid=(\d+)/.exec(execFileSync('ss', ['-tnpH', `dport = :${localPort}`], { encoding: 'utf8' }))?.[1],
    revocationOf: (id: string) =>
      waitFor(() => entries.find((entry) => entry.credential?.id === id), `the revocation of ${id}`),
    close: () => request.destroy(),
  };
}

describe('keyward serve --workers 2 on SQLite', () => {
  let server: RunningServer;
  let cookie = '';
  let csrf = '';
  let orgId = '';

  beforeAll(async () => {
    server = await startServerProcess(
      {
        KEYWARD_WORKERS: '2',
        KEYWARD_SECRET: TEST_SECRET,
        KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyward-workers-')),
        KEYWARD_ADMIN_EMAIL: ADMIN.email,
        KEYWARD_ADMIN_PASSWORD: ADMIN.password,
      },
      90_000, // three processes start one after another; slow on a busy machine
    );
    const signedIn = await send(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(signedIn.status).toBe(200);
    cookie = String(signedIn.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    csrf = (signedIn.json() as { csrfToken: string }).csrfToken;
    const orgs = (await send(`${server.url}/api/v1/orgs`, { headers: { cookie } })).json() as {
      results: { id: string }[];
    };
    orgId = orgs.results[0]?.id ?? '';
  }, 120_000);

  afterAll(async () => {
    if (server.process.exitCode === null) await server.stop();
  });

  const generate = (name: string) =>
    send(`${server.url}/api/v1/me/api-tokens`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, name, ttlSeconds: 3600, scopes: { orgRoles: ['org_owner'] } }),
    });
  const exchange = (token: string) =>
    send(`${server.url}/csp/gateway/am/api/auth/api-tokens/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_token: token }).toString(),
    });

  it('runs a supervisor with two workers and prints the banner once', () => {
    expect(childrenOf(server.process.pid as number)).toHaveLength(2);
    expect(server.stderr().match(/Keyward is running at/g)).toHaveLength(1);
  });

  it('takes concurrent writes from both workers without a failed request', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => generate(`parallel ${i}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
  });

  it('a token revoked on one worker is refused by every worker at once', async () => {
    const created = (await generate('to revoke')).json() as { id: string; token: string };
    // Warm both workers' caches with the live token.
    for (let i = 0; i < 4; i++) expect((await exchange(created.token)).status).toBe(200);
    const revoked = await send(`${server.url}/api/v1/me/api-tokens/${created.id}`, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(revoked.status).toBeLessThan(300);
    const after = await Promise.all(Array.from({ length: 6 }, () => exchange(created.token)));
    expect(after.map((answer) => answer.status)).toEqual(Array(6).fill(400));
  });

  it('pushes a revocation made on one worker to feed readers on every worker', async () => {
    const app = await send(`${server.url}/api/v1/orgs/${orgId}/apps`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'server', name: 'Feed reader', scopes: { orgRoles: ['org_member'] } }),
    });
    expect(app.status).toBe(201);
    const { id, secret } = app.json() as { id: string; secret: string };
    const authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    // Four streams, each on its own connection: the cluster hands connections to the workers in turn.
    const readers = Array.from({ length: 4 }, () =>
      openFeed(`${server.url}/api/v1/revocations/stream`, authorization),
    );
    await Promise.all(readers.map((reader) => reader.started));
    const workers = new Set(readers.map((reader) => reader.worker()));
    expect(workers.size, 'the streams are served by both workers').toBe(2);

    const created = (await generate('revoked for the feed')).json() as { id: string };
    const revoked = await send(`${server.url}/api/v1/me/api-tokens/${created.id}`, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(revoked.status).toBeLessThan(300);
    try {
      for (const reader of readers) {
        const entry = await reader.revocationOf(created.id);
        expect(entry).toMatchObject({ credential: { type: 'api_token', id: created.id } });
      }
    } finally {
      for (const reader of readers) reader.close();
    }
  });

  it('answers /metrics for both workers together, whichever one is scraped', async () => {
    const healthzCount = async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      // Node's own metrics are there too, event-loop delay and GC pauses among them.
      expect(text).toContain('keyward_nodejs_eventloop_lag_p99_seconds');
      expect(text).toContain('keyward_nodejs_gc_duration_seconds');
      const line = /keyward_http_requests_total\{method="GET",route="\/healthz",status="200"\} (\d+)/.exec(
        text,
      );
      return Number(line?.[1] ?? 0);
    };
    const before = await healthzCount();
    // Each on a new connection: the cluster spreads them over both workers.
    for (let i = 0; i < 10; i++) expect((await send(`${server.url}/healthz`)).status).toBe(200);
    // Whichever worker answers, it counts the other's requests as well.
    for (let i = 0; i < 4; i++) expect(await healthzCount()).toBe(before + 10);
  });

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const supervisor = server.process.pid as number;
    const [victim] = childrenOf(supervisor);
    process.kill(victim as number, 'SIGKILL');
    // A connection the supervisor hands over in the instant before it learns of the death is lost with the
    // worker (a limit of Node's cluster module, see docs/configuration.md); once the death is noticed, the
    // other worker takes every request while the replacement starts.
    await waitFor(
      () => server.stdout().includes('a worker died; starting a replacement') || undefined,
      'the death to be noticed',
      80_000,
    );
    const meanwhile = await Promise.all(Array.from({ length: 6 }, () => send(`${server.url}/readyz`)));
    expect(meanwhile.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    const replaced = await waitFor(
      () => {
        const now = childrenOf(supervisor);
        return now.length === 2 && !now.includes(victim as number) ? now : undefined;
      },
      'a replacement worker',
      80_000,
    );
    expect(replaced).toHaveLength(2);
    await waitFor(
      () => (server.stdout().match(/Keyward is listening on/g)?.length ?? 0) >= 4 || undefined,
      'the replacement to listen',
      80_000,
    );
    const after = await Promise.all(Array.from({ length: 6 }, () => send(`${server.url}/readyz`)));
    expect(after.map((answer) => answer.status)).toEqual(Array(6).fill(200));
  }, 90_000);

  it('SIGTERM stops every worker and then the supervisor, cleanly', async () => {
    const supervisor = server.process.pid as number;
    const workers = childrenOf(supervisor);
    expect(await server.stop()).toBe(0);
    const alive = workers.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
