import { createApp, createConsumerApp, createOrg, type Operator, signIn } from '../credentials.js';
import type { SecretLedger } from '../ledger.js';
import { findServerFaults } from '../logs.js';
import { caseSeed, Rand } from '../random.js';
import type { ServerProcess } from '../server.js';
import { CredentialBook } from './book.js';
import { type LoadContext, runWorker, type WorkerState } from './load.js';
import { verifyRecords } from './verify.js';

export interface KillOptions {
  cycles: number;
  workers: number;
  seed: number;
  /** The kill comes at a random moment this long after the load starts (ms). */
  loadMs: [number, number];
}

export interface KillReport {
  database: string;
  cycles: number;
  /** Credentials answered 2xx, by kind. */
  issued: Record<string, number>;
  operations: number;
  /** Checks made after restarts (each cycle's credentials, then all of them at the end). */
  checks: number;
  /** One line per integrity check: "ok", or what SQLite found. */
  integrity: string[];
  failures: string[];
  durationMs: number;
}

/**
 * N cycles of: load from several workers, SIGKILL at a random moment, the database checked while the server is
 * down, a restart, and every credential answered 2xx in that cycle checked. At the end every credential of
 * every cycle is checked once more, and the server stopped gracefully.
 */
export async function runKillCycles(
  server: ServerProcess,
  operator: Operator,
  ledger: SecretLedger,
  options: KillOptions,
  progress: (line: string) => void,
): Promise<KillReport> {
  const started = Date.now();
  const database = server.settings.database;
  const label = `kill ${database.kind}`;
  const report: KillReport = {
    database: database.description,
    cycles: 0,
    issued: {},
    operations: 0,
    checks: 0,
    integrity: [],
    failures: [],
    durationMs: 0,
  };
  const base = server.url;
  const logStart = server.logText().length;
  let session = await signIn(base, operator, ledger);
  const orgId = await createOrg(session, 'Soak kill -9');
  const introspector = await createApp(session, orgId, 'server', ledger, `${label}: set-up`);
  const states: WorkerState[] = [];
  for (let i = 0; i < options.workers; i++) {
    states.push({
      consumerApp: await createConsumerApp(session, ledger, `${label}: set-up`),
      webApp: await createApp(session, orgId, 'web', ledger, `${label}: set-up`),
      tokens: [],
      apps: [],
      refreshTokens: [],
    });
  }
  const book = new CredentialBook();
  const rand = new Rand(options.seed);
  const verifyContext = { base, orgId, introspector, ledger, label };

  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    book.cycle = cycle;
    let killing = false;
    const context: LoadContext = {
      base,
      session,
      orgId,
      ledger,
      book,
      label: `${label} cycle ${cycle}`,
      killing: () => killing,
    };
    const workers = states.map((state, i) =>
      runWorker(context, state, caseSeed(options.seed, cycle * 1000 + i)),
    );
    await new Promise((done) => setTimeout(done, rand.int(options.loadMs[0], options.loadMs[1])));
    if (!server.running)
      report.failures.push(`cycle ${cycle}: the server died under load (${server.unexpectedExit})`);
    killing = true;
    await server.kill();
    for (const result of await Promise.all(workers)) {
      report.operations += result.operations;
      report.failures.push(
        ...result.failures.map((failure) => `cycle ${cycle}, before the kill: ${failure}`),
      );
    }
    const integrity = database.integrityCheck();
    if (integrity !== null) {
      report.integrity.push(integrity);
      if (integrity !== 'ok')
        report.failures.push(`cycle ${cycle}: integrity_check after kill -9: ${integrity}`);
    }
    await server.start();
    // The session was answered 2xx too: it must survive the restart like any other credential.
    if ((await session.call('GET', '/api/v1/me')).status !== 200) {
      report.failures.push(`cycle ${cycle}: the operator's session did not survive the restart`);
      session = await signIn(base, operator, ledger);
    }
    const records = book.toCheck(cycle);
    report.checks += records.length;
    report.failures.push(
      ...(await verifyRecords(verifyContext, book, records)).map((failure) => `cycle ${cycle}: ${failure}`),
    );
    report.cycles = cycle;
    progress(
      `kill [${database.kind}]: cycle ${cycle}/${options.cycles}: ${records.length} credentials checked after the restart`,
    );
  }

  const everything = book.toCheck();
  report.checks += everything.length;
  report.failures.push(
    ...(await verifyRecords(verifyContext, book, everything)).map((failure) => `final check: ${failure}`),
  );
  const code = await server.stop();
  if (code !== 0) report.failures.push(`the server's graceful stop exited with ${code}`);
  const integrity = database.integrityCheck();
  if (integrity !== null) {
    report.integrity.push(integrity);
    if (integrity !== 'ok') report.failures.push(`integrity_check after the graceful stop: ${integrity}`);
  }
  for (const fault of findServerFaults(server.logText().slice(logStart)))
    report.failures.push(`server log: ${fault.reason}: ${fault.line.slice(0, 500)}`);
  report.issued = book.countByKind();
  report.durationMs = Date.now() - started;
  return report;
}
