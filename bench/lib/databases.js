// The databases of a run: SQLite and PostgreSQL, each seeded with the same kind of fixtures through Keyward's
// services, and a copy of each filled up to scale (so both sizes hold the very same driven credentials).
// Seeding runs before any measurement, on both cores, SQLite and PostgreSQL side by side; every step is timed.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keywardEnv } from '../servers/start.js';
import { repoRoot } from './keyward-dist.js';
import { databaseUrl, dropDatabase, recreateDatabase } from './postgres.js';

const seedScript = fileURLToPath(new URL('../seed.js', import.meta.url));
const fillerScript = fileURLToPath(new URL('../seed-filler.js', import.meta.url));
const PG_SMALL = 'keyward_bench';
const PG_SCALE = 'keyward_bench_1m';

/** Which databases the run needs, with where each lives; nothing is created yet. */
export function planDatabases(run) {
  const { settings, tmpDir } = run;
  const sqlite = { dataDir: `${tmpDir}/sqlite`, fixtures: `${tmpDir}/fixtures-sqlite.json` };
  const databases = { sqlite };
  if (settings.scale) databases['sqlite-1m'] = { dataDir: `${tmpDir}/sqlite-1m`, fixtures: sqlite.fixtures };
  if (settings.postgres) {
    const pg = {
      dataDir: `${tmpDir}/pg`,
      url: databaseUrl(PG_SMALL),
      postgres: PG_SMALL,
      fixtures: `${tmpDir}/fixtures-pg.json`,
    };
    databases.pg = pg;
    if (settings.scale) {
      databases['pg-1m'] = {
        dataDir: `${tmpDir}/pg-1m`,
        url: databaseUrl(PG_SCALE),
        postgres: PG_SCALE,
        fixtures: pg.fixtures,
      };
    }
  }
  return databases;
}

/** Seeds every planned database; returns what was made and how long each step took. */
export async function seedDatabases(run) {
  const { databases, settings } = run;
  const timings = {};
  const started = performance.now();
  const seedArgs = (database) => [
    seedScript,
    '--out',
    database.fixtures,
    '--api-tokens',
    String(settings.apiTokenPool),
    '--consumer-keys',
    String(settings.consumerKeyPool),
  ];
  const small = [['sqlite', databases.sqlite]];
  if (databases.pg) {
    await recreateDatabase(PG_SMALL);
    small.push(['pg', databases.pg]);
  }
  const fixtures = await Promise.all(
    small.map(async ([name, database]) => {
      mkdirSync(database.dataDir, { recursive: true });
      const result = await node(seedArgs(database), keywardEnv(run, database));
      timings[`fixtures (${name})`] = result.seconds;
      return result;
    }),
  );
  let filler = null;
  if (settings.scale) {
    cpSync(databases.sqlite.dataDir, databases['sqlite-1m'].dataDir, { recursive: true });
    if (databases.pg) await recreateDatabase(PG_SCALE, PG_SMALL);
    const fillerArgs = [
      fillerScript,
      '--api-tokens',
      String(settings.scaleApiTokens),
      '--consumer-keys',
      String(settings.scaleConsumerKeys),
    ];
    const large = ['sqlite-1m', ...(databases['pg-1m'] ? ['pg-1m'] : [])];
    const results = await Promise.all(
      large.map(async (name) => {
        const database = databases[name];
        mkdirSync(database.dataDir, { recursive: true });
        const begun = performance.now();
        const result = await node(fillerArgs, keywardEnv(run, database));
        timings[`filler (${name})`] = (performance.now() - begun) / 1000;
        return result;
      }),
    );
    filler = results[0];
  }
  timings.total = (performance.now() - started) / 1000;
  return { fixtures: fixtures[0], filler, timings };
}

export async function dropDatabases(run) {
  for (const database of Object.values(run.databases)) {
    if (database.postgres) await dropDatabase(database.postgres).catch(() => {});
  }
}

/** Runs a seeding script on any core (no server is running yet) and parses its one line of JSON output. */
function node(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '0,1', process.execPath, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      else reject(new Error(`${args[0]} failed (${code}):\n${stderr.slice(-3000)}`));
    });
  });
}
