// The native management API of OAuth apps (/api/v1/orgs/{orgId}/apps, /app-grants): who creates and manages apps,
// the scope ceiling (ASVS 10.4.11), redirect URIs (RFC 9700 §2.6, RFC 8252 §7), secrets shown once, regenerated
// and rotated (RFC 6819 §5.2.3.1, §5.2.3.6), cross-org isolation (ASVS 8.2.2, 8.4.1), adding server apps to orgs,
// and what each change does at the token and introspection endpoints.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, SECOND } from '../src/core/clock.js';
import type { MemberRoles } from '../src/identity/members/service.js';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const password = 'oauth apps test passphrase';
let users = 0;

beforeAll(async () => {
  server = await startTestServer();
  const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const billing = await call(server.app, operator, 'POST', '/api/v1/services', {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['billing:read'] },
      { name: 'admin', permissions: ['billing:read', 'billing:write'] },
    ],
  });
  expect(billing.statusCode, billing.body).toBe(201);
});
afterAll(async () => server.close());

type Member = Session & { email: string };

async function userSession(tag: string): Promise<Member> {
  const email = `${tag}-${++users}@example.test`;
  await server.container.users.create(operatorCaller(), { email, password });
  return { ...(await signIn(server.app, email, password)), email };
}

const TEAM_ROLES: Record<'admin' | 'member' | 'dev', MemberRoles> = {
  admin: { orgRoles: ['org_admin'], serviceRoles: [] },
  member: { orgRoles: ['org_member'], serviceRoles: [] },
  dev: { orgRoles: ['org_member', 'developer'], serviceRoles: ['billing:viewer'] },
};

/**
 * A fresh org: its owner (also org_member, so the owner may give that role to apps: an app's scopes stay within
 * its creator's roles), an admin, a member and a developer (who also holds billing:viewer).
 */
async function orgWithTeam(tag: string) {
  const owner = await userSession(`owner-${tag}`);
  const created = await call(server.app, owner, 'POST', '/api/v1/orgs', { name: `Org ${tag}` });
  expect(created.statusCode, created.body).toBe(201);
  const orgId = (created.json() as { id: string }).id;
  const team = {
    admin: await userSession(`admin-${tag}`),
    member: await userSession(`member-${tag}`),
    dev: await userSession(`dev-${tag}`),
  };
  await server.container.members.update(operatorCaller(), orgId, owner.userId, {
    orgRoles: ['org_owner', 'org_member'],
    serviceRoles: [],
  });
  for (const name of ['admin', 'member', 'dev'] as const) {
    await server.container.members.add(operatorCaller(), orgId, {
      email: team[name].email,
      ...TEAM_ROLES[name],
    });
  }
  return {
    orgId,
    owner,
    ...team,
    apps: `/api/v1/orgs/${orgId}/apps`,
    grants: `/api/v1/orgs/${orgId}/app-grants`,
  };
}

type Team = Awaited<ReturnType<typeof orgWithTeam>>;
type CreatedApp = { id: string; secret?: string; type: string; publicClient: boolean };

const serverApp = (extra: Record<string, unknown> = {}) => ({
  type: 'server',
  name: 'Inventory sync',
  scopes: { orgRoles: ['org_member'] },
  ...extra,
});

async function createApp(as: Session, team: Team, body: Record<string, unknown> = serverApp()) {
  const response = await call(server.app, as, 'POST', team.apps, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CreatedApp;
}

/** Adds the app to the team's org through the API (as its owner), with `orgRoles`. */
async function grant(team: Team, appId: string, orgRoles = ['org_member']) {
  const response = await call(server.app, team.owner, 'POST', team.grants, { appId, orgRoles });
  expect([200, 201], response.body).toContain(response.statusCode);
  return response;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** RFC 6749 §4.4 at the native token endpoint: Basic client authentication, optional orgId. */
function clientCredentials(id: string, secret: string, orgId?: string) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(orgId ? { orgId } : {}) });
  return server.app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
  });
}

async function accessToken(id: string, secret: string, orgId?: string): Promise<string> {
  const response = await clientCredentials(id, secret, orgId);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { access_token: string }).access_token;
}

function expectOAuthError(response: LightMyRequestResponse, status: number, error: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error).toBe(error);
}

describe('creating apps', () => {
  it('owners, admins and developers create apps; members cannot', async () => {
    const team = await orgWithTeam('create');
    const byOwner = await createApp(team.owner, team);
    expect(byOwner).toMatchObject({
      type: 'server',
      publicClient: false,
      grantTypes: ['client_credentials'],
    });
    expect(byOwner).toMatchObject({ orgId: team.orgId, accessTokenTtl: 600, requirePkce: false });
    expect(byOwner.secret).toMatch(/^kws[A-Za-z0-9]{54}$/);
    await createApp(team.admin, team, { ...serverApp(), scopes: { allRoles: true } });
    await createApp(team.dev, team, serverApp({ scopes: { orgRoles: ['developer'] } }));
    expectError(await call(server.app, team.member, 'POST', team.apps, serverApp()), 403, 'auth.forbidden');
  });

  it('refuses scopes beyond the creator’s roles (403 app.scope_exceeded); all roles only for owners and admins', async () => {
    const team = await orgWithTeam('ceiling');
    const asDev = (scopes: Record<string, unknown>) =>
      call(server.app, team.dev, 'POST', team.apps, serverApp({ scopes }));
    const beyond = await asDev({ orgRoles: ['org_admin'], serviceRoles: ['billing:admin'] });
    expectError(beyond, 403, 'app.scope_exceeded');
    expect(beyond.json().details.refused).toEqual(['org_admin', 'billing:admin']);
    expectError(await asDev({ allRoles: true }), 403, 'app.scope_exceeded');
    const within = await asDev({ orgRoles: ['developer'], serviceRoles: ['billing:viewer'] });
    expect(within.statusCode, within.body).toBe(201);
    // Editing is held to the same ceiling.
    const widen = await call(server.app, team.dev, 'PATCH', `${team.apps}/${within.json().id}`, {
      scopes: { orgRoles: ['org_owner'] },
    });
    expectError(widen, 403, 'app.scope_exceeded');
    await createApp(team.owner, team, serverApp({ scopes: { allRoles: true } }));
  });

  it('checks redirect URIs: web https only, native loopback or reverse-domain, none for server apps', async () => {
    const team = await orgWithTeam('redirects');
    const create = (type: string, redirectUris: string[]) =>
      call(server.app, team.owner, 'POST', team.apps, {
        type,
        name: `${type} app`,
        redirectUris,
        scopes: { orgRoles: ['org_owner'] },
      });
    expect((await create('web', ['https://rp.test/cb'])).statusCode).toBe(201);
    expectError(await create('web', ['http://rp.test/cb']), 400, 'app.invalid'); // RFC 9700 §2.6
    expectError(await create('web', ['https://rp.test/cb#top']), 400, 'app.invalid');
    expectError(await create('web', []), 400, 'app.invalid');
    const native = await create('native', ['http://127.0.0.1/cb', 'com.example.app:/cb']);
    expect(native.statusCode, native.body).toBe(201);
    expect(native.json()).toMatchObject({ type: 'native', publicClient: true, requirePkce: true });
    expect(native.json()).not.toHaveProperty('secret'); // RFC 8252 §8.4, RFC 6819 §5.2.3.1
    expectError(await create('native', ['myapp:/cb']), 400, 'app.invalid'); // RFC 8252 §7.1
    expectError(await create('native', ['http://rp.test/cb']), 400, 'app.invalid');
    expectError(await create('server', ['https://rp.test/cb']), 400, 'app.invalid');
  });

  it('takes a chosen client id once, and never one that looks like a user id (RFC 9700 §4.15)', async () => {
    const team = await orgWithTeam('client-id');
    const chosen = await createApp(
      team.owner,
      team,
      serverApp({ clientId: `sync-${team.orgId.slice(0, 8)}` }),
    );
    expect(chosen.id).toBe(`sync-${team.orgId.slice(0, 8)}`);
    const again = await call(server.app, team.owner, 'POST', team.apps, serverApp({ clientId: chosen.id }));
    expectError(again, 409, 'app.exists');
    const userLike = serverApp({ clientId: team.owner.userId });
    expectError(await call(server.app, team.owner, 'POST', team.apps, userLike), 400, 'app.invalid');
  });

  it('lists the org’s apps newest first, with search, and changes them with PATCH', async () => {
    const team = await orgWithTeam('list');
    await createApp(team.owner, team, serverApp({ name: 'Alpha reporter' }));
    server.clock.advance(SECOND);
    const beta = await createApp(team.owner, team, serverApp({ name: 'Beta reporter' }));
    const all = (await call(server.app, team.dev, 'GET', team.apps)).json();
    expect(all.results.map((app: { name: string }) => app.name)).toEqual(['Beta reporter', 'Alpha reporter']);
    const page = (await call(server.app, team.owner, 'GET', `${team.apps}?search=Beta&pageLimit=1`)).json();
    expect(page).toMatchObject({ totalResults: 1, nextLink: null, results: [{ id: beta.id }] });
    const patched = await call(server.app, team.owner, 'PATCH', `${team.apps}/${beta.id}`, {
      name: 'Beta exporter',
      accessTokenTtl: 900,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Beta exporter', accessTokenTtl: 900 });
    expectError(await call(server.app, team.member, 'GET', team.apps), 403, 'auth.forbidden');
  });
});

describe('secrets', () => {
  it('are shown once: GET and the list never carry them', async () => {
    const team = await orgWithTeam('shown-once');
    const response = await call(server.app, team.owner, 'POST', team.apps, serverApp());
    expect(response.headers['cache-control']).toBe('no-store');
    const { id, secret } = response.json() as CreatedApp;
    const one = await call(server.app, team.owner, 'GET', `${team.apps}/${id}`);
    const list = await call(server.app, team.owner, 'GET', team.apps);
    for (const read of [one, list]) {
      expect(read.statusCode, read.body).toBe(200);
      expect(read.body).not.toContain(String(secret));
      expect(read.body).not.toContain('"secret"');
    }
  });

  it('regenerate: refused to a developer (403); the owner’s new secret replaces the old one at once', async () => {
    const team = await orgWithTeam('regenerate');
    const app = await createApp(team.owner, team);
    await grant(team, app.id);
    await accessToken(app.id, String(app.secret));
    const url = `${team.apps}/${app.id}/secret`;
    expectError(await call(server.app, team.dev, 'POST', url), 403, 'auth.forbidden');
    expectError(await call(server.app, team.admin, 'POST', url), 403, 'auth.forbidden');
    const regenerated = await call(server.app, team.owner, 'POST', url);
    expect(regenerated.statusCode, regenerated.body).toBe(201);
    const { secret } = regenerated.json() as { secret: string };
    expect(secret).not.toBe(app.secret);
    expectOAuthError(await clientCredentials(app.id, String(app.secret)), 401, 'invalid_client');
    await accessToken(app.id, secret);
  });

  it('rotate: the old secret works for 48 h, or until the rotation is ended', async () => {
    const team = await orgWithTeam('rotate');
    const app = await createApp(team.owner, team);
    await grant(team, app.id);
    const rotated = await call(server.app, team.owner, 'POST', `${team.apps}/${app.id}/secret/rotate`, {});
    expect(rotated.statusCode, rotated.body).toBe(201);
    const { secret, previousSecretsExpireAt } = rotated.json() as {
      secret: string;
      previousSecretsExpireAt: string;
    };
    expect(Date.parse(previousSecretsExpireAt)).toBe(server.clock.now() + 48 * HOUR);
    server.clock.advance(48 * HOUR - SECOND);
    await accessToken(app.id, String(app.secret));
    await accessToken(app.id, secret);
    server.clock.advance(2 * SECOND);
    expectOAuthError(await clientCredentials(app.id, String(app.secret)), 401, 'invalid_client');
    await accessToken(app.id, secret);

    // A second rotation, ended at once: only the newest secret is left. (Sessions idled out meanwhile.)
    const owner = await signIn(server.app, team.owner.email, password);
    const again = await call(server.app, owner, 'POST', `${team.apps}/${app.id}/secret/rotate`, {
      overlapSeconds: 3600,
    });
    const newest = (again.json() as { secret: string }).secret;
    await accessToken(app.id, secret);
    const ended = await call(server.app, owner, 'DELETE', `${team.apps}/${app.id}/secret/rotation`);
    expect(ended.statusCode, ended.body).toBe(204);
    expectOAuthError(await clientCredentials(app.id, secret), 401, 'invalid_client');
    await accessToken(app.id, newest);
  });

  it('GET …/secrets lists the working secrets (ids and times, never values) and whether a rotation runs', async () => {
    const team = await orgWithTeam('listed');
    const app = await createApp(team.owner, team);
    const url = `${team.apps}/${app.id}/secrets`;
    type Listed = {
      secrets: { id: string; createdAt: string; expiresAt: string | null }[];
      rotating: boolean;
    };
    const before = await call(server.app, team.dev, 'GET', url);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json<Listed>()).toMatchObject({ rotating: false, secrets: [{ expiresAt: null }] });
    expect(before.body).not.toContain(String(app.secret));
    const [first] = before.json<Listed>().secrets;

    server.clock.advance(SECOND);
    const rotated = await call(server.app, team.owner, 'POST', `${team.apps}/${app.id}/secret/rotate`, {
      overlapSeconds: 3600,
    });
    const during = (await call(server.app, team.admin, 'GET', url)).json<Listed>();
    expect(during.rotating).toBe(true);
    expect(during.secrets.map((secret) => secret.expiresAt)).toEqual([
      null,
      new Date(server.clock.now() + 3600 * SECOND).toISOString(),
    ]);
    expect(during.secrets[1]?.id).toBe(first?.id);
    expect(JSON.stringify(during)).not.toContain(rotated.json<{ secret: string }>().secret);

    const ended = await call(server.app, team.owner, 'DELETE', `${team.apps}/${app.id}/secret/rotation`);
    expect(ended.statusCode, ended.body).toBe(204);
    const after = (await call(server.app, team.owner, 'GET', url)).json<Listed>();
    expect(after.rotating).toBe(false);
    expect(after.secrets).toHaveLength(1);

    expectError(await call(server.app, team.member, 'GET', url), 403, 'auth.forbidden');
    const away = await orgWithTeam('listed-away');
    expectError(
      await call(server.app, away.owner, 'GET', `${away.apps}/${app.id}/secrets`),
      404,
      'app.not_found',
    );
  });

  it('a native app has none: regenerate and rotate answer 400 app.public_client', async () => {
    const team = await orgWithTeam('public');
    const native = await createApp(team.owner, team, {
      type: 'native',
      name: 'CLI',
      redirectUris: ['http://127.0.0.1/callback'],
      scopes: { orgRoles: ['org_owner'] },
    });
    expect(native.secret).toBeUndefined();
    const url = `${team.apps}/${native.id}/secret`;
    expectError(await call(server.app, team.owner, 'POST', url), 400, 'app.public_client');
    expectError(await call(server.app, team.owner, 'POST', `${url}/rotate`, {}), 400, 'app.public_client');
    expectError(await call(server.app, team.owner, 'GET', `${url}s`), 400, 'app.public_client');
  });
});

describe('isolation between orgs (ASVS 8.2.2, 8.4.1)', () => {
  it('another org’s admin can neither see nor change the app: 404', async () => {
    const home = await orgWithTeam('home');
    const away = await orgWithTeam('away');
    const app = await createApp(home.owner, home);
    const theirs = `${home.apps}/${app.id}`;
    const viaOwnOrg = `${away.apps}/${app.id}`;
    for (const [method, url, body] of [
      ['GET', theirs],
      ['PATCH', theirs, { name: 'Taken' }],
      ['DELETE', theirs],
      ['POST', `${theirs}/secret`],
    ] as const) {
      expectError(await call(server.app, away.admin, method, url, body), 404, 'org.not_found');
    }
    for (const [method, url, body] of [
      ['GET', viaOwnOrg],
      ['PATCH', viaOwnOrg, { name: 'Taken' }],
      ['DELETE', viaOwnOrg],
    ] as const) {
      expectError(await call(server.app, away.admin, method, url, body), 404, 'app.not_found');
    }
    expect((await call(server.app, away.admin, 'GET', away.apps)).body).not.toContain(app.id);
    expect((await call(server.app, home.owner, 'GET', theirs)).json().name).toBe('Inventory sync');
  });
});

describe('adding apps to orgs', () => {
  it('a developer gives org_member and developer only; a second add replaces the roles (200)', async () => {
    const team = await orgWithTeam('dev-grants');
    const app = await createApp(team.owner, team, serverApp({ scopes: { allRoles: true } }));
    // Added to its own org when it was created; start from an app that is not.
    await call(server.app, team.owner, 'DELETE', `${team.grants}/${app.id}`);
    const add = (orgRoles: string[]) =>
      call(server.app, team.dev, 'POST', team.grants, { appId: app.id, orgRoles });
    expectError(await add(['org_admin']), 403, 'auth.forbidden');
    const first = await add(['developer']);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      appId: app.id,
      appName: 'Inventory sync',
      appOwnerOrgId: team.orgId,
      orgRoles: ['developer'],
      serviceRoles: [],
    });
    const second = await add(['developer', 'org_member']);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().orgRoles).toEqual(['developer', 'org_member']);
    expectError(
      await call(server.app, team.member, 'POST', team.grants, { appId: app.id, orgRoles: [] }),
      403,
      'auth.forbidden',
    );
  });

  it('refuses an unknown app (404), a web app (400) and roles beyond the app’s scopes (403)', async () => {
    const team = await orgWithTeam('refusals');
    const app = await createApp(team.owner, team);
    const web = await createApp(team.owner, team, {
      type: 'web',
      name: 'Portal',
      redirectUris: ['https://portal.test/cb'],
      scopes: { orgRoles: ['org_member'] },
    });
    const add = (appId: string, orgRoles: string[]) =>
      call(server.app, team.owner, 'POST', team.grants, { appId, orgRoles });
    const unknown = await add('no-such-app', ['org_member']);
    expectError(unknown, 404, 'app.not_found');
    expect(unknown.json().message).toContain('no-such-app');
    expectError(await add(web.id, ['org_member']), 400, 'app.not_server');
    const beyond = await add(app.id, ['developer']);
    expectError(beyond, 403, 'app.scope_exceeded');
    expect(beyond.json().message).toContain('developer');
  });

  it('an app used in an org that never added it gets unauthorized_client', async () => {
    const home = await orgWithTeam('granted');
    const other = await orgWithTeam('never');
    const app = await createApp(home.owner, home);
    // Added to its own org when it was created; removed from it, it is refused there like anywhere else.
    await call(server.app, home.owner, 'DELETE', `${home.grants}/${app.id}`);
    expectOAuthError(await clientCredentials(app.id, String(app.secret)), 400, 'unauthorized_client');
    await grant(home, app.id);
    await accessToken(app.id, String(app.secret));
    await accessToken(app.id, String(app.secret), home.orgId);
    const elsewhere = await clientCredentials(app.id, String(app.secret), other.orgId);
    expectOAuthError(elsewhere, 400, 'unauthorized_client');
    expect(elsewhere.json().error_description).toContain(other.orgId);
  });

  // Regression (issue 12): a new server-to-server app's first client_credentials failed with
  // unauthorized_client until someone added it to its own organization by hand.
  it('a server app is usable in its own org as soon as it is created, with its own scopes minus admin roles', async () => {
    const team = await orgWithTeam('own-org');
    const scopeOf = async (app: CreatedApp) => {
      const response = await clientCredentials(app.id, String(app.secret));
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { scope: string }).scope.split(' ').sort();
    };
    // The owner's app asks for org_member, org_admin and billing:viewer: org_admin is left for a deliberate grant.
    const byOwner = await createApp(
      team.owner,
      team,
      serverApp({ scopes: { orgRoles: ['org_admin', 'org_member'], serviceRoles: ['billing:viewer'] } }),
    );
    expect(await scopeOf(byOwner)).toEqual(
      ['csp:org_member', 'external/billing/billing:read', 'external/billing/viewer'].sort(),
    );
    // An all-roles app gets the least role; a developer's app what the developer may give an app.
    const allRoles = await createApp(team.owner, team, serverApp({ scopes: { allRoles: true } }));
    expect(await scopeOf(allRoles)).toEqual(['csp:org_member']);
    const byDeveloper = await createApp(
      team.dev,
      team,
      serverApp({ scopes: { orgRoles: ['developer'], serviceRoles: ['billing:viewer'] } }),
    );
    expect(await scopeOf(byDeveloper)).toEqual(
      ['csp:developer', 'external/billing/billing:read', 'external/billing/viewer'].sort(),
    );
    // Nothing left to give automatically (only admin roles asked for): added by hand, as before.
    const adminOnly = await createApp(team.owner, team, serverApp({ scopes: { orgRoles: ['org_admin'] } }));
    expectOAuthError(
      await clientCredentials(adminOnly.id, String(adminOnly.secret)),
      400,
      'unauthorized_client',
    );
    // Listed with the org's other grants, and audited as an automatic grant by the creator.
    const grants = (await call(server.app, team.owner, 'GET', team.grants)).json().results as {
      appId: string;
      orgRoles: string[];
      serviceRoles: string[];
    }[];
    expect(grants.find((g) => g.appId === byOwner.id)).toMatchObject({
      orgRoles: ['org_member'],
      serviceRoles: ['billing:viewer'],
    });
    expect(grants.some((g) => g.appId === adminOnly.id)).toBe(false);
    const events = (
      await call(server.app, team.owner, 'GET', `/api/v1/orgs/${team.orgId}/audit-events`)
    ).json().results as { action: string; actor: { id: string }; target: { id: string }; details: object }[];
    expect(events.find((e) => e.action === 'app.granted' && e.target.id === byDeveloper.id)).toMatchObject({
      actor: { id: team.dev.userId },
      details: { automatic: true, orgRoles: ['developer'], serviceRoles: ['billing:viewer'] },
    });
    // A web app is not added anywhere: it acts for its users.
    const web = await createApp(team.owner, team, {
      type: 'web',
      name: 'Portal',
      redirectUris: ['https://portal.test/cb'],
      scopes: { orgRoles: ['org_member'] },
    });
    const after = (await call(server.app, team.owner, 'GET', team.grants)).json().results as {
      appId: string;
    }[];
    expect(after.some((g) => g.appId === web.id)).toBe(false);
  });

  // Regression (issue 10 item 5): with its own access token, a server app added to two orgs read
  // GET /api/v1/orgs as {"results": []}.
  it('a server app’s own token lists the orgs that added it, and only those, as it reads each of them', async () => {
    const home = await orgWithTeam('lists-home');
    const partner = await orgWithTeam('lists-partner');
    await orgWithTeam('lists-stranger');
    const app = await createApp(home.owner, home, serverApp({ scopes: { allRoles: true } }));
    await grant(home, app.id, ['org_member']);
    await grant(partner, app.id, ['org_member', 'developer']);
    const as = (token: string, url: string) =>
      call(server.app, null, 'GET', url, undefined, { authorization: `Bearer ${token}` });
    const homeToken = await accessToken(app.id, String(app.secret), home.orgId);

    const listed = await as(homeToken, '/api/v1/orgs');
    expect(listed.statusCode, listed.body).toBe(200);
    const orgs = listed.json().results as { id: string; orgRoles: string[]; serviceRoles: string[] }[];
    expect(orgs.map(({ id, orgRoles }) => ({ id, orgRoles }))).toEqual([
      { id: home.orgId, orgRoles: ['org_member'] },
      { id: partner.orgId, orgRoles: ['developer', 'org_member'] },
    ]);
    expect(listed.json().totalResults).toBe(2);
    // The same roles as reading the org itself; another org takes a token issued for it (orgId).
    const own = await as(homeToken, `/api/v1/orgs/${home.orgId}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().orgRoles).toEqual(orgs[0]?.orgRoles);
    const other = await as(homeToken, `/api/v1/orgs/${partner.orgId}`);
    expectError(other, 403, 'auth.forbidden');
    expect(other.json().message).toContain(home.orgId);
    const partnerToken = await accessToken(app.id, String(app.secret), partner.orgId);
    expect((await as(partnerToken, `/api/v1/orgs/${partner.orgId}`)).json().orgRoles).toEqual([
      'developer',
      'org_member',
    ]);
    // Removed from the partner org: no longer listed.
    await call(server.app, partner.owner, 'DELETE', `${partner.grants}/${app.id}`);
    const after = (await as(homeToken, '/api/v1/orgs')).json().results as { id: string }[];
    expect(after.map(({ id }) => id)).toEqual([home.orgId]);
  });

  it('lists the apps added to the org, from any org; removing one stops its next token', async () => {
    const owning = await orgWithTeam('owning');
    const using = await orgWithTeam('using');
    const app = await createApp(owning.owner, owning, serverApp({ scopes: { allRoles: true } }));
    await grant(using, app.id, ['org_member', 'developer']);
    const token = await accessToken(app.id, String(app.secret), using.orgId);
    const list = await call(server.app, using.dev, 'GET', using.grants);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({
      totalResults: 1,
      results: [
        {
          appId: app.id,
          appName: 'Inventory sync',
          appOwnerOrgId: owning.orgId,
          orgRoles: ['developer', 'org_member'],
          serviceRoles: [],
          createdAt: new Date(server.clock.now()).toISOString(),
        },
      ],
    });
    expect(await introspect(token, await introspector(using))).toMatchObject({ active: true });
    expectError(
      await call(server.app, using.dev, 'DELETE', `${using.grants}/${app.id}`),
      403,
      'auth.forbidden',
    );
    const removed = await call(server.app, using.admin, 'DELETE', `${using.grants}/${app.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expectOAuthError(
      await clientCredentials(app.id, String(app.secret), using.orgId),
      400,
      'unauthorized_client',
    );
    expect(await introspect(token, await introspector(using))).toEqual({ active: false });
    expectError(
      await call(server.app, using.admin, 'DELETE', `${using.grants}/${app.id}`),
      404,
      'app_grant.not_found',
    );
  });
});

describe('regressions found while building these APIs', () => {
  // A developer may not give a member any service role, so they may not give one to an app either: once a
  // developer of X holding only billing:viewer could grant an app billing:admin and act with it.
  it('a developer cannot give an app service roles they do not hold (403)', async () => {
    const team = await orgWithTeam('escalation');
    const ownOrg = await call(server.app, team.dev, 'POST', '/api/v1/orgs', { name: 'Dev side project' });
    const ownApps = `/api/v1/orgs/${ownOrg.json().id}/apps`;
    const app = (
      await call(server.app, team.dev, 'POST', ownApps, serverApp({ scopes: { allRoles: true } }))
    ).json() as CreatedApp;
    const granted = await call(server.app, team.dev, 'POST', team.grants, {
      appId: app.id,
      orgRoles: ['developer'],
      serviceRoles: ['billing:admin'],
    });
    expectError(granted, 403, 'auth.forbidden');
  });

  // A web app once accepted client_credentials it could never use (only server apps are added to orgs).
  it('a web app cannot enable client_credentials; a server app is for that', async () => {
    const team = await orgWithTeam('web-cc');
    const refused = await call(server.app, team.owner, 'POST', team.apps, {
      type: 'web',
      name: 'Portal with a back end',
      redirectUris: ['https://portal.test/cb'],
      grantTypes: ['authorization_code', 'client_credentials'],
      scopes: { orgRoles: ['org_member'] },
    });
    expectError(refused, 400, 'app.invalid');
    expect(refused.json().message).toMatch(/server-to-server/);
  });

  // Search once missed "Sync_2" for ?search=_2 on SQLite (LIKE without ESCAPE) and was case-sensitive on
  // PostgreSQL only.
  it('search takes _ and % literally and ignores case on every database', async () => {
    const team = await orgWithTeam('search');
    const app = await createApp(team.owner, team, serverApp({ name: 'Sync_2' }));
    await createApp(team.owner, team, serverApp({ name: 'Sync22' }));
    for (const term of ['_2', 'sync_', 'SYNC_2']) {
      const found = (
        await call(server.app, team.owner, 'GET', `${team.apps}?search=${encodeURIComponent(term)}`)
      ).json();
      expect(found, term).toMatchObject({ totalResults: 1, results: [{ id: app.id }] });
    }
  });
});

describe('deleting an app, and the audit trail', () => {
  it('deleting the app makes its access tokens inactive at introspection', async () => {
    const team = await orgWithTeam('delete');
    const app = await createApp(team.owner, team);
    await grant(team, app.id);
    const token = await accessToken(app.id, String(app.secret));
    const bearer = await introspector(team);
    expect(await introspect(token, bearer)).toMatchObject({ active: true, client_id: app.id, sub: app.id });
    expectError(
      await call(server.app, team.member, 'DELETE', `${team.apps}/${app.id}`),
      403,
      'auth.forbidden',
    );
    const deleted = await call(server.app, team.dev, 'DELETE', `${team.apps}/${app.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await introspect(token, bearer)).toEqual({ active: false });
    expectOAuthError(await clientCredentials(app.id, String(app.secret)), 401, 'invalid_client');
    expectError(await call(server.app, team.owner, 'GET', `${team.apps}/${app.id}`), 404, 'app.not_found');
  });

  it('records creation, secret changes, grants and deletion', async () => {
    const team = await orgWithTeam('audit');
    const app = await createApp(team.owner, team);
    await call(server.app, team.owner, 'POST', `${team.apps}/${app.id}/secret`);
    await call(server.app, team.owner, 'POST', `${team.apps}/${app.id}/secret/rotate`, {});
    await grant(team, app.id);
    await call(server.app, team.owner, 'DELETE', `${team.grants}/${app.id}`);
    await call(server.app, team.owner, 'DELETE', `${team.apps}/${app.id}`);
    const events = (
      await call(server.app, team.owner, 'GET', `/api/v1/orgs/${team.orgId}/audit-events`)
    ).json().results as { action: string; target: { id: string } }[];
    const actions = events.filter((event) => event.target.id === app.id).map((event) => event.action);
    for (const action of [
      'app.created',
      'app.secret_regenerated',
      'app.secret_rotated',
      'app.granted',
      'app.grant_removed',
      'app.deleted',
    ]) {
      expect(actions).toContain(action);
    }
    expect(JSON.stringify(events)).not.toContain(String(app.secret));
  });
});

/** An active access token of another app in the team's org, to introspect with (RFC 7662 §2.1 Bearer). */
async function introspector(team: Team): Promise<string> {
  const { app, secret } = await server.container.apps.create(operatorCaller(), team.orgId, {
    type: 'server',
    name: 'Resource server',
    scopes: { orgRoles: ['org_member'] },
  });
  await server.container.appGrants.add(operatorCaller(), team.orgId, [app.id], {
    orgRoles: ['org_member'],
    serviceRoles: [],
  });
  return accessToken(app.id, String(secret), team.orgId);
}

async function introspect(token: string, bearer: string): Promise<Record<string, unknown>> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/oauth/introspect',
    payload: new URLSearchParams({ token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${bearer}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
