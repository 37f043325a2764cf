// `npm run bench`: Keyward against oidc-provider and a minimal Fastify + node:crypto route, on this machine,
// in one run (DESIGN §11, bench/README.md). Builds Keyward, seeds SQLite and PostgreSQL through Keyward's own
// services (plus 1M-token copies), measures every scenario with the targets interleaved round by round,
// profiles what misses its target, and writes bench/results/<date>.md and .svg.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ratioChart } from './chart.js';
import { dropDatabases, planDatabases, seedDatabases } from './lib/databases.js';
import { aggregate, evaluateGoals, profilingPlan } from './lib/goals.js';
import { repoRoot } from './lib/keyward-dist.js';
import { describeMachine } from './lib/machine.js';
import { measure } from './lib/measure.js';
import { expectedSeconds, parseSettings, targetsOf, USAGE } from './lib/plan.js';
import { postgresVersion } from './lib/postgres.js';
import { killStarted } from './lib/processes.js';
import { profileFileIn, summarizeProfile } from './lib/profile.js';
import { renderReport } from './report.js';
import { LOAD_CORE } from './servers/start.js';

const MAX_PROFILES = 10;
const started = performance.now();
const settings = parseSettings(process.argv.slice(2));
if (settings.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const log = (text) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${text}\n`);
const date = new Date().toISOString().slice(0, 10);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = new URL('./results/', import.meta.url).pathname;
const tmpDir = `${resultsDir}tmp/${stamp}`;
mkdirSync(`${tmpDir}/logs`, { recursive: true });

if (settings.postgres && !(await postgresVersion())) {
  log(
    'PostgreSQL does not answer at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432): SQLite only',
  );
  settings.postgres = false;
}
const expected = expectedSeconds(settings);
log(
  `${expected.measurements} measurements (${settings.scenarios.join(', ')}; ${settings.rounds} round(s) of ` +
    `${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s), PostgreSQL ${settings.postgres ? 'on' : 'off'}, ` +
    `scale ${settings.scale ? `${settings.scaleApiTokens.toLocaleString('en-US')} tokens` : 'off'}: expect about ${Math.ceil(expected.seconds / 60)} min`,
);

const run = {
  date,
  settings,
  tmpDir,
  logDir: `${tmpDir}/logs`,
  secret: `bench-${crypto.randomUUID()}-${crypto.randomUUID()}`,
  adminPassword: `bench operator ${crypto.randomUUID()}`,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  expectedSeconds: expected.seconds,
  measurements: [],
};
run.databases = planDatabases(run);
if (settings.keep) {
  // What it takes to start a kept database's Keyward again by hand (the secret is this run's throwaway).
  writeFileSync(
    `${tmpDir}/run.json`,
    JSON.stringify({ secret: run.secret, databases: run.databases }, null, 1),
    {
      mode: 0o600,
    },
  );
}
process.once('SIGINT', () => {
  killStarted();
  process.exit(130);
});

try {
  if (settings.build) {
    log('building Keyward (npm run build)');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  run.machine = await describeMachine();
  log('seeding');
  run.seeding = await seedDatabases(run);
  log(`seeded: ${JSON.stringify(run.seeding.timings)}`);
  // From here on this process only waits: keep it off the servers' core.
  execFileSync('taskset', ['-a', '-cp', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });

  for (const scenario of settings.scenarios) {
    const targets = targetsOf(scenario, settings);
    for (let round = 1; round <= settings.rounds; round++) {
      for (const target of targets) {
        const m = await measure(run, scenario, target);
        run.measurements.push(m);
        log(
          `${scenario} round ${round} ${target.id}: ${Math.round(m.rps)} req/s, p99 ${m.latencyMs.p99.toFixed(1)} ms, ` +
            `${Math.round(m.peakRssMb)} MiB, server ${Math.round(m.cpu.serverUtilisation * 100)}% busy, ` +
            `other processes ${Math.round(m.cpu.othersOnServerCore * 100)}% of its core, load generator ` +
            `${Math.round(m.cpu.loadUtilisation * 100)}% busy` +
            `${m.measured.non2xx + m.measured.errors + m.samples.failed > 0 ? ' — FAILURES' : ''}`,
        );
      }
    }
  }

  // The p99 target again at half the load each server sustained: latency in normal operation, not saturation.
  run.halfLoad = [];
  if (settings.scenarios.includes('client_credentials')) {
    const rows = aggregate(run.measurements);
    for (const target of targetsOf('client_credentials', settings)) {
      const rate = Math.round(rows.get(`client_credentials/${target.id}`).rps / 2);
      const m = await measure(run, 'client_credentials', target, { rate, tag: '-half' });
      run.halfLoad.push({ ...m, offeredRate: rate });
      log(
        `client_credentials at ${rate} req/s on ${target.id}: p50 ${m.latencyMs.p50.toFixed(2)} ms, p99 ${m.latencyMs.p99.toFixed(2)} ms`,
      );
    }
  }

  run.rows = aggregate(run.measurements);
  run.goals = evaluateGoals(run.rows, settings);
  run.profiles = new Map();
  if (settings.profile) {
    for (const { scenario, target } of profilingPlan(run.goals, MAX_PROFILES)) {
      const spec = targetsOf(scenario, settings).find((t) => t.id === target);
      const dir = `${tmpDir}/profiles/${scenario}-${target}`;
      mkdirSync(dir, { recursive: true });
      log(`profiling ${scenario} on ${target}`);
      const durations = { warmupSeconds: 2, durationSeconds: settings.quick ? 3 : 5 };
      const m = await measure(run, scenario, spec, {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
        durations,
        tag: '-profile',
      });
      run.profiles.set(
        `${scenario}/${target}`,
        summarizeProfile(profileFileIn(dir), { ...m.window, requests: m.measured.requests }),
      );
    }
  }

  run.loadAverageAtEnd = loadavg();
  run.totalSeconds = (performance.now() - started) / 1000;
  const base = `${date}${settings.label ? `-${settings.label}` : ''}`;
  run.chartFile = `${base}.svg`;
  const minimal = run.rows.get('client_credentials/minimal');
  const oidc = run.rows.get('client_credentials/oidc-provider');
  const context =
    minimal && oidc
      ? [{ label: 'reference: minimal route / oidc-provider', value: minimal.rps / oidc.rps }]
      : [];
  const title = `Keyward bench ${date}${settings.label ? ` (${settings.label})` : ''}: ratios and targets`;
  writeFileSync(`${resultsDir}${base}.svg`, ratioChart(run.goals, title, context));
  writeFileSync(`${resultsDir}${base}.md`, renderReport(run).replaceAll(repoRoot, ''));
  writeFileSync(`${tmpDir}/measurements.json`, JSON.stringify(run.measurements, null, 1));
  if (!settings.label) linkLatest(base);
  const met = run.goals.filter((goal) => goal.pass).length;
  log(`${met}/${run.goals.length} targets met; wrote bench/results/${base}.md and .svg`);
} finally {
  killStarted();
  if (!settings.keep) {
    await dropDatabases(run);
    rmSync(tmpDir, { recursive: true, force: true });
  } else {
    log(`kept ${tmpDir} (PostgreSQL databases keyward_bench and keyward_bench_1m too)`);
  }
}

/** Points the "latest results" lines of bench/README.md and of the project README at this run. */
function linkLatest(base) {
  for (const [file, prefix] of [
    ['./README.md', 'results/'],
    ['../README.md', 'bench/results/'],
  ]) {
    const readme = new URL(file, import.meta.url);
    const text = readFileSync(readme, 'utf8');
    const updated = text.replace(
      /<!-- latest -->.*<!-- \/latest -->/,
      `<!-- latest -->[${prefix}${base}.md](${prefix}${base}.md) ([chart](${prefix}${base}.svg))<!-- /latest -->`,
    );
    writeFileSync(readme, updated);
  }
}
