// The bench's own PostgreSQL databases: created fresh for a run, dropped after, never anyone else's.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(work) {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers, and its version. */
export async function postgresVersion() {
  try {
    return await withAdmin(
      async (client) => (await client.query('show server_version')).rows[0].server_version,
    );
  } catch {
    return null;
  }
}

const quoted = (name) => {
  if (!/^keyward_bench[a-z0-9_]*$/.test(name)) throw new TypeError(`not a bench database: ${name}`);
  return `"${name}"`;
};

export async function recreateDatabase(name, template) {
  await withAdmin(async (client) => {
    await client.query(`drop database if exists ${quoted(name)} with (force)`);
    await client.query(`create database ${quoted(name)}${template ? ` template ${quoted(template)}` : ''}`);
  });
}

export async function dropDatabase(name) {
  await withAdmin((client) => client.query(`drop database if exists ${quoted(name)} with (force)`));
}

/** Pids of the backends serving `name` (Keyward's pool and listener). */
export async function backendPids(name) {
  return withAdmin(async (client) => {
    const { rows } = await client.query(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return rows.map((row) => row.pid);
  });
}

/**
 * Pins those backends to `core` with the server's priority: with SQLite the database work runs on the
 * server's core, so here too.
 */
export function pinProcesses(pids, core, priority = Number(process.env.BENCH_NICE ?? -10)) {
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-cp', String(core), String(pid)], { stdio: 'ignore' });
      execFileSync('renice', ['-n', String(priority), '-p', String(pid)], { stdio: 'ignore' });
    } catch {}
  }
}
