// The first run: an operator and a first organization, once, and finished by the next start when a first run
// was cut off between the two (the process killed, the database gone away).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bootstrapFirstRun } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/load.js';
import { systemCaller } from '../src/core/principal.js';
import { verifyPassword } from '../src/identity/users/passwords.js';
import { createLogger } from '../src/ops/logger.js';
import { openRuntime, type Runtime } from '../src/startup.js';
import { createTestDatabase } from './support/databases.js';
import { TEST_SECRET } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A migrated database with no first run yet (a tool runtime), and the operator's password generated. */
async function freshRuntime(env: Record<string, string> = {}): Promise<Runtime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-bootstrap-'));
  const database = createTestDatabase('sqlite');
  const config = loadConfig({ KEYWARD_DATA_DIR: dataDir, KEYWARD_SECRET: TEST_SECRET, ...env });
  const runtime = await openRuntime({ ...config, database: database.config }, createLogger('silent'), {
    purpose: 'tool',
    database: database.options,
  });
  cleanups.push(async () => {
    await runtime.close();
    await database.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return runtime;
}

const caller = systemCaller('startup');

it('creates the operator and the first organization once, then never again', async () => {
  const { container } = await freshRuntime();
  const first = await bootstrapFirstRun(container, caller);
  expect(first).toMatchObject({ email: 'admin@keyward.local' });
  expect(first?.generatedPassword).toMatch(/^[0-9A-Za-z]{24}$/);
  const operator = await container.storage.stores.users.findByEmail('admin@keyward.local');
  expect(await verifyPassword(operator?.passwordHash ?? null, first?.generatedPassword ?? '')).toBe(true);
  // The generated password was printed once: the operator must replace it at first sign-in.
  expect(operator?.mustChangePassword).toBe(true);
  expect(await bootstrapFirstRun(container, caller)).toBeNull();
  expect(await container.storage.stores.users.count()).toBe(1);
});

it('finishes a first run cut off after the operator: one operator, an org, and a password that works', async () => {
  const { container } = await freshRuntime();
  const createOrg = container.orgs.create.bind(container.orgs);
  container.orgs.create = async () => {
    throw new Error('the process died here');
  };
  await expect(bootstrapFirstRun(container, caller)).rejects.toThrow('the process died here');
  expect(await container.storage.stores.users.count()).toBe(1);

  container.orgs.create = createOrg;
  const resumed = await bootstrapFirstRun(container, caller);
  expect(resumed?.orgId).toBeTruthy();
  expect(await container.storage.stores.users.count()).toBe(1);
  const operator = await container.storage.stores.users.findByEmail('admin@keyward.local');
  // The cut-off run's password was never shown: the one printed now is the one that signs in.
  expect(await verifyPassword(operator?.passwordHash ?? null, resumed?.generatedPassword ?? '')).toBe(true);
  const orgs = await container.storage.stores.orgs.listForUser(operator?.id ?? '', {
    pageStart: 1,
    pageLimit: 10,
  });
  expect(orgs.items.map((org) => [org.id, org.orgRoles])).toEqual([[resumed?.orgId, ['org_owner']]]);
  expect(await bootstrapFirstRun(container, caller)).toBeNull();
});

it('leaves a database that already has accounts alone', async () => {
  const { container } = await freshRuntime();
  await container.users.create(caller, { email: 'someone@example.test', password: 'a long passphrase 1' });
  expect(await bootstrapFirstRun(container, caller)).toBeNull();
  expect(await container.storage.stores.users.findByEmail('admin@keyward.local')).toBeUndefined();
});
