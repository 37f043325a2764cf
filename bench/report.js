// Writes bench/results/<date>.md: machine and versions, how the run was made, the targets with PASS/MISS,
// a table per scenario, the scale and PostgreSQL ratios, and for each missed target how much it was missed by
// and where the CPU went (from the profiles).
// A value that rounds to zero prints as 0, never -0 (a tiny negative difference of two CPU readings).
const fmt = (value, digits = 0) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : (Math.abs(value) < 10 ** -digits / 2 ? 0 : value).toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
const pct = (value) => `${fmt(value * 100, 0)}%`;
const verdict = (goal) =>
  goal.invalid ? '**FAILED run**' : goal.pass ? 'PASS' : `**MISS** by ${pct(goal.missBy)}`;
const shown = (goal) =>
  goal.kind === 'ratio'
    ? `${fmt(goal.value, 2)}×`
    : `${fmt(goal.value, goal.unit === 'ms' ? 2 : 0)} ${goal.unit}`;
const wanted = (goal) => (goal.kind === 'ratio' ? `≥ ${goal.target}×` : `< ${goal.target} ${goal.unit}`);

const TITLES = {
  client_credentials: 'client_credentials at the token endpoint (ES256 JWT)',
  api_token: 'API-token exchange (CSP `/auth/api-tokens/authorize`)',
  ovh_signed: 'OVH-signed `GET /1.0/me` (official npm client signing)',
  introspection: 'Introspection of a valid access token (RFC 7662)',
  verification: 'Resource server verifying access tokens (jose + JWKS)',
};

export function renderReport(run) {
  const { machine, settings, rows, goals, profiles, seeding, chartFile } = run;
  const met = goals.filter((goal) => goal.pass).length;
  const failedRows = [...rows.values()].filter((row) => row.failed);
  const out = [];
  const line = (text = '') => out.push(text);
  const kinds = {
    quick: ' (quick smoke run: not a measurement)',
    partial: ' (partial run: not the full set of targets)',
  };
  line(`# Keyward bench — ${run.date}${kinds[settings.label] ?? ''}`);
  line();
  line(
    `**${met} of ${goals.length} targets met.** ${failedRows.length === 0 ? 'Every request of every run answered 2xx and every sampled response checked out.' : `**${failedRows.length} measurement(s) FAILED** (errors or bad responses; see below) — their figures are not speed.`}`,
  );
  line();
  line(`![ratios](${chartFile})`);
  line();
  line('## Targets');
  line();
  line('| target | measured | wanted | result |');
  line('|---|---|---|---|');
  for (const goal of goals) line(`| ${goal.label} | ${shown(goal)} | ${wanted(goal)} | ${verdict(goal)} |`);
  line();
  const minimal = rows.get('client_credentials/minimal');
  const oidc = rows.get('client_credentials/oidc-provider');
  if (minimal && oidc) {
    line(
      `For scale: the minimal route, which does nothing but parse the form, hash the secret and sign, reached ` +
        `${fmt(minimal.rps / oidc.rps, 2)}× oidc-provider here — the most a Node server doing this work can show ` +
        `against it on this machine, and the bound on any "× oidc-provider" figure.`,
    );
    line();
  }
  for (const scenario of settings.scenarios) {
    scenarioSection(line, scenario, rows, run);
    if (scenario === 'client_credentials') halfLoadSection(line, run.halfLoad);
  }
  comparisonSection(
    line,
    rows,
    `Scale: ${fmt(settings.scaleApiTokens)} API tokens and ${fmt(settings.scaleConsumerKeys)} consumer credentials against the small database`,
    (row) => (row.target.endsWith('-1m') ? [row.target.replace(/-1m$/, ''), row.target] : null),
  );
  comparisonSection(
    line,
    rows,
    'PostgreSQL against SQLite (verification never touches the database: its ratio is the noise between two like runs)',
    (row) =>
      row.target === 'keyward-pg' || row.target === 'jose-rs-pg'
        ? [row.target.replace(/pg$/, 'sqlite'), row.target]
        : null,
  );
  missedSection(line, goals, rows, profiles, run.halfLoad);
  profilesSection(line, profiles);
  setupSection(line, run, machine, settings, seeding);
  return `${out.join('\n')}\n`;
}

function scenarioSection(line, scenario, rows, run) {
  const mine = [...rows.values()].filter((row) => row.scenario === scenario);
  if (mine.length === 0) return;
  line(`## ${TITLES[scenario]}`);
  line();
  line(
    '| target | req/s (median) | each round | p50 ms | p99 ms | RSS idle → peak MiB | server CPU µs/req | PostgreSQL CPU µs/req | server busy / others on its core / load generator busy | checked | status | ratios |',
  );
  line('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of mine) {
    line(
      `| ${row.target} | ${fmt(row.rps)} | ${row.rpsEach.map((v) => fmt(v)).join(' / ')} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} | ${fmt(row.idleRssMb)} → ${fmt(row.peakRssMb)} | ${fmt(row.cpuUsPerRequest)} | ${fmt(row.dbUsPerRequest)} | ${pct(row.utilisation)} / ${pct(row.othersOnCore)} / ${pct(row.loadUtilisation)} | ${fmt(row.requests)} requests, ${row.checked} samples | ${row.failed ? `**FAILED**: ${row.problems.slice(0, 2).join('; ')}` : 'ok'} | ${ratiosOf(row, rows, run).join('; ')} |`,
    );
  }
  line();
  for (const row of mine) {
    // 50 requests always waiting, the core free, the load generator not the limit: the server sat blocked.
    const busy = row.utilisation + ((row.dbUsPerRequest ?? 0) * row.rps) / 1e6;
    if (busy < 0.9 && row.othersOnCore < 0.05 && row.loadUtilisation < 0.8) {
      line(
        `- ${row.target} (with its PostgreSQL backends, if any) used only ${pct(busy)} of its core although 50 requests were always waiting, ` +
          'no other process took the core and the load generator had room: for the rest of the time its event ' +
          'loop was blocked without computing (synchronous I/O such as a SQLite commit waiting for fsync).',
      );
    }
    if (row.shutdownSeconds > 2 || row.uncleanExits > 0) {
      line(
        `- ${row.target} took up to ${fmt(row.shutdownSeconds, 1)} s to exit after SIGTERM once the load had ` +
          `stopped${row.uncleanExits > 0 ? `, and exited with a non-zero code in ${row.uncleanExits} of ${row.rounds} round(s)` : ''}: ` +
          'work queued during the run was still being written (or was cut off by the shutdown grace period).',
      );
    }
  }
  line();
}

function halfLoadSection(line, halfLoad) {
  if (!halfLoad?.length) return;
  line(
    'Latency at half load (one round each: the same 50 connections, offered half the median req/s that target sustained above; the p99 target is judged on the saturated runs, as the issue states it):',
  );
  line();
  line('| target | offered req/s | achieved req/s | p50 ms | p99 ms | status |');
  line('|---|---|---|---|---|---|');
  for (const m of halfLoad) {
    const bad = m.measured.non2xx + m.measured.errors + m.measured.timeouts + m.samples.failed > 0;
    line(
      `| ${m.target} | ${fmt(m.offeredRate)} | ${fmt(m.rps)} | ${fmt(m.latencyMs.p50, 2)} | ${fmt(m.latencyMs.p99, 2)} | ${bad ? '**FAILED**' : 'ok'} |`,
    );
  }
  line();
}

/** Pairs of measurements of one scenario (`pairOf` names [reference, subject] for a subject row). */
function comparisonSection(line, rows, title, pairOf) {
  const found = [...rows.values()]
    .map((row) => ({ subject: row, pair: pairOf(row) }))
    .filter(({ pair }) => pair)
    .map(({ subject, pair }) => ({ subject, reference: rows.get(`${subject.scenario}/${pair[0]}`) }))
    .filter(({ reference }) => reference);
  if (found.length === 0) return;
  line(`## ${title}`);
  line();
  line(
    '| scenario | reference | req/s | subject | req/s | ratio | CPU µs/req (reference → subject) | p99 ms (reference → subject) |',
  );
  line('|---|---|---|---|---|---|---|---|');
  for (const { subject, reference } of found) {
    line(
      `| ${subject.scenario} | ${reference.target} | ${fmt(reference.rps)} | ${subject.target} | ${fmt(subject.rps)} | ${fmt(subject.rps / reference.rps, 2)}× | ${fmt(reference.cpuUsPerRequest)} → ${fmt(subject.cpuUsPerRequest)}${subject.dbUsPerRequest !== null ? ` (+ PostgreSQL ${fmt(subject.dbUsPerRequest)})` : ''} | ${fmt(reference.p99, 1)} → ${fmt(subject.p99, 1)} |`,
    );
  }
  line();
}

/** Each Keyward figure as a ratio to the peers (client_credentials) or to its own reference figure. */
function ratiosOf(row, rows) {
  const get = (scenario, target) => rows.get(`${scenario}/${target}`);
  const r = (a, b, name) => (a && b ? `${fmt(a.rps / b.rps, 2)}× ${name}` : null);
  const out = [];
  if (!row.target.startsWith('keyward')) return out;
  const base = row.target.replace(/-1m$/, '');
  if (row.scenario === 'client_credentials') {
    out.push(r(row, get('client_credentials', 'oidc-provider'), 'oidc-provider'));
    out.push(r(row, get('client_credentials', 'minimal'), 'minimal'));
  } else {
    out.push(r(row, get('client_credentials', base), `own client_credentials (${base})`));
  }
  if (row.target.endsWith('-1m')) out.push(r(row, get(row.scenario, base), 'small database'));
  if (base === 'keyward-pg' && !row.target.endsWith('-1m'))
    out.push(r(row, get(row.scenario, 'keyward-sqlite'), 'SQLite'));
  return out.filter(Boolean);
}

function missedSection(line, goals, rows, profiles, halfLoad) {
  const missed = goals.filter((goal) => !goal.pass);
  if (missed.length === 0) return;
  line('## Missed targets: by how much, and why');
  line();
  for (const goal of missed) {
    line(`### ${goal.label}: ${shown(goal)}, wanted ${wanted(goal)} — ${verdict(goal)}`);
    line();
    const [subject, reference] = goal.explain.map(([scenario, target]) => ({
      scenario,
      target,
      row: rows.get(`${scenario}/${target}`),
      profile: profiles.get(`${scenario}/${target}`),
    }));
    if (goal.kind === 'ratio') {
      line(
        `To meet it, ${subject.target} needs ${fmt(goal.target / goal.value, 2)}× its throughput, i.e. ` +
          `${fmt((1 - goal.value / goal.target) * 100)}% less time per request. CPU per request (from /proc, ` +
          `measured runs): ${subject.target} ${fmt(subject.row?.cpuUsPerRequest)} µs` +
          `${reference?.row ? ` vs ${reference.target} ${fmt(reference.row.cpuUsPerRequest)} µs (${reference.scenario})` : ''}.`,
      );
      line();
      if (subject.profile && reference?.profile) differenceTable(line, subject, reference);
      else if (subject.profile)
        line(`Where its CPU goes: see the profile of ${subject.scenario} on ${subject.target} below.`);
      else line('_Not profiled (run without --no-profile to get the breakdown)._');
    } else if (goal.unit === 'ms') {
      const half = halfLoad?.find((m) => m.target === subject.target);
      line(
        `At 50 connections a server on one core that completes ${fmt(goal.rps)} req/s holds each request ` +
          `${fmt(50_000 / goal.rps, 2)} ms on average (Little's law: 50 / throughput), so a p99 under 5 ms at ` +
          `saturation needs well over ${fmt(50_000 / 5)} req/s with little variance (p99 / p50 here: ` +
          `${fmt(subject.row.p99 / subject.row.p50, 1)}; the minimal route's p99 was ` +
          `${fmt(rows.get('client_credentials/minimal')?.p99, 1)} ms). The throughput gap is the latency gap; ` +
          `GC pauses (see the profile) widen the tail.` +
          `${half ? ` At half load (${fmt(half.offeredRate)} req/s, evenly paced) its p99 was ${fmt(half.latencyMs.p99, 2)} ms, p50 ${fmt(half.latencyMs.p50, 2)} ms.` : ''}`,
      );
    } else {
      const peers = ['minimal', 'oidc-provider']
        .map((target) => rows.get(`client_credentials/${target}`))
        .filter(Boolean)
        .map((row) => `${row.target} ${fmt(row.idleRssMb)} → ${fmt(row.peakRssMb)} MiB`);
      line(
        `Peak RSS ${fmt(goal.value)} MiB against ${goal.target} MiB: ${fmt(subject.row.idleRssMb)} MiB right after ` +
          `start-up (the code and data Keyward loads before any request), the rest is heap that grows under load ` +
          `until V8 collects it${peers.length ? ` (idle → peak of the others: ${peers.join(', ')})` : ''}.`,
      );
    }
    line();
  }
}

const usOf = (profile, name) => profile?.categories.find((c) => c.name === name)?.usPerRequest ?? 0;

/** Where two profiles differ most, category by category (µs of CPU per request, self time). */
function differenceTable(line, subject, reference) {
  const a = subject.profile;
  const b = reference.profile;
  line(
    `Profiles (\`node --cpu-prof\`, measured window): ${subject.target} ${fmt(a.busyUsPerRequest)} µs per ` +
      `request outside the idle loop (${subject.scenario}) vs ${reference.target} ${fmt(b.busyUsPerRequest)} µs ` +
      `(${reference.scenario}). Largest differences:`,
  );
  line();
  const names = [...new Set([...a.categories, ...b.categories].map((c) => c.name))];
  const ordered = names
    .map((name) => ({ name, diff: usOf(a, name) - usOf(b, name) }))
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff))
    .slice(0, 8);
  const name = (side) =>
    subject.target === reference.target ? `${side.target} (${side.scenario})` : side.target;
  line(`| where (self time) | ${name(subject)} µs/req | ${name(reference)} µs/req | difference |`);
  line('|---|---|---|---|');
  for (const { name, diff } of ordered) {
    line(
      `| ${name} | ${fmt(usOf(a, name), 1)} | ${fmt(usOf(b, name), 1)} | ${diff > 0 ? '+' : ''}${fmt(diff, 1)} |`,
    );
  }
  line();
  line(`The full profiles are below.`);
}

/** Each profile once: categories, hottest functions, Keyward's own functions. */
function profilesSection(line, profiles) {
  if (profiles.size === 0) return;
  line('## Profiles');
  line();
  line(
    'Each server under `node --cpu-prof` for a short run (2 s warm-up, 5 s measured, same load); only the samples ' +
      'of the measured window count. Time per request by where the code lives (self time), outside the idle ' +
      'loop: CPU, and also calls that block the thread without computing (a SQLite commit waiting for fsync ' +
      'shows up in its driver), so a blocked server shows more here than its CPU time from /proc.',
  );
  line();
  for (const [key, a] of profiles) {
    const [scenario, target] = key.split('/');
    line(`### ${scenario} on ${target}: ${fmt(a.busyUsPerRequest)} µs per request outside the idle loop`);
    line();
    line('| where (self time) | µs/req | share |');
    line('|---|---|---|');
    for (const category of a.categories.slice(0, 12)) {
      line(`| ${category.name} | ${fmt(category.usPerRequest, 1)} | ${pct(category.share)} |`);
    }
    line();
    line(
      `Hottest functions: ${a.frames
        .slice(0, 8)
        .map((f) => `\`${f.name}\` ${pct(f.share)}`)
        .join(', ')}.`,
    );
    if (a.keywardOwnFrames.length > 0) {
      line();
      line(
        `Keyward's own code by self time (${fmt(a.keywardUsPerRequest, 1)} µs/req in all): ` +
          `${a.keywardOwnFrames.map((f) => `\`${f.name}\` ${fmt(f.usPerRequest, 1)} µs`).join(', ')}.`,
      );
    }
    if (a.keywardFunctions.length > 0) {
      line();
      line(
        `Keyward functions by inclusive time: ${a.keywardFunctions
          .slice(0, 8)
          .map((f) => `\`${f.name}\` ${fmt(f.usPerRequest, 1)} µs`)
          .join(', ')}.`,
      );
    }
    line();
  }
}

function setupSection(line, run, machine, settings, seeding) {
  line('## Machine, versions and how it ran');
  line();
  line(
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${fmt(machine.memoryGiB, 1)} GiB RAM, Linux ${machine.kernel}`,
  );
  line(
    `- Load average (1/5/15 min) at start ${machine.loadAverageAtStart.map((v) => fmt(v, 2)).join(' / ')}, at end ${run.loadAverageAtEnd.map((v) => fmt(v, 2)).join(' / ')} (other work on the machine makes absolute figures noisy; ratios of interleaved runs much less so).`,
  );
  line(
    `- Node ${machine.node}; PostgreSQL ${machine.postgres ?? 'not used'}; Keyward ${machine.keyward} at ${machine.commit}`,
  );
  line(
    `- Keyward's packages: ${Object.entries(machine.server)
      .map(([n, v]) => `${n} ${v}`)
      .join(', ')}`,
  );
  line(
    `- Bench packages: ${Object.entries(machine.bench)
      .map(([n, v]) => `${n} ${v}`)
      .join(', ')}`,
  );
  line(
    '- Configuration: Keyward (`keyward serve`) and the gateway as a user gets them, nothing tuned: log level `info`, one access-log line per request written asynchronously into a file, `--workers auto` (one worker on its one pinned core); the peers with their own defaults.',
    `- Each measurement: a fresh server process pinned to core 0, autocannon (programmatic API) in a process pinned to core 1, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up then ${settings.durationSeconds} s measured, 127.0.0.1 only; targets interleaved within each of ${settings.rounds} round(s); medians across rounds. PostgreSQL backends serving the bench database are pinned to core 0 as well, so the database works on the server's core as SQLite does.`,
  );
  line(
    `- Checks: every response's status counted (any non-2xx, socket error or timeout marks the measurement FAILED); every ${settings.sampleEvery}th response (and the first three) parsed and checked: access tokens verified with jose against the server's JWKS (issuer, ES256, \`typ: at+jwt\`, subject/org), introspection \`active: true\` for the right user, OVH \`/me\` the signing user.`,
  );
  line(
    `- Pools: ${settings.apiTokenPool} API tokens, ${settings.consumerKeyPool} consumer keys, ${settings.accessTokenPool} access tokens, all created through Keyward's services (\`bench/seed.js\`).`,
  );
  if (seeding.filler) {
    const f = seeding.filler;
    line(
      `- Scale databases: the small database copied, then ${fmt(f.apiTokens)} API tokens and ${fmt(f.consumerCredentials)} consumer credentials added over ${fmt(f.users)} users, ${fmt(f.orgs)} orgs, ${fmt(f.memberships)} memberships and ${fmt(f.consumerApps)} OVH applications (\`bench/seed-filler.js\`).`,
    );
  }
  line(
    `- Seeding took ${Object.entries(seeding.timings)
      .map(([step, s]) => `${step} ${fmt(s, 1)} s`)
      .join(', ')}.`,
  );
  line(
    `- Whole run: ${fmt(run.totalSeconds / 60, 1)} min (expected ${fmt(run.expectedSeconds / 60, 1)} min).`,
  );
  line();
  line('Commands:');
  line();
  line('```sh');
  line(`${run.command}`);
  line(
    `# seed, once per database, with Keyward's environment: node bench/seed.js --out <fixtures>.json --api-tokens ${settings.apiTokenPool} --consumer-keys ${settings.consumerKeyPool}`,
  );
  if (settings.scale) {
    line(
      `# scale, on a copy of each: node bench/seed-filler.js --api-tokens ${settings.scaleApiTokens} --consumer-keys ${settings.scaleConsumerKeys}`,
    );
  }
  const seen = new Set();
  for (const m of run.measurements) {
    const key = `${m.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    line(`# ${m.target}: ${m.commands.server}`);
  }
  line(`# load: ${run.measurements[0]?.commands.load.replace(/job-[^ ]+\.json/, '<job>.json')}`);
  line('```');
}
