import { Migrator, sql } from 'kysely';
import { type Db, ensureSchema } from './db.js';
import { migrationsFor } from './migrations/index.js';

const MIGRATION_TABLE = 'keyward_migrations';
const MIGRATION_LOCK_TABLE = 'keyward_migrations_lock';
/** Arbitrary, fixed key of the PostgreSQL advisory lock that serialises start-up work between nodes. */
const STARTUP_LOCK_KEY = 0x6b657977; // "keyw"

async function migratorFor(db: Db): Promise<Migrator> {
  // Name the schema explicitly: Kysely otherwise looks for its table in every schema of the database. It is the
  // first schema of the search path, which a URL may set (`?options=-c search_path=…`).
  let schema: string | undefined;
  if (db.dialect === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
    schema = rows[0]?.schema ?? 'public';
  }
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrationsFor(db.dialect) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies every pending migration; returns the names applied by this call. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  await ensureSchema(db);
  const { error, results } = await (await migratorFor(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}

/** Names of migrations not yet applied (empty when the database is current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrations = await (await migratorFor(db)).getMigrations();
  return migrations
    .filter((migration) => migration.executedAt === undefined)
    .map((migration) => migration.name);
}

/**
 * Runs `work` while holding a database-wide lock, so that several nodes starting at once on one PostgreSQL
 * database take turns: one migrates and bootstraps, the others then find the work done.
 * SQLite serves one process, whose own connection already serialises writes.
 */
export async function withStartupLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres') return work();
  return db.kysely.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`.execute(connection);
    }
  });
}
