import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type Kysely as KyselyType,
  PostgresDialect,
  type RawBuilder,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type Transaction,
} from 'kysely';
import type pg from 'pg';
import type { DatabaseConfig } from '../config/load.js';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** Either the database or an open transaction: stores run on whichever they are given. */
export type Executor = KyselyType<Schema> | Transaction<Schema>;

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface Db {
  readonly kysely: Kysely<Schema>;
  readonly dialect: Dialect;
  /** PostgreSQL schema the tables live in (tests use one per run); null on SQLite. */
  readonly schema: string | null;
  /** A short description for logs, never containing a password. */
  readonly description: string;
  /** PostgreSQL only: how to open an extra connection (e.g. to LISTEN), with the same settings as the pool. */
  readonly connectionOptions?: pg.ClientConfig;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: put every table in this schema (created if missing). */
  schema?: string;
  poolSize?: number;
}

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Db {
  return config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, options);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // The database holds password hashes and sealed secrets: owner-only, like the secret file. SQLite creates
    // its -wal and -shm files with the database file's permissions, so they follow.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // Every committed change reaches the disk: identity data must survive a power cut.
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const kysely = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database }) });
  return {
    kysely,
    dialect: 'sqlite',
    schema: null,
    description: `SQLite ${file}`,
    close: () => kysely.destroy(),
  };
}

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE). With the default deferred BEGIN, a
 * transaction that reads and then writes fails with SQLITE_BUSY — which no busy timeout can wait out — when
 * another process (`keyward admin …` next to the server) wrote in between.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

const INT8_OID = 20;

const require = createRequire(import.meta.url);

/** The pg driver, loaded only when PostgreSQL is configured: a SQLite node never pays its memory. */
export function loadPg(): typeof pg {
  return require('pg') as typeof pg;
}

function openPostgres(url: string, options: OpenOptions): Db {
  const pg = loadPg();
  const parsed = new URL(url);
  const schema = options.schema ?? null;
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new TypeError(`bad schema name ${schema}`);
  const connectionOptions: pg.ClientConfig = {
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool({
    ...connectionOptions,
    max: options.poolSize ?? 10,
    // Timestamps are BIGINT milliseconds; they fit a JS number, so read them as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reports the error.
  pool.on('error', () => {});
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    schema,
    connectionOptions,
    description: `PostgreSQL ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}${schema ? ` (schema ${schema})` : ''}`,
    close: () => kysely.destroy(),
  };
}

/** Creates the schema given in OpenOptions (PostgreSQL only). */
export async function ensureSchema(db: Db): Promise<void> {
  if (db.dialect === 'postgres' && db.schema) {
    await sql`create schema if not exists ${sql.id(db.schema)}`.execute(db.kysely);
  }
}

/** Rows that are lists or objects are stored as JSON text. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * Whether an error is a unique-constraint violation, on either dialect.
 * Stores turn these into domain errors (e.g. user.email_taken).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Rows per statement when stamping last use: well under either database's limit on bound parameters. */
const STAMP_CHUNK = 500;

/**
 * Sets `last_used_at` of many rows in one statement per 500 (a batch from a BatchWriter), never moving a stamp
 * backwards. One statement instead of one per row: on SQLite each lone UPDATE is its own commit, an fsync on
 * the event loop; on PostgreSQL a round trip each.
 */
export async function stampLastUsed(
  db: Executor,
  table: StampedTable,
  idType: 'text' | 'bigint',
  uses: readonly { id: string | number; at: number }[],
): Promise<void> {
  for (let start = 0; start < uses.length; start += STAMP_CHUNK) {
    await stampStatement(table, idType, uses.slice(start, start + STAMP_CHUNK)).execute(db);
  }
}

type StampedTable = 'api_tokens' | 'consumer_credentials';

/**
 * One stamping statement. The `id IN (SELECT id FROM stamp)` repeats the join condition on purpose: without
 * statistics (Keyward never runs ANALYZE on SQLite) SQLite's planner takes a VALUES list of more than about 250
 * rows for a large table and scans the whole target table against it — 200 ms a batch at a million API tokens.
 * The IN makes both SQLite and PostgreSQL look each row up by primary key.
 */
export function stampStatement(
  table: StampedTable,
  idType: 'text' | 'bigint',
  uses: readonly { id: string | number; at: number }[],
): RawBuilder<unknown> {
  const type = sql.raw(idType === 'text' ? 'TEXT' : 'BIGINT');
  const rows = uses.map((use) => sql`(CAST(${use.id} AS ${type}), CAST(${use.at} AS BIGINT))`);
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql`
    WITH stamp (id, at) AS (VALUES ${sql.join(rows)})
    UPDATE ${sql.table(table)} SET last_used_at = stamp.at
    FROM stamp
    WHERE ${column('id')} = stamp.id
      AND ${column('id')} IN (SELECT id FROM stamp)
      AND (${column('last_used_at')} IS NULL OR ${column('last_used_at')} < stamp.at)
  `;
}
