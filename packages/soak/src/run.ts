import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newOperator } from './credentials.js';
import { type DatabaseKind, postgresDatabase, sqliteDatabase } from './database.js';
import { type FuzzReport, runFuzz } from './fuzz/run.js';
import { buildWorld, CHECKER_CLIENT_ID } from './fuzz/world.js';
import { type KillReport, runKillCycles } from './kill/run.js';
import { SecretLedger } from './ledger.js';
import { type ScanReport, type ScanSource, scanForSecrets } from './scan.js';
import { freePort, ServerProcess } from './server.js';

export interface SoakOptions {
  /** Fuzz cases per database (0: no fuzzing). */
  fuzz: number;
  /** kill -9 cycles per database (0: none). */
  kills: number;
  databases: DatabaseKind[];
  postgresUrl: string | undefined;
  seed: number;
  /** Replay one fuzz case. */
  fuzzCase?: number | undefined;
  scan: boolean;
  concurrency: number;
  workers: number;
  timeoutMs: number;
  loadMs: [number, number];
  logLevel: string;
  /** KEYWARD_WORKERS for the servers (their default, one worker per core, when undefined). */
  serverWorkers: string | undefined;
  /** Keep data directories, logs and PostgreSQL schemas for inspection. */
  keep: boolean;
  workDir: string;
}

export interface SoakReport {
  seed: number;
  fuzz: FuzzReport[];
  kill: KillReport[];
  scan: ScanReport | null;
  /** Problems outside the three parts (a server that would not start). */
  errors: string[];
  durationMs: number;
  /** Every problem found, counted. */
  problems: number;
  /** Where the data and logs are, when kept. */
  kept: string[];
}

/** Settings every soak server shares: limits raised so the load measures robustness, not quotas. */
const SOAK_ENV = {
  KEYWARD_API_TOKEN_LIMIT: '100000',
  KEYWARD_OVH_CREDENTIAL_REQUESTS_PER_HOUR: '1000000',
  KEYWARD_MAX_ORGS_PER_USER: '1000000',
  KEYWARD_SIGNED_REQUEST_CHECKERS: CHECKER_CLIENT_ID,
};

/**
 * Runs the soak. For each database, one server: the fuzzing first, then the kill cycles on the same database
 * (what the fuzzer left in it only makes the load more realistic). The scan reads every dump and log at the end.
 */
export async function runSoak(options: SoakOptions, progress: (line: string) => void): Promise<SoakReport> {
  const started = Date.now();
  const ledger = new SecretLedger();
  const secret = randomBytes(36).toString('base64url');
  ledger.add('server_secret', secret, 'KEYWARD_SECRET');
  const report: SoakReport = {
    seed: options.seed,
    fuzz: [],
    kill: [],
    scan: null,
    errors: [],
    durationMs: 0,
    problems: 0,
    kept: [],
  };
  const sources: ScanSource[] = [];
  for (const kind of options.databases) {
    try {
      await soakDatabase(kind, options, { ledger, secret, report, sources, progress });
    } catch (error) {
      report.errors.push(`[${kind}]: ${(error as Error).message}`);
    }
  }
  if (options.scan) report.scan = scanForSecrets(ledger, sources);
  report.problems =
    report.errors.length +
    report.fuzz.reduce((sum, fuzz) => sum + fuzz.failures.length, 0) +
    report.kill.reduce((sum, kill) => sum + kill.failures.length, 0) +
    (report.scan?.findings.length ?? 0);
  report.durationMs = Date.now() - started;
  return report;
}

interface RunState {
  ledger: SecretLedger;
  secret: string;
  report: SoakReport;
  sources: ScanSource[];
  progress: (line: string) => void;
}

async function soakDatabase(kind: DatabaseKind, options: SoakOptions, run: RunState): Promise<void> {
  const { ledger, report, progress } = run;
  const dataDir = mkdtempSync(join(options.workDir || tmpdir(), `keyward-soak-${kind}-`));
  const database =
    kind === 'sqlite' ? sqliteDatabase(dataDir) : await postgresDatabase(options.postgresUrl ?? '');
  const operator = newOperator(ledger);
  const server = new ServerProcess({
    dataDir,
    database,
    secret: run.secret,
    port: await freePort(),
    logFile: join(dataDir, 'server.log'),
    logLevel: options.logLevel,
    env: {
      ...SOAK_ENV,
      KEYWARD_ADMIN_EMAIL: operator.email,
      KEYWARD_ADMIN_PASSWORD: operator.password,
      ...(options.serverWorkers ? { KEYWARD_WORKERS: options.serverWorkers } : {}),
    },
  });
  try {
    await server.start();
    progress(`[${kind}] server up at ${server.url} on ${database.description}`);
    if (options.fuzz > 0 || options.fuzzCase !== undefined) {
      const world = await buildWorld(server.url, operator, ledger);
      const fuzzOptions = {
        count: options.fuzz,
        seed: options.seed,
        only: options.fuzzCase,
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        healEvery: 250,
      };
      report.fuzz.push(await runFuzz(server, world, ledger, fuzzOptions, progress));
    }
    if (options.kills > 0 && options.fuzzCase === undefined && server.running) {
      const killOptions = {
        cycles: options.kills,
        workers: options.workers,
        seed: options.seed,
        loadMs: options.loadMs,
      };
      report.kill.push(await runKillCycles(server, operator, ledger, killOptions, progress));
    }
  } finally {
    await server.stop();
    if (options.scan) {
      for (const dump of await database.dump())
        run.sources.push({ name: `${kind}: ${dump.name}`, bytes: dump.bytes });
      run.sources.push({ name: `${kind}: server log`, bytes: Buffer.from(server.logText(), 'utf8') });
    }
    if (options.keep) report.kept.push(`${dataDir} (${database.description})`);
    else {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
