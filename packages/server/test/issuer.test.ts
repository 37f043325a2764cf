// The deployment's issuer (issue 10 item 1): recorded on the first start, adopted by nodes that do not set
// KEYWARD_ISSUER, replaced when only a default was recorded, defended when one was configured, and changed on
// purpose with `keyward admin set-issuer`. The two-process, two-port case is in multi-node.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/ops/logger.js';
import { openRuntime, type Runtime } from '../src/startup.js';
import { runCli } from './support/cli.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from './support/databases.js';
import { ADMIN, TEST_SECRET } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts a node (serve or tool) on `database`, runs `work`, stops it. */
async function withNode<T>(
  database: TestDatabase,
  env: Record<string, string>,
  work: (runtime: Runtime) => Promise<T>,
  purpose: 'serve' | 'tool' = 'serve',
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-issuer-'));
  const config = loadConfig({
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_SECRET: TEST_SECRET,
    KEYWARD_ADMIN_EMAIL: ADMIN.email,
    KEYWARD_ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  const runtime = await openRuntime({ ...config, database: database.config }, createLogger('silent'), {
    purpose,
    database: database.options,
  });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const issuerOf = (database: TestDatabase, env: Record<string, string>, purpose: 'serve' | 'tool' = 'serve') =>
  withNode(database, env, async ({ container }) => container.config.issuer, purpose);

async function issuerChanges(database: TestDatabase) {
  return withNode(
    database,
    {},
    async ({ container }) =>
      (
        await container.storage.stores.audit.list(
          { pageStart: 1, pageLimit: 50 },
          { action: 'deployment.issuer_changed' },
        )
      ).items.map((event) => event.details),
    'tool',
  );
}

describeEachDatabase('the deployment issuer', (kind) => {
  let database: TestDatabase;
  beforeEach(() => {
    database = createTestDatabase(kind);
    cleanups.push(() => database.cleanup());
  });

  it('is recorded by the first start and adopted by a node on another port without KEYWARD_ISSUER', async () => {
    const configured = { KEYWARD_ISSUER: 'https://id.example.test', KEYWARD_PORT: '8081' };
    expect(await issuerOf(database, configured)).toBe('https://id.example.test');
    expect(await issuerOf(database, { KEYWARD_PORT: '9090' })).toBe('https://id.example.test');
    // Every part of the container sees it: the discovery document, the tokens' iss.
    await withNode(database, { KEYWARD_PORT: '9091' }, async ({ container }) => {
      expect(container.config.issuer).toBe('https://id.example.test');
      expect(container.oauth.deps.issuer).toBe('https://id.example.test');
    });
  });

  it('refuses a node whose KEYWARD_ISSUER differs from a configured one, naming both and the way to change it', async () => {
    await issuerOf(database, { KEYWARD_ISSUER: 'https://id.example.test' });
    const refusal = await issuerOf(database, { KEYWARD_ISSUER: 'https://other.example.test' }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toMatch(
      /^KEYWARD_ISSUER: is https:\/\/other\.example\.test, but this deployment's issuer is https:\/\/id\.example\.test .*keyward admin set-issuer https:\/\/other\.example\.test/,
    );
  });

  it('lets a configured issuer replace a recorded default (a first start on 127.0.0.1), audited', async () => {
    expect(await issuerOf(database, {})).toBe('http://127.0.0.1:8080');
    expect(await issuerOf(database, { KEYWARD_ISSUER: 'https://id.example.test' })).toBe(
      'https://id.example.test',
    );
    // Now configured: a default no longer replaces it, a different configured value is refused.
    expect(await issuerOf(database, {})).toBe('https://id.example.test');
    await expect(issuerOf(database, { KEYWARD_ISSUER: 'https://x.example.test' })).rejects.toThrow(
      ConfigError,
    );
    expect(await issuerChanges(database)).toEqual([
      expect.objectContaining({
        from: 'http://127.0.0.1:8080',
        to: 'https://id.example.test',
        reason: 'configured issuer replaced a default',
      }),
    ]);
  });

  it('a recorded default: adopted by other nodes on PostgreSQL, follows the one node on SQLite', async () => {
    expect(await issuerOf(database, { KEYWARD_PORT: '8081' })).toBe('http://127.0.0.1:8081');
    const next = await issuerOf(database, { KEYWARD_PORT: '8082' });
    expect(next).toBe(kind === 'postgres' ? 'http://127.0.0.1:8081' : 'http://127.0.0.1:8082');
  });

  it('operator tools read the recorded issuer and never write it', async () => {
    expect(await issuerOf(database, { KEYWARD_ISSUER: 'https://tool.example.test' }, 'tool')).toBe(
      'https://tool.example.test',
    );
    // The tool recorded nothing: the first server start records its own.
    expect(await issuerOf(database, { KEYWARD_ISSUER: 'https://id.example.test' })).toBe(
      'https://id.example.test',
    );
    expect(await issuerOf(database, { KEYWARD_ISSUER: 'https://tool.example.test' }, 'tool')).toBe(
      'https://id.example.test',
    );
  });
});

describe('keyward admin set-issuer', () => {
  it('changes the issuer on purpose: audited, adopted by the next start, the old value then refused', async () => {
    const database = createTestDatabase('sqlite');
    cleanups.push(() => database.cleanup());
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-set-issuer-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    if (database.config.kind !== 'sqlite') throw new TypeError('sqlite expected');
    const env = {
      KEYWARD_DATA_DIR: dataDir,
      KEYWARD_SECRET: TEST_SECRET,
      KEYWARD_DATABASE_URL: database.config.file,
    };
    await issuerOf(database, { KEYWARD_ISSUER: 'https://old.example.test' });

    const bad = await runCli(['admin', 'set-issuer', 'https://new.example.test/path'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be an origin without a path');

    const changed = await runCli(['admin', 'set-issuer', 'https://new.example.test/', '--json'], env);
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toEqual({
      from: 'https://old.example.test',
      to: 'https://new.example.test',
    });
    const again = await runCli(['admin', 'set-issuer', 'https://new.example.test'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("the deployment's issuer is already https://new.example.test");

    expect(await issuerOf(database, {})).toBe('https://new.example.test');
    await expect(issuerOf(database, { KEYWARD_ISSUER: 'https://old.example.test' })).rejects.toThrow(
      /keyward admin set-issuer https:\/\/old\.example\.test/,
    );
    expect(await issuerChanges(database)).toContainEqual(
      expect.objectContaining({
        from: 'https://old.example.test',
        to: 'https://new.example.test',
        reason: 'set-issuer',
      }),
    );
  });
});
