// The targets, evaluated on the medians of a run. Each says what it compares, the value, the target,
// PASS or MISS (and by how much), and which measurements a profile should explain when it misses.

/** Median of each (scenario, target) over its rounds; FAILED when any round had an error or a bad sample. */
export function aggregate(measurements) {
  const groups = new Map();
  for (const m of measurements) {
    const key = `${m.scenario}/${m.target}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  const median = (values) => {
    const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
    if (sorted.length === 0) return null;
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const rows = new Map();
  for (const [key, runs] of groups) {
    const problems = runs.flatMap(problemsOf);
    rows.set(key, {
      scenario: runs[0].scenario,
      target: runs[0].target,
      rounds: runs.length,
      rps: median(runs.map((r) => r.rps)),
      rpsEach: runs.map((r) => r.rps),
      p50: median(runs.map((r) => r.latencyMs.p50)),
      p99: median(runs.map((r) => r.latencyMs.p99)),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      idleRssMb: median(runs.map((r) => r.idleRssMb)),
      othersOnCore: median(runs.map((r) => r.cpu.othersOnServerCore)),
      loadUtilisation: median(runs.map((r) => r.cpu.loadUtilisation)),
      shutdownSeconds: Math.max(...runs.map((r) => r.shutdown?.seconds ?? 0)),
      uncleanExits: runs.filter((r) => r.shutdown?.code !== 0 && r.shutdown?.code !== undefined).length,
      cpuUsPerRequest: median(runs.map((r) => r.cpu.serverUsPerRequest)),
      dbUsPerRequest: median(runs.map((r) => r.cpu.databaseUsPerRequest)),
      utilisation: median(runs.map((r) => r.cpu.serverUtilisation)),
      requests: runs.reduce((sum, r) => sum + r.measured.requests + r.warmup.requests, 0),
      checked: runs.reduce((sum, r) => sum + r.samples.checked, 0),
      failed: problems.length > 0,
      problems,
    });
  }
  return rows;
}

function problemsOf(m) {
  const problems = [];
  for (const [phase, counts] of [
    ['warm-up', m.warmup],
    ['measured', m.measured],
  ]) {
    if (counts.non2xx > 0)
      problems.push(`${phase}: ${counts.non2xx} non-2xx (${JSON.stringify(counts.codes)})`);
    if (counts.errors > 0) problems.push(`${phase}: ${counts.errors} socket errors`);
    if (counts.timeouts > 0) problems.push(`${phase}: ${counts.timeouts} timeouts`);
  }
  if (m.measured.requests === 0) problems.push('no request completed');
  if (m.samples.failed > 0)
    problems.push(`${m.samples.failed} sampled responses failed: ${m.samples.failures[0]}`);
  return problems;
}

/** Every target of the issue that this run has the measurements for. */
export function evaluateGoals(rows, settings) {
  const get = (scenario, target) => rows.get(`${scenario}/${target}`);
  const goals = [];
  const ratio = (id, label, [sn, tn], [sd, td], target, explain) => {
    const numerator = get(sn, tn);
    const denominator = get(sd, td);
    if (!numerator || !denominator) return;
    const value = numerator.rps / denominator.rps;
    goals.push({
      id,
      label,
      kind: 'ratio',
      value,
      target,
      pass: value >= target && !numerator.failed && !denominator.failed,
      missBy: value >= target ? 0 : (target - value) / target,
      invalid: numerator.failed || denominator.failed,
      explain: explain ?? [
        [sn, tn],
        [sd, td],
      ],
    });
  };
  const limit = (id, label, [scenario, target], field, max, unit) => {
    const row = get(scenario, target);
    if (!row) return;
    const value = row[field];
    goals.push({
      id,
      label,
      kind: 'limit',
      unit,
      value,
      target: max,
      pass: value < max && !row.failed,
      missBy: value < max ? 0 : (value - max) / max,
      invalid: row.failed,
      explain: [[scenario, target]],
      rps: row.rps,
    });
  };
  const dbs = settings.postgres ? ['sqlite', 'pg'] : ['sqlite'];
  for (const db of dbs) {
    const kw = `keyward-${db}`;
    const cc = 'client_credentials';
    ratio(`cc-oidc-${db}`, `client_credentials ${kw} / oidc-provider`, [cc, kw], [cc, 'oidc-provider'], 3);
    ratio(`cc-minimal-${db}`, `client_credentials ${kw} / minimal route`, [cc, kw], [cc, 'minimal'], 0.8);
    limit(`cc-p99-${db}`, `client_credentials ${kw} p99 latency`, [cc, kw], 'p99', 5, 'ms');
    limit(`cc-rss-${db}`, `client_credentials ${kw} peak RSS`, [cc, kw], 'peakRssMb', 150, 'MiB');
    ratio(
      `api-cc-${db}`,
      `API-token exchange / client_credentials (${kw})`,
      ['api_token', kw],
      [cc, kw],
      0.7,
    );
    ratio(
      `ovh-cc-${db}`,
      `OVH-signed GET /me / client_credentials (${kw})`,
      ['ovh_signed', kw],
      [cc, kw],
      0.7,
    );
    ratio(
      `verify-jose-${db}`,
      `resource server: @keyward/verify / jose alone (${db})`,
      ['verification', `keyward-verify-rs-${db}`],
      ['verification', `jose-rs-${db}`],
      0.9,
    );
    for (const scenario of ['api_token', 'ovh_signed']) {
      ratio(
        `scale-${scenario}-${db}`,
        `${scenario} ${kw}: scale database / small one`,
        [scenario, `${kw}-1m`],
        [scenario, kw],
        0.9,
      );
    }
  }
  ratio(
    'gateway-direct',
    'through keyward gateway / straight to the upstream (valid Bearer token)',
    ['gateway', 'gateway'],
    ['gateway', 'upstream-direct'],
    0.7,
  );
  if (settings.postgres) {
    for (const scenario of settings.scenarios.filter((name) => name !== 'gateway')) {
      const [pg, sqlite] =
        scenario === 'verification' ? ['jose-rs-pg', 'jose-rs-sqlite'] : ['keyward-pg', 'keyward-sqlite'];
      ratio(`pg-${scenario}`, `${scenario}: PostgreSQL / SQLite`, [scenario, pg], [scenario, sqlite], 0.7);
    }
  }
  return goals;
}

/** The (scenario, target) pairs worth profiling for the missed goals, most telling first, at most `max`. */
export function profilingPlan(goals, max) {
  const wanted = [];
  const add = ([scenario, target]) => {
    if (!wanted.some((w) => w.scenario === scenario && w.target === target))
      wanted.push({ scenario, target });
  };
  const missed = goals.filter((goal) => !goal.pass);
  for (const goal of missed) add(goal.explain[0]);
  for (const goal of missed) for (const pair of goal.explain.slice(1)) add(pair);
  return wanted.slice(0, max);
}
