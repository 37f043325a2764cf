import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import type { FirstRun } from '../../src/bootstrap.js';
import { type Config, loadConfig } from '../../src/config/load.js';
import type { Container } from '../../src/container.js';
import { ManualClock } from '../../src/core/clock.js';
import { systemCaller } from '../../src/core/principal.js';
import type { App } from '../../src/http/types.js';
import { createLogger } from '../../src/ops/logger.js';
import { reservePort } from '../../src/ops/ports.js';
import { openRuntime } from '../../src/startup.js';
import { createDevCertificate } from '../../src/tls/dev-cert.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const ADMIN = { email: 'operator@example.test', password: 'correct horse battery staple' };

export interface TestServer {
  app: App;
  container: Container;
  config: Config;
  clock: ManualClock;
  database: TestDatabase;
  firstRun: FirstRun | null;
  /** Stops the node; `keepDatabase` leaves its database to a node still running on it (see `sharing`). */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * A Keyward server in-process (requests go through app.inject), on a fresh database with a frozen clock.
 * The first-run operator is ADMIN.
 */
export async function startTestServer(
  options: {
    database?: 'sqlite' | 'postgres';
    env?: Record<string, string>;
    clock?: ManualClock;
    /** Collects every log line (at trace level) instead of discarding them. */
    logLines?: string[];
    /** Run as a second node on this server's database (same secret), instead of on a fresh one. */
    sharing?: TestServer;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-server-'));
  const database = options.sharing?.database ?? createTestDatabase(options.database ?? 'sqlite');
  const config = loadConfig({
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_SECRET: TEST_SECRET,
    KEYWARD_ADMIN_EMAIL: ADMIN.email,
    KEYWARD_ADMIN_PASSWORD: ADMIN.password,
    KEYWARD_LOG_LEVEL: 'silent',
    ...(database.config.kind === 'postgres' ? { KEYWARD_DATABASE_URL: database.config.url } : {}),
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  const lines = options.logLines;
  const logger = lines
    ? createLogger('trace', { write: (line: string) => void lines.push(line) })
    : createLogger(config.logLevel);
  const runtime = await openRuntime({ ...config, database: database.config }, logger, {
    purpose: 'serve',
    clock,
    database: database.options,
  });
  const app = await buildApp(runtime.container);
  await app.ready();
  return {
    app,
    container: runtime.container,
    // As settled at start-up: the issuer is the deployment's (the one recorded in the database).
    config: runtime.container.config,
    clock,
    database,
    firstRun: runtime.firstRun,
    close: async ({ keepDatabase = false } = {}) => {
      await app.close();
      await runtime.container.background.stop();
      await runtime.close();
      // The first node owns the database; a node started with `sharing` leaves it to that one.
      if (!options.sharing && !keepDatabase) await database.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const operatorCaller = () => systemCaller('test');

/**
 * A test server listening on a real loopback port, its issuer naming that port, for clients that speak HTTP
 * (openid-client, oauth4webapi, the OVH clients). The clock starts at the real time, since those clients check
 * token times against their own.
 */
export async function startListeningServer(
  options: {
    env?: Record<string, string>;
    tls?: boolean;
    database?: 'sqlite' | 'postgres';
    /** A second node on this one's database (its issuer stays the first node's, as the deployment's). */
    sharing?: TestServer;
  } = {},
): Promise<TestServer & { url: string; certPem: string | null }> {
  const port = await reservePort('127.0.0.1');
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  // HTTPS with a development certificate made the way `keyward tls dev-cert` makes it.
  const tlsDir = options.tls ? mkdtempSync(join(tmpdir(), 'keyward-tls-')) : null;
  const tls = tlsDir ? writeCertificate(tlsDir) : null;
  const server = await startTestServer({
    env: {
      KEYWARD_ISSUER: url,
      ...(tls ? { KEYWARD_TLS_CERT: tls.certFile, KEYWARD_TLS_KEY: tls.keyFile } : {}),
      ...options.env,
    },
    clock: new ManualClock(Date.now()),
    ...(options.database ? { database: options.database } : {}),
    ...(options.sharing ? { sharing: options.sharing } : {}),
  });
  await server.app.listen({ host: '127.0.0.1', port });
  return {
    ...server,
    url,
    certPem: tls ? tls.certPem : null,
    close: async (closeOptions) => {
      await server.close(closeOptions);
      if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
    },
  };
}

function writeCertificate(dir: string): { certFile: string; keyFile: string; certPem: string } {
  const { certPem, keyPem } = createDevCertificate();
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, certPem);
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  return { certFile, keyFile, certPem };
}
