import { parseArgs } from 'node:util';
import type { DatabaseKind } from './database.js';
import { newSeed } from './random.js';
import type { SoakOptions } from './run.js';

export const HELP = `npm run soak -- [options]

  --fuzz N            fuzz requests per database (default 20000; 0: none)
  --kills N           kill -9 cycles per database (default 15; 0: none)
  --db KIND           sqlite, postgres or both (default: both when a PostgreSQL URL is set, else sqlite)
  --postgres-url URL  PostgreSQL for --db postgres|both (default: KEYWARD_SOAK_DATABASE_URL, then
                      KEYWARD_TEST_DATABASE_URL); the soak works in a fresh schema and drops it
  --seed N            the run's seed (default: random; printed, so a failure can be replayed)
  --case I            replay fuzz case I of --seed alone (no kill cycles)
  --no-scan           skip the secret scan
  --concurrency N     fuzz requests in flight (default 6)
  --workers N         load workers during kill cycles (default 4)
  --timeout-ms N      a fuzz request unanswered this long is a hang (default 10000)
  --load-ms MIN-MAX   the kill comes this long after the load starts (default 300-2500)
  --log-level LEVEL   the servers' log level (default info; the scan reads whatever they write)
  --server-workers N  KEYWARD_WORKERS of the servers: N or auto (default: the server's own, auto); a kill
                      takes the whole process group, supervisor and workers
  --keep              keep data directories, logs and PostgreSQL schemas
  --work-dir DIR      where data directories go (default: the system temp dir)
`;

/** A flag the soak cannot use; the message names it. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

function fail(message: string): never {
  throw new OptionsError(message);
}

function integer(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min)
    fail(`--${name} takes a whole number (at least ${min}), not "${text}"`);
  return Number(text);
}

/** The options of `npm run soak`, from its flags and environment; null when --help was asked. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): SoakOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      fuzz: { type: 'string' },
      kills: { type: 'string' },
      db: { type: 'string' },
      'postgres-url': { type: 'string' },
      seed: { type: 'string' },
      case: { type: 'string' },
      'no-scan': { type: 'boolean' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'load-ms': { type: 'string' },
      'log-level': { type: 'string' },
      'server-workers': { type: 'string' },
      keep: { type: 'boolean' },
      'work-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const postgresUrl =
    values['postgres-url'] ?? env.KEYWARD_SOAK_DATABASE_URL ?? env.KEYWARD_TEST_DATABASE_URL;
  const db = values.db ?? (postgresUrl ? 'both' : 'sqlite');
  const databases: Record<string, DatabaseKind[]> = {
    sqlite: ['sqlite'],
    postgres: ['postgres'],
    both: ['sqlite', 'postgres'],
  };
  const chosen = databases[db];
  if (!chosen) fail(`--db takes sqlite, postgres or both, not "${db}"`);
  if (chosen.includes('postgres') && !postgresUrl) {
    fail('--db postgres needs --postgres-url (or KEYWARD_SOAK_DATABASE_URL / KEYWARD_TEST_DATABASE_URL)');
  }
  const load = /^(\d+)-(\d+)$/.exec(values['load-ms'] ?? '300-2500');
  if (!load || Number(load[1]) > Number(load[2]))
    fail('--load-ms takes MIN-MAX in milliseconds, e.g. 300-2500');
  const fuzzCase = values.case === undefined ? undefined : integer('case', values.case, 0);
  return {
    fuzz: fuzzCase === undefined ? integer('fuzz', values.fuzz, 20_000) : 0,
    kills: integer('kills', values.kills, 15),
    databases: chosen,
    postgresUrl,
    seed: integer('seed', values.seed, newSeed()),
    fuzzCase,
    scan: !values['no-scan'],
    concurrency: integer('concurrency', values.concurrency, 6, 1),
    workers: integer('workers', values.workers, 4, 1),
    timeoutMs: integer('timeout-ms', values['timeout-ms'], 10_000, 100),
    loadMs: [Number(load[1]), Number(load[2])],
    logLevel: values['log-level'] ?? 'info',
    serverWorkers: values['server-workers'],
    keep: values.keep ?? false,
    workDir: values['work-dir'] ?? '',
  };
}
