// The load generator: one process, pinned by run.js to the core the servers do not use. It builds the
// scenario's requests, runs a warm-up, tells run.js ("warm") and waits for "go" on stdin, runs the measured
// load, then checks the sampled responses (tokens verified against the server's JWKS) and prints the result.
//   taskset -c 1 node bench/load.js <job.json>
// Every response's status is counted: any non-2xx, socket error or timeout makes the measurement FAILED.
// With `rate` in the job, the measured run is evenly paced at that many requests per second in all
// (lib/paced.js), for latency at a given load rather than at saturation.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { runPaced } from './lib/paced.js';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// Scenario ids are the grant's own spelling (client_credentials); their files are kebab-case.
const scenario = await import(`./scenarios/${job.scenario.replaceAll('_', '-')}.js`);
const plan = await scenario.prepare(job);

const url = new URL(plan.path, job.target.origin);
const samples = [];
let seen = 0;

/** The autocannon request: the scenario varies it per request, every `sampleEvery`th response is kept. */
const request = {
  method: plan.method,
  path: plan.path,
  headers: plan.headers,
  body: plan.body,
  ...(plan.next
    ? {
        setupRequest: (req, context) => {
          const { changes, expect } = plan.next();
          context.expect = expect;
          return { ...req, ...changes };
        },
      }
    : {}),
  onResponse: (status, body, context) => {
    seen += 1;
    if (seen <= 3 || seen % job.sampleEvery === 0) {
      samples.push({ status, body, expect: context.expect ?? plan.expect });
    }
  },
};

function run(seconds, latencies) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: job.connections,
        duration: seconds,
        requests: [request],
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/** Counts of everything autocannon saw; anything but 2xx is a failure of the run. */
function statusOf(result) {
  const codes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
  );
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    codes,
  };
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const warm = await run(job.warmupSeconds);
process.stdout.write(`${JSON.stringify({ phase: 'warm' })}\n`);
await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));

const warmSamples = samples.length;
let measured;
let latencies = [];
if (job.rate) {
  const paced = await runPaced({
    origin: job.target.origin,
    plan,
    rate: job.rate,
    seconds: job.durationSeconds,
    connections: job.connections,
    onResponse: request.onResponse,
  });
  latencies = paced.latencies;
  measured = { counts: paced.counts, seconds: paced.seconds };
} else {
  const result = await run(job.durationSeconds, latencies);
  measured = { counts: statusOf(result), seconds: result.duration };
}
process.stdout.write(`${JSON.stringify({ phase: 'measured' })}\n`);
latencies.sort((a, b) => a - b);

const failures = [];
for (const sample of samples) {
  const problem =
    sample.status >= 200 && sample.status < 300
      ? await plan.check(sample).catch((error) => `check threw: ${error.message}`)
      : `status ${sample.status}: ${String(sample.body).slice(0, 200)}`;
  if (problem) failures.push(problem);
}

const result = {
  warmup: statusOf(warm),
  measured: measured.counts,
  seconds: measured.seconds,
  rps: measured.counts.requests / measured.seconds,
  latencyMs: {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
  },
  samples: {
    checked: samples.length,
    warmup: warmSamples,
    failed: failures.length,
    failures: failures.slice(0, 5),
  },
};
process.stdout.write(`${JSON.stringify({ result })}\n`);
process.exit(0);
