// What a run does: its settings (from the command line) and the list of targets each scenario measures.
import { parseArgs } from 'node:util';
import { verifyPackageExists } from './verify-adapter.js';

export const SCENARIOS = [
  'client_credentials',
  'api_token',
  'ovh_signed',
  'introspection',
  'verification',
  'gateway',
];

export const USAGE = `npm run bench -- [options]      (or: node bench/run.js [options])
  --quick            short runs, 1 round, a 20k-token scale database: for development and smoke checks
  --only <list>      comma-separated scenarios: ${SCENARIOS.join(', ')}
  --no-postgres      SQLite only
  --no-scale         skip the 1M-token / 100k-credential databases
  --no-profile       do not profile the targets that miss
  --no-build         use packages/server/dist as it is (default: npm run build first)
  --rounds <n>  --warmup <s>  --duration <s>  --connections <n>
  --keep             keep bench/results/tmp/<run> (databases, logs, profiles)`;

export function parseSettings(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-postgres': { type: 'boolean', default: false },
      'no-scale': { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const only = values.only ? values.only.split(',').map((name) => name.trim()) : SCENARIOS;
  const unknown = only.filter((name) => !SCENARIOS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; choose from ${SCENARIOS}`);
  const number = (text, fallback) => (text === undefined ? fallback : Number(text));
  const changed = ['only', 'no-postgres', 'no-scale', 'rounds', 'warmup', 'duration', 'connections'].some(
    (name) => values[name] !== undefined && values[name] !== false,
  );
  return {
    // Only a complete default run is "the" result of a day; others are labelled and not linked.
    label: quick ? 'quick' : changed ? 'partial' : null,
    help: values.help,
    quick,
    scenarios: SCENARIOS.filter((name) => only.includes(name)),
    postgres: !values['no-postgres'],
    scale: !values['no-scale'] && (only.includes('api_token') || only.includes('ovh_signed')),
    profile: !values['no-profile'],
    build: !values['no-build'],
    keep: values.keep,
    rounds: number(values.rounds, quick ? 1 : 3),
    warmupSeconds: number(values.warmup, quick ? 1 : 3),
    durationSeconds: number(values.duration, quick ? 3 : 10),
    connections: number(values.connections, 50),
    sampleEvery: quick ? 200 : 500,
    apiTokenPool: quick ? 100 : 1000,
    consumerKeyPool: quick ? 100 : 1000,
    accessTokenPool: quick ? 50 : 200,
    scaleApiTokens: quick ? 20_000 : 1_000_000,
    scaleConsumerKeys: quick ? 2_000 : 100_000,
  };
}

const keyward = (database) => ({ id: `keyward-${database}`, kind: 'keyward', database });

/** The targets of each scenario, in the order they are interleaved within a round. */
export function targetsOf(scenario, settings) {
  const dbs = settings.postgres ? ['sqlite', 'pg'] : ['sqlite'];
  switch (scenario) {
    case 'client_credentials':
      return [
        ...dbs.map(keyward),
        { id: 'oidc-provider', kind: 'oidc-provider' },
        { id: 'minimal', kind: 'minimal' },
      ];
    case 'api_token':
    case 'ovh_signed':
      return dbs.flatMap((db) => (settings.scale ? [keyward(db), keyward(`${db}-1m`)] : [keyward(db)]));
    case 'introspection':
      return dbs.map(keyward);
    case 'verification':
      return dbs.flatMap((db) => [
        { id: `jose-rs-${db}`, kind: 'resource-server', database: db, verifier: 'jose' },
        ...(verifyPackageExists()
          ? [
              {
                id: `keyward-verify-rs-${db}`,
                kind: 'resource-server',
                database: db,
                verifier: 'keyward-verify',
              },
            ]
          : []),
      ]);
    case 'gateway':
      // The gateway needs Keyward only for its keys (and to mint the pool): SQLite is enough.
      return [
        { id: 'upstream-direct', kind: 'upstream', database: 'sqlite' },
        { id: 'gateway', kind: 'gateway', database: 'sqlite' },
      ];
    default:
      throw new TypeError(scenario);
  }
}

/** Seconds the run should take, printed before it starts. */
export function expectedSeconds(settings) {
  // The rounds, plus client_credentials once more per target at half load.
  const halfLoad = settings.scenarios.includes('client_credentials')
    ? targetsOf('client_credentials', settings).length
    : 0;
  const measurements =
    settings.scenarios.reduce((n, s) => n + targetsOf(s, settings).length, 0) * settings.rounds + halfLoad;
  const perMeasurement = settings.warmupSeconds + settings.durationSeconds + 4;
  const seeding = 15 + (settings.scale ? settings.scaleApiTokens / (settings.postgres ? 12_000 : 25_000) : 0);
  const profiling = settings.profile ? 10 * (settings.quick ? 9 : 11) : 0;
  return {
    measurements,
    seconds: (settings.build ? 15 : 0) + seeding + measurements * perMeasurement + profiling,
  };
}
