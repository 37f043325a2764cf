import type { SecretLedger } from '../ledger.js';
import { findServerFaults } from '../logs.js';
import type { ServerProcess } from '../server.js';
import { type FuzzCase, generateCase } from './cases.js';
import { type Outcome, type RawRequest, sendRaw, serialize } from './raw.js';
import { allTargets, FAMILIES, type Family } from './targets.js';
import { type FuzzWorld, healWorld } from './world.js';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Replay this one case (after set-up) instead of `count` cases. */
  only?: number | undefined;
  concurrency: number;
  /** A request with no answer after this long is a hang. */
  timeoutMs: number;
  /** Cases between two checks of the world's credentials. */
  healEvery: number;
}

export interface FuzzFailure {
  index: number | null;
  route: string;
  mutations: string[];
  problem: string;
  request: string;
}

export interface FuzzReport {
  database: string;
  seed: number;
  cases: number;
  byFamily: Record<Family, number>;
  /** Answers by status class, and cases with no answer by why. */
  outcomes: Record<string, number>;
  /** Distinct routes aimed at. */
  routes: number;
  failures: FuzzFailure[];
  /** Credentials the fuzzer revoked or spent, put back between batches. */
  healed: Record<string, number>;
  /** What could not be put back (the fuzzer went on with less): not a failure of the server. */
  notes: string[];
  durationMs: number;
}

/**
 * Sends `count` fuzz cases at the server, `concurrency` at a time, checking between batches that it is alive
 * and putting back the credentials mutated requests spent. Fails on any 5xx, any hang, the server's death, and
 * any error-level line or 5xx in its log.
 */
export async function runFuzz(
  server: ServerProcess,
  world: FuzzWorld,
  ledger: SecretLedger,
  options: FuzzOptions,
  progress: (line: string) => void,
): Promise<FuzzReport> {
  const started = Date.now();
  const logStart = server.logText().length;
  const targets = allTargets(world);
  const report: FuzzReport = {
    database: server.settings.database.description,
    seed: options.seed,
    cases: 0,
    byFamily: Object.fromEntries(FAMILIES.map((family) => [family, 0])) as Record<Family, number>,
    outcomes: {},
    routes: new Set(targets.map((target) => `${target.methods.join('|')} ${target.path}`)).size,
    failures: [],
    healed: {},
    notes: [],
    durationMs: 0,
  };
  const indices =
    options.only === undefined ? Array.from({ length: options.count }, (_v, i) => i) : [options.only];
  const cases = new Map<string, FuzzCase>();

  for (let start = 0; start < indices.length && server.running; start += options.healEvery) {
    const batch = indices.slice(start, start + options.healEvery);
    let next = 0;
    const worker = async () => {
      while (next < batch.length && server.running) {
        const index = batch[next++] as number;
        const fuzzCase = generateCase(world, targets, options.seed, index);
        cases.set(`soak-${index}`, fuzzCase);
        const outcome = await sendRaw(world.port, fuzzCase.request, { timeoutMs: options.timeoutMs });
        record(report, fuzzCase, outcome);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    if (!server.running || !(await server.ready())) break;
    const healed = await healWorld(world, ledger);
    for (const what of healed.replaced) report.healed[what] = (report.healed[what] ?? 0) + 1;
    for (const note of healed.notes) if (!report.notes.includes(note)) report.notes.push(note);
    progress(
      `fuzz [${world.base}]: ${Math.min(start + batch.length, indices.length)}/${indices.length} cases`,
    );
  }

  if (!server.running || !(await server.ready())) {
    report.failures.push({
      index: null,
      route: '(server)',
      mutations: [],
      problem: `the server died or stopped answering (${server.unexpectedExit ?? 'no answer on /readyz'})`,
      request: '',
    });
  }
  for (const fault of findServerFaults(server.logText().slice(logStart))) {
    const fuzzCase = fault.requestId ? cases.get(fault.requestId) : undefined;
    report.failures.push({
      index: fuzzCase?.index ?? null,
      route: fuzzCase?.route ?? '(not a fuzz request)',
      mutations: fuzzCase?.mutations ?? [],
      problem: `server log: ${fault.reason}`,
      request: fuzzCase ? preview(fuzzCase.request) : fault.line.slice(0, 2_000),
    });
  }
  report.durationMs = Date.now() - started;
  return report;
}

function record(report: FuzzReport, fuzzCase: FuzzCase, outcome: Outcome): void {
  report.cases++;
  report.byFamily[fuzzCase.family]++;
  const key = outcome.kind === 'answered' ? `${Math.floor(outcome.status / 100)}xx` : outcome.kind;
  report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
  const problem =
    outcome.kind === 'answered' && outcome.status >= 500
      ? `answered ${outcome.status}`
      : outcome.kind === 'timeout'
        ? `no answer within ${outcome.ms} ms (a hang)`
        : outcome.kind === 'refused'
          ? `connection refused (${outcome.error}): the server is down`
          : null;
  if (problem) {
    report.failures.push({
      index: fuzzCase.index,
      route: fuzzCase.route,
      mutations: fuzzCase.mutations,
      problem,
      request: preview(fuzzCase.request),
    });
  }
}

/** The request as sent, printable: non-printing bytes escaped, long runs shortened. */
export function preview(request: RawRequest, limit = 1_500): string {
  const text = serialize(request)
    .toString('latin1')
    .replace(
      /(.)\1{63,}/gs,
      (run, char: string) => `${char.repeat(8)}…(${run.length} × ${JSON.stringify(char)})`,
    )
    .replace(/[^\x20-\x7e\n]/g, (char) =>
      char === '\r' ? '' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
  return text.length > limit ? `${text.slice(0, limit)}…(${text.length - limit} more characters)` : text;
}
