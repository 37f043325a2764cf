// Several Keyward processes on one PostgreSQL database: they start together without racing on migrations or
// first-run work, and a node with another server secret refuses to start.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/storage/db.js';
import { migrationsFor } from '../src/storage/migrations/index.js';
import { runCli, startServerProcess } from './support/cli.js';
import { postgresUrl } from './support/databases.js';
import { TEST_SECRET } from './support/server.js';

const describePostgres = postgresUrl ? describe : describe.skip;

describePostgres('two nodes on one PostgreSQL database', () => {
  const database = `kw_multi_${randomBytes(5).toString('hex')}`;
  let url = '';
  const admin = () => openDatabase({ kind: 'postgres', url: postgresUrl as string }, { poolSize: 1 });

  beforeAll(async () => {
    const db = admin();
    await sql`create database ${sql.id(database)}`.execute(db.kysely);
    await db.close();
    const parsed = new URL(postgresUrl as string);
    parsed.pathname = `/${database}`;
    url = parsed.href;
  });

  afterAll(async () => {
    const db = admin();
    await sql`drop database if exists ${sql.id(database)} with (force)`.execute(db.kysely);
    await db.close();
  });

  it('start together: one migration run, one signing key, one first operator; both serve', async () => {
    const env = (n: number) => ({
      KEYWARD_DATABASE_URL: url,
      KEYWARD_SECRET: TEST_SECRET,
      KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), `keyward-node${n}-`)),
    });
    const nodes = await Promise.all([startServerProcess(env(1)), startServerProcess(env(2))]);
    try {
      for (const node of nodes) {
        expect(((await (await fetch(`${node.url}/readyz`)).json()) as { status: string }).status).toBe(
          'ready',
        );
      }
      const jwks = await Promise.all(
        nodes.map(async (node) => (await fetch(`${node.url}/oauth/jwks`)).json()),
      );
      expect(jwks[0]).toEqual(jwks[1]);
      expect(nodes.filter((node) => node.stderr().includes('First start'))).toHaveLength(1);

      const db = openDatabase({ kind: 'postgres', url }, { poolSize: 1 });
      try {
        const count = async (table: 'users' | 'orgs' | 'signing_keys' | 'memberships') =>
          Number(
            (
              await db.kysely
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        expect(await count('users')).toBe(1);
        expect(await count('orgs')).toBe(1);
        expect(await count('memberships')).toBe(1);
        expect(await count('signing_keys')).toBe(1);
        const { rows } = await sql<{
          name: string;
        }>`select name from keyward_migrations order by name`.execute(db.kysely);
        expect(rows.map((row) => row.name)).toEqual(Object.keys(migrationsFor('postgres')));
      } finally {
        await db.close();
      }
    } finally {
      const codes = await Promise.all(nodes.map((node) => node.stop()));
      expect(codes).toEqual([0, 0]);
    }
  });

  it('a node with a different KEYWARD_SECRET refuses to start', async () => {
    const result = await runCli(['migrate'], {
      KEYWARD_DATABASE_URL: url,
      KEYWARD_SECRET: 'another-secret-that-is-long-enough-to-be-valid',
      KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyward-node3-')),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KEYWARD_SECRET: .*different server secret/);
  });
});
