// Fills a seeded database up to scale: `--api-tokens` API tokens and `--consumer-keys` consumer credentials
// (1,000,000 and 100,000 by default) spread over realistic users, orgs, memberships and OVH applications, in
// multi-row inserts inside large transactions through Keyward's own Kysely handle. Each value is minted with
// Keyward's format functions and stored as Keyward stores it (keyed hash with the server key; application
// secrets sealed with it), so every index is populated as in real use; the values themselves are discarded.
//   node bench/seed-filler.js --api-tokens 1000000 --consumer-keys 100000
// Prints one JSON line with the counts and the seconds each table took.
import { parseArgs } from 'node:util';
import { keywardDependency, keywardModule } from './lib/keyward-dist.js';

const { values } = parseArgs({
  options: {
    'api-tokens': { type: 'string', default: '1000000' },
    'consumer-keys': { type: 'string', default: '100000' },
  },
});
const API_TOKENS = Number(values['api-tokens']);
const CREDENTIALS = Number(values['consumer-keys']);
const TOKENS_PER_USER = 40;
const USERS_PER_ORG = 10;
const CREDENTIALS_PER_APP = 100;
const ROWS_PER_INSERT = 1000;
const ROWS_PER_TRANSACTION = 50_000;
const DAY = 86_400_000;

const { loadConfig } = await keywardModule('config/load.js');
const { createLogger } = await keywardModule('ops/logger.js');
const { openRuntime } = await keywardModule('startup.js');
const { newId } = await keywardModule('core/ids-and-secrets.js');
const { API_TOKEN_HASH_PURPOSE, mintApiToken } = await keywardModule('api-tokens/format.js');
const ck = await keywardModule('consumer-keys/format.js');

const runtime = await openRuntime(loadConfig(process.env), createLogger('warn'), { purpose: 'tool' });
const { serverKey, storage } = runtime.container;
const { kysely, dialect } = storage.db;
const now = Date.now();
const seconds = {};
let seed = 1;
/** Deterministic spread (which rows are revoked, expired…), so two runs fill alike. */
const chance = (percent) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % 100 < percent;
};
const ago = (maxDays) => now - Math.floor(Math.random() * maxDays * DAY);

/** Inserts `count` rows made by `row(i)` in chunks, timing it under `table`. */
async function fill(table, count, row) {
  const started = performance.now();
  for (let done = 0; done < count; ) {
    const end = Math.min(count, done + ROWS_PER_TRANSACTION);
    await kysely.transaction().execute(async (trx) => {
      for (let at = done; at < end; at += ROWS_PER_INSERT) {
        const rows = [];
        for (let i = at; i < Math.min(end, at + ROWS_PER_INSERT); i++) rows.push(row(i));
        await trx.insertInto(table).values(rows).execute();
      }
    });
    done = end;
    process.stderr.write(`\r  ${table}: ${done}/${count}`);
  }
  process.stderr.write('\n');
  seconds[table] = (seconds[table] ?? 0) + (performance.now() - started) / 1000;
}

try {
  const userCount = Math.max(1, Math.ceil(API_TOKENS / TOKENS_PER_USER));
  const orgCount = Math.max(1, Math.ceil(userCount / USERS_PER_ORG));
  const users = Array.from({ length: userCount }, () => newId());
  const orgs = Array.from({ length: orgCount }, () => newId());
  const homeOf = (u) => orgs[u % orgCount];
  const secondOf = (u) => orgs[(u + 7) % orgCount];

  await fill('users', userCount, (u) => ({
    id: users[u],
    email: `filler${u}@scale.keyward.test`,
    name: `Filler User${u}`,
    password_hash: null,
    platform_roles: '[]',
    created_at: ago(400),
    updated_at: now,
    disabled_at: chance(2) ? ago(30) : null,
  }));
  await fill('orgs', orgCount, (o) => ({
    id: orgs[o],
    name: `scale-org-${o}`,
    display_name: `Scale org ${o}`,
    created_at: ago(400),
    updated_at: now,
  }));
  // Everyone in a home org (the first user of each owns it), one in ten in a second org too.
  const members = [];
  for (let u = 0; u < userCount; u++) {
    members.push({ u, org: homeOf(u), owner: u < orgCount });
    if (u % 10 === 0 && orgCount > 1) members.push({ u, org: secondOf(u), owner: false });
  }
  await fill('memberships', members.length, (m) => ({
    org_id: members[m].org,
    user_id: users[members[m].u],
    org_roles: JSON.stringify(members[m].owner ? ['org_owner', 'org_member'] : ['org_member']),
    service_roles: JSON.stringify(m % 2 === 0 ? ['billing:viewer'] : []),
    created_at: ago(400),
    updated_at: now,
  }));

  await fill('api_tokens', API_TOKENS, (t) => {
    const u = Math.floor(t / TOKENS_PER_USER) % userCount;
    const createdAt = ago(180);
    const revoked = chance(5);
    return {
      id: newId(),
      user_id: users[u],
      org_id: u % 10 === 0 && t % 4 === 0 && orgCount > 1 ? secondOf(u) : homeOf(u),
      name: `token ${t}`,
      token_hash: serverKey.hashSecret(API_TOKEN_HASH_PURPOSE, mintApiToken()),
      scopes: JSON.stringify(
        t % 2 === 0
          ? { allRoles: true, orgRoles: [], serviceRoles: [], permissions: [] }
          : { allRoles: false, orgRoles: ['org_member'], serviceRoles: ['billing:viewer'], permissions: [] },
      ),
      openid: t % 10 === 0 ? 1 : 0,
      created_at: createdAt,
      expires_at: chance(10) ? null : createdAt + 180 * DAY,
      last_used_at: chance(60) ? ago(30) : null,
      notify_days_before_expiry: null,
      remind_at: null,
      reminded_at: null,
      revoked_at: revoked ? createdAt + DAY : null,
      deactivated_at: !revoked && chance(1) ? ago(10) : null,
      deactivated_by: null,
      replaces_id: null,
    };
  });

  // Numeric ids are random (as Keyward makes them); keep them unique against the rows already there.
  const taken = new Set();
  for (const { id } of await kysely.selectFrom('consumer_apps').select('id').execute()) taken.add(Number(id));
  for (const { id } of await kysely.selectFrom('consumer_credentials').select('id').execute())
    taken.add(Number(id));
  const freshId = () => {
    let id = ck.newNumericId();
    while (taken.has(id)) id = ck.newNumericId();
    taken.add(id);
    return id;
  };
  const appCount = Math.max(1, Math.ceil(CREDENTIALS / CREDENTIALS_PER_APP));
  const apps = Array.from({ length: appCount }, () => freshId());
  await fill('consumer_apps', appCount, (a) => ({
    id: apps[a],
    app_key: ck.mintAppKey(),
    secret_enc: serverKey.encrypt(ck.mintAppSecret(), ck.appSecretContext(apps[a])),
    owner_user_id: users[(a * 13) % userCount],
    name: `Scale application ${a}`,
    description: 'filler',
    status: 'active',
    created_at: ago(400),
  }));
  const RULES = [
    [{ method: 'GET', path: '/me' }],
    [
      { method: 'GET', path: '/me' },
      { method: 'GET', path: '/me/*' },
    ],
    [
      { method: 'GET', path: '/*' },
      { method: 'POST', path: '/*' },
      { method: 'PUT', path: '/*' },
      { method: 'DELETE', path: '/*' },
    ],
  ];
  await fill('consumer_credentials', CREDENTIALS, (n) => {
    const createdAt = ago(90);
    const state = chance(5) ? 'pendingValidation' : chance(3) ? 'refused' : 'validated';
    const validated = state === 'validated';
    return {
      id: freshId(),
      app_id: apps[Math.floor(n / CREDENTIALS_PER_APP) % appCount],
      key_hash: serverKey.hashSecret(ck.CONSUMER_KEY_HASH_PURPOSE, ck.mintConsumerKey()),
      user_id: state === 'pendingValidation' ? null : users[(n * 31) % userCount],
      rules: JSON.stringify(RULES[n % RULES.length]),
      state,
      validation_token_hash:
        state === 'pendingValidation'
          ? serverKey.hashSecret(ck.VALIDATION_TOKEN_HASH_PURPOSE, ck.mintValidationToken())
          : null,
      validation_expires_at: createdAt + DAY,
      redirection: null,
      allowed_ips: null,
      created_at: createdAt,
      validated_at: validated ? createdAt + 60_000 : null,
      expires_at: validated && chance(50) ? createdAt + 365 * DAY : null,
      last_used_at: validated && chance(50) ? ago(30) : null,
    };
  });

  // PostgreSQL: what autovacuum does soon after a bulk load, done now so it does not run during a
  // measurement. SQLite: nothing, as Keyward never runs ANALYZE there.
  if (dialect === 'postgres') {
    const started = performance.now();
    const { sql } = await keywardDependency('kysely');
    await sql.raw('vacuum analyze').execute(kysely);
    seconds.vacuumAnalyze = (performance.now() - started) / 1000;
  }

  process.stdout.write(
    `${JSON.stringify({ users: userCount, orgs: orgCount, memberships: members.length, apiTokens: API_TOKENS, consumerApps: appCount, consumerCredentials: CREDENTIALS, seconds })}\n`,
  );
} finally {
  await runtime.close();
}
