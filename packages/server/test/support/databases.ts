import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe } from 'vitest';
import type { DatabaseConfig } from '../../src/config/load.js';
import { type Db, type OpenOptions, openDatabase } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

/** A database to test against: SQLite always; PostgreSQL when KEYWARD_TEST_DATABASE_URL is set. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  config: DatabaseConfig;
  options: OpenOptions;
  /** Removes what the test created (temp files, the PostgreSQL schema). */
  cleanup(): Promise<void>;
}

export const postgresUrl = process.env.KEYWARD_TEST_DATABASE_URL;

export const TEST_DATABASES: readonly ('sqlite' | 'postgres')[] = postgresUrl
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A fresh, empty database of the given kind (a temp SQLite file, or a new PostgreSQL schema). */
export function createTestDatabase(kind: 'sqlite' | 'postgres'): TestDatabase {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-test-'));
    return {
      name: 'sqlite',
      config: { kind: 'sqlite', file: join(dir, 'keyward.db') },
      options: {},
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) throw new Error('KEYWARD_TEST_DATABASE_URL is not set');
  const schema = `kw_test_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    config: { kind: 'postgres', url: postgresUrl },
    options: { schema, poolSize: 5 },
    cleanup: async () => {
      const admin = openDatabase({ kind: 'postgres', url: postgresUrl }, { poolSize: 1 });
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.kysely);
      } finally {
        await admin.close();
      }
    },
  };
}

/** Opens and migrates a fresh database. */
export async function openMigratedDatabase(test: TestDatabase): Promise<Db> {
  const db = openDatabase(test.config, test.options);
  await migrateToLatest(db);
  return db;
}

/**
 * Runs a suite once per database. PostgreSQL is not skipped quietly: when KEYWARD_TEST_DATABASE_URL is set and
 * the server is down, the suite fails.
 */
export function describeEachDatabase(title: string, suite: (kind: 'sqlite' | 'postgres') => void): void {
  for (const kind of TEST_DATABASES) describe(`${title} [${kind}]`, () => suite(kind));
}

/**
 * Runs `work` with a second connection pool to the same test database (PostgreSQL), so concurrency tests see
 * two nodes' worth of connections; SQLite has one connection per process, so its own Db is reused.
 */
export async function withSecondPool<T>(db: Db, work: (other: Db) => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres' || !postgresUrl || !db.schema) return work(db);
  const other = openDatabase({ kind: 'postgres', url: postgresUrl }, { schema: db.schema, poolSize: 5 });
  try {
    return await work(other);
  } finally {
    await other.close();
  }
}
