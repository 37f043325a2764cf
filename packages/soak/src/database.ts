import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';

/** One part of a database dump, as bytes to scan. */
export interface DumpPart {
  name: string;
  bytes: Buffer;
}

/**
 * The database a soak server runs on: SQLite in its data directory, or a fresh PostgreSQL schema that is
 * dropped afterwards. It knows how to point `keyward serve` at itself, check itself, and dump itself.
 */
export interface SoakDatabase {
  kind: DatabaseKind;
  /** For reports: the SQLite file or the PostgreSQL schema, never a password. */
  description: string;
  /** Variables that make `keyward` use this database. */
  env: Record<string, string>;
  /** SQLite: `PRAGMA integrity_check` and `foreign_key_check` with the server stopped ("ok" when sound). */
  integrityCheck(): string | null;
  /** Everything the database holds, in the forms an attacker with a backup would read. */
  dump(): Promise<DumpPart[]>;
  /** Removes the PostgreSQL schema (SQLite files go with the data directory). */
  drop(): Promise<void>;
}

export function sqliteDatabase(dataDir: string): SoakDatabase {
  const file = join(dataDir, 'keyward.db');
  return {
    kind: 'sqlite',
    description: `SQLite ${file}`,
    env: {},
    integrityCheck: () => checkSqlite(file),
    dump: async () => dumpSqlite(file),
    drop: async () => {},
  };
}

function checkSqlite(file: string): string {
  // Read-only, as a backup tool would open it: whatever the killed server left (WAL included) is what is judged.
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = integrity.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    if (foreignKeys.length > 0) problems.push(`${foreignKeys.length} foreign key violation(s)`);
    return problems.length === 0 ? 'ok' : problems.join('; ');
  } finally {
    db.close();
  }
}

function dumpSqlite(file: string): DumpPart[] {
  const parts: DumpPart[] = [];
  for (const suffix of ['', '-wal', '-journal']) {
    if (existsSync(file + suffix))
      parts.push({ name: `keyward.db${suffix} (file bytes)`, bytes: readFileSync(file + suffix) });
  }
  // `.dump` by the sqlite3 shell where it is installed; the same rows read through the driver where it is not.
  const shell = spawnSync('sqlite3', ['-readonly', file, '.dump'], { maxBuffer: 1 << 30 });
  if (shell.status === 0) parts.push({ name: 'sqlite3 .dump', bytes: shell.stdout });
  else parts.push({ name: 'every table (SELECT *)', bytes: selectEverySqliteTable(file) });
  return parts;
}

function selectEverySqliteTable(file: string): Buffer {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as {
      name: string;
    }[];
    const chunks: Buffer[] = [];
    for (const { name } of tables) {
      for (const row of db.prepare(`select * from "${name.replaceAll('"', '""')}"`).all() as Record<
        string,
        unknown
      >[]) {
        chunks.push(rowBytes(name, row));
      }
    }
    return Buffer.concat(chunks);
  } finally {
    db.close();
  }
}

/** A row as text, binary columns kept as their raw bytes (a secret stored in clear in a blob must show). */
function rowBytes(table: string, row: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [Buffer.from(`${table}:`)];
  for (const [column, value] of Object.entries(row)) {
    parts.push(Buffer.from(` ${column}=`));
    parts.push(Buffer.isBuffer(value) ? value : Buffer.from(String(value)));
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** A new schema in the PostgreSQL database at `url`; `keyward` reaches it through the URL's search_path. */
export async function postgresDatabase(url: string): Promise<SoakDatabase> {
  const schema = `kw_soak_${randomBytes(6).toString('hex')}`;
  await withClient(url, (client) => client.query(`create schema ${schema}`));
  const serverUrl = new URL(url);
  serverUrl.searchParams.set('options', `-c search_path=${schema}`);
  const parsed = new URL(url);
  return {
    kind: 'postgres',
    description: `PostgreSQL ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname} schema ${schema}`,
    env: { KEYWARD_DATABASE_URL: serverUrl.href },
    integrityCheck: () => null,
    dump: () => dumpPostgres(url, schema),
    drop: () =>
      withClient(url, (client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => {}),
  };
}

async function dumpPostgres(url: string, schema: string): Promise<DumpPart[]> {
  const dumped = spawnSync('pg_dump', ['--no-owner', '--schema', schema, '--dbname', url], {
    maxBuffer: 1 << 30,
  });
  if (dumped.status === 0) return [{ name: `pg_dump --schema ${schema}`, bytes: dumped.stdout }];
  return [
    { name: `every table of ${schema} (SELECT *)`, bytes: await selectEveryPostgresTable(url, schema) },
  ];
}

async function selectEveryPostgresTable(url: string, schema: string): Promise<Buffer> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1',
      [schema],
    );
    const chunks: Buffer[] = [];
    for (const { table_name: name } of tables.rows) {
      const rows = await client.query<Record<string, unknown>>(
        `select * from ${schema}."${name.replaceAll('"', '""')}"`,
      );
      for (const row of rows.rows) chunks.push(rowBytes(name, row));
    }
    return Buffer.concat(chunks);
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
