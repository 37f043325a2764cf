// Creates the fixtures the load is driven with, through Keyward's own services (the code the console and the
// management API call), so every credential is as real as one a user made: a service with roles, orgs and
// members, personal API tokens, a server-to-server OAuth app added to an org, and OVH consumer keys requested
// by applications and validated by users (as packages/server/test/support/ovh.ts grantConsumerKey does).
// Runs against the database of KEYWARD_DATABASE_URL / KEYWARD_DATA_DIR, with Keyward's other variables.
//   node bench/seed.js --out fixtures.json --api-tokens 1000 --consumer-keys 1000
// Prints one JSON line: counts and seconds. Imports packages/server/dist (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { keywardModule } from './lib/keyward-dist.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    'api-tokens': { type: 'string', default: '1000' },
    'consumer-keys': { type: 'string', default: '1000' },
  },
});
const API_TOKENS = Number(values['api-tokens']);
const CONSUMER_KEYS = Number(values['consumer-keys']);
const USERS = 40;
const ORGS = 10;
const CONSUMER_APPS = 5;

const { loadConfig } = await keywardModule('config/load.js');
const { createLogger } = await keywardModule('ops/logger.js');
const { openRuntime } = await keywardModule('startup.js');
const { systemCaller } = await keywardModule('core/principal.js');

/** A user acting through a console session, as packages/server/test/support/ovh.ts `userCaller` does. */
const userCaller = (userId) => ({
  principal: {
    kind: 'user',
    subjectId: userId,
    orgId: null,
    platformRoles: [],
    credential: { type: 'session', id: 'bench-seed' },
    scope: null,
  },
  ip: '127.0.0.1',
  requestId: 'bench-seed',
});

const started = performance.now();
const config = loadConfig(process.env);
const runtime = await openRuntime(config, createLogger('warn'), { purpose: 'serve' });
const c = runtime.container;
const operator = systemCaller('bench-seed');

try {
  await c.services.create(operator, {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['billing:read'] },
      { name: 'admin', permissions: ['billing:read', 'billing:write'] },
    ],
  });
  const users = [];
  for (let i = 0; i < USERS; i++) {
    users.push(
      await c.users.create(operator, { email: `user${i}@bench.keyward.test`, name: `Bench User${i}` }),
    );
  }
  const orgs = [];
  for (let i = 0; i < ORGS; i++) {
    orgs.push(await c.orgs.create(operator, { name: `bench-org-${i}`, ownerUserId: users[i].id }));
  }
  // Every user is a member of one org (owners of theirs), a quarter of them of a second one as well.
  const memberships = [];
  for (const [i, user] of users.entries()) {
    const home = orgs[i % ORGS];
    if (i >= ORGS) await addMember(home.id, user, ['org_member']);
    else await addMember(home.id, user, ['org_owner', 'org_member'], true);
    memberships.push({ user, org: home });
    if (i % 4 === 0) {
      const second = orgs[(i + 3) % ORGS];
      await addMember(second.id, user, ['org_member']);
    }
  }

  const apiTokens = [];
  for (let n = 0; n < API_TOKENS; n++) {
    const { user, org } = memberships[n % memberships.length];
    const scopes =
      n % 2 === 0 ? { allRoles: true } : { orgRoles: ['org_member'], serviceRoles: ['billing:viewer'] };
    const { token } = await c.apiTokens.generate(userCaller(user.id), {
      orgId: org.id,
      name: `bench ${n}`,
      scopes,
    });
    apiTokens.push({ value: token, userId: user.id, orgId: org.id });
  }

  const owner = userCaller(users[0].id);
  const { app, secret } = await c.apps.create(owner, orgs[0].id, {
    type: 'server',
    name: 'Bench server app',
    scopes: { orgRoles: ['org_member'], serviceRoles: ['billing:viewer'] },
  });
  await c.appGrants.add(owner, orgs[0].id, [app.id], {
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
  });

  // As test/support/ovh.ts grantConsumerKey does: request, read the link's token, validate as the user.
  const consumerApps = [];
  for (let i = 0; i < CONSUMER_APPS; i++) {
    consumerApps.push(
      await c.consumerKeys.createApp(userCaller(users[i].id), {
        name: `Bench application ${i}`,
        description: 'drives the OVH-signed scenario',
      }),
    );
  }
  const consumerKeys = [];
  for (let n = 0; n < CONSUMER_KEYS; n++) {
    const { app: consumerApp, applicationSecret } = consumerApps[n % CONSUMER_APPS];
    const user = users[n % USERS];
    const requested = await c.credentialRequests.requestCredential(
      consumerApp.appKey,
      {
        accessRules: [
          { method: 'GET', path: '/me' },
          { method: 'GET', path: '/me/*' },
        ],
        allowedIPs: null,
      },
      { ip: '127.0.0.1', requestId: 'bench-seed' },
    );
    const token = new URL(requested.validationUrl).searchParams.get('credentialToken') ?? '';
    await c.credentialRequests.decide(userCaller(user.id), token, {
      approve: true,
      validitySeconds: 30 * 86_400,
    });
    consumerKeys.push({
      applicationKey: consumerApp.appKey,
      applicationSecret,
      consumerKey: requested.consumerKey,
      userId: user.id,
      email: user.email,
    });
  }

  const fixtures = {
    oauth: { clientId: app.id, clientSecret: secret, orgId: orgs[0].id },
    apiTokens,
    consumerKeys,
  };
  writeFileSync(values.out, `${JSON.stringify(fixtures)}\n`, { mode: 0o600 });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({ users: USERS, orgs: ORGS, apiTokens: API_TOKENS, consumerKeys: CONSUMER_KEYS, seconds })}\n`,
  );
} finally {
  await runtime.close();
}

async function addMember(orgId, user, orgRoles, already = false) {
  // The org's creator is already its owner; give them the service role too.
  if (already) {
    await c.members.update(operator, orgId, user.id, { orgRoles, serviceRoles: ['billing:viewer'] });
    return;
  }
  await c.members.add(operator, orgId, { email: user.email, orgRoles, serviceRoles: ['billing:viewer'] });
}
