// The small version of `npm run soak` that runs with every `npm test`: a few hundred fuzz requests, two kill -9
// cycles on SQLite (one on PostgreSQL when KEYWARD_TEST_DATABASE_URL is set: it fails, not skips, when that
// database is down), and the secret scan over everything they left. Then the detectors themselves, each
// shown to catch what it is there to catch, so a soak that passes means something.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../server/test/support/server.js';
import { listOperations, type OpenApiDocument } from '../src/fuzz/openapi.js';
import { sendRaw } from '../src/fuzz/raw.js';
import { FAMILIES, listedRoutes } from '../src/fuzz/targets.js';
import { SecretLedger } from '../src/ledger.js';
import { findServerFaults } from '../src/logs.js';
import { runSoak, type SoakOptions, type SoakReport } from '../src/run.js';
import { scanForSecrets } from '../src/scan.js';

const postgresUrl = process.env.KEYWARD_TEST_DATABASE_URL;

const SMALL: Omit<SoakOptions, 'databases' | 'fuzz' | 'kills'> = {
  postgresUrl,
  seed: 20_261_121,
  scan: true,
  concurrency: 4,
  workers: 3,
  timeoutMs: 15_000,
  loadMs: [300, 900],
  logLevel: 'info',
  // One process per server here (npm run soak uses the server's default, a worker per core): it starts faster.
  serverWorkers: '1',
  keep: false,
  workDir: '',
};

/** Every problem of a report, printed whole when the test fails. */
function problemsOf(report: SoakReport): string[] {
  return [
    ...report.errors,
    ...report.fuzz.flatMap((fuzz) =>
      fuzz.failures.map((f) => `fuzz case ${f.index} ${f.route}: ${f.problem}\n${f.request}`),
    ),
    ...report.kill.flatMap((kill) => kill.failures),
    ...(report.scan?.findings ?? []).map((f) => `${f.kind} (${f.origin}) in ${f.source}: ${f.context}`),
  ];
}

function expectSound(report: SoakReport, fuzzCases: number, cycles: number): void {
  expect(problemsOf(report)).toEqual([]);
  const [fuzz] = report.fuzz;
  expect(fuzz?.cases).toBe(fuzzCases);
  // The 5xx and hang checks only mean something if requests got answered at all.
  expect(fuzz?.outcomes['4xx'] ?? 0).toBeGreaterThan(fuzzCases / 3);
  const [kill] = report.kill;
  expect(kill?.cycles).toBe(cycles);
  expect(kill?.checks).toBeGreaterThan(0);
  expect(report.scan?.secrets).toBeGreaterThan(20);
  expect(report.scan?.sources.length).toBeGreaterThanOrEqual(2);
}

describe('npm run soak, small', () => {
  it('SQLite: 300 fuzz requests, 2 kill -9 cycles, integrity ok, no secret in the dump or the log', async () => {
    const report = await runSoak({ ...SMALL, databases: ['sqlite'], fuzz: 300, kills: 2 }, () => {});
    expectSound(report, 300, 2);
    expect(Object.entries(report.fuzz[0]?.byFamily ?? {}).filter(([, n]) => n === 0)).toEqual([]);
    expect(report.kill[0]?.integrity).toEqual(['ok', 'ok', 'ok']);
  }, 240_000);

  it.runIf(postgresUrl)(
    'PostgreSQL: 150 fuzz requests, 1 kill -9 cycle, no secret in pg_dump or the log',
    async () => {
      const report = await runSoak({ ...SMALL, databases: ['postgres'], fuzz: 150, kills: 1 }, () => {});
      expectSound(report, 150, 1);
    },
    240_000,
  );
});

describe('the detectors', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  });

  /** A loopback server that does `onConnection` with each socket. */
  const listen = (onConnection: (socket: Socket) => void): Promise<number> =>
    new Promise((resolve) => {
      const server = createServer((socket) => {
        sockets.push(socket);
        onConnection(socket);
      });
      servers.push(server);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const request = {
    method: 'GET',
    target: '/',
    version: 'HTTP/1.1',
    headers: [['Host', 'x']] as [string, string][],
    body: Buffer.alloc(0),
  };

  it('a server that never answers is a hang; one that answers 500 after a 100 Continue is a 500', async () => {
    const silent = await listen(() => {});
    expect((await sendRaw(silent, request, { timeoutMs: 300 })).kind).toBe('timeout');
    const failing = await listen((socket) =>
      socket.end(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    expect(await sendRaw(failing, request, { timeoutMs: 5_000 })).toMatchObject({
      kind: 'answered',
      status: 500,
    });
  });

  it('a 5xx or an error-level line in the server log is a fault, whether or not a client saw it', () => {
    const log = [
      '{"level":30,"requestId":"soak-1","res":{"statusCode":404},"msg":"request completed"}',
      '{"level":30,"requestId":"soak-2","res":{"statusCode":503},"msg":"request completed"}',
      '{"level":50,"requestId":"soak-3","msg":"request failed"}',
      'not JSON: the start-up banner',
    ].join('\n');
    expect(findServerFaults(log).map((fault) => fault.requestId)).toEqual(['soak-2', 'soak-3']);
  });

  it('finds a secret in any spelling it travels in, and nothing else', () => {
    const ledger = new SecretLedger();
    ledger.add('client_secret', 'kwsSecretValue0123456789abcdefghij', 'test', ['a2QxOmt3c1NlY3JldA==']);
    ledger.add('password', 'a pass phrase & more', 'test');
    const report = scanForSecrets(ledger, [
      {
        name: 'log',
        bytes: Buffer.from('{"url":"/oauth/token?client_secret=kwsSecretValue0123456789abcdefghij"}'),
      },
      { name: 'dump', bytes: Buffer.from("INSERT INTO users VALUES ('a%20pass%20phrase%20%26%20more');") },
      { name: 'header', bytes: Buffer.from('authorization: Basic a2QxOmt3c1NlY3JldA==') },
      { name: 'clean', bytes: Buffer.from('kwsSecretValue0123456789abcdefghiX a pass phrase') },
    ]);
    expect(report.findings.map((finding) => [finding.source, finding.kind, finding.as])).toEqual([
      ['log', 'client_secret', 'the value'],
      ['dump', 'password', 'percent-encoded'],
      ['header', 'client_secret', 'as sent in a header'],
    ]);
  });

  it('covers every endpoint family', () => {
    expect(FAMILIES).toEqual(['oauth', 'api', 'csp', 'ovh', 'pages', 'console', 'ops']);
  });
});

describe('the fuzz targets', () => {
  // The management API is read from the OpenAPI document at run time; the other routes are listed in
  // targets.ts. This keeps that list whole: a route added to the server is fuzzed, or this test names it.
  it("cover every route of the server's route table", async () => {
    const server = await startTestServer();
    try {
      const table = routeTable(server.app.printRoutes({ commonPrefix: false }));
      const document = server.app.swagger() as unknown as OpenApiDocument;
      const covered = new Set([
        ...listedRoutes().map((route) => template(route.path)),
        ...listOperations(document).map((operation) => template(operation.path)),
        // The document itself, served as JSON: fetched by the fuzzer to find the API, not fuzzed.
        '/api/v1/openapi.json',
      ]);
      const missing = table.filter(
        (path) =>
          !covered.has(path) &&
          !(path.endsWith('*') && [...covered].some((known) => known.startsWith(path.slice(0, -1)))),
      );
      expect(missing).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

/** Route paths from Fastify's printRoutes tree (`commonPrefix: false`), parameters as `{}`; OPTIONS-only skipped. */
function routeTable(printed: string): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack[depth] = match[2] ?? '';
    const methods = (match[3] ?? '')
      .split(', ')
      .filter((method) => method && method !== 'HEAD' && method !== 'OPTIONS');
    const joined = stack.join('');
    if (methods.length > 0) paths.push(template(joined.startsWith('/') ? joined : `/${joined}`));
  }
  return [...new Set(paths)];
}

function template(path: string): string {
  // Routes ignore a trailing slash: /auth/ and /auth are one route.
  return path
    .replace(/:\w+|\{\w+\}/g, '{}')
    .replace(/^\/\//, '/')
    .replace(/(.)\/$/, '$1');
}
