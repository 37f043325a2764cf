// The membership rules of issue 2: one owner at least, only owners touch owners, admins manage other members,
// a user sees only their own orgs; every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const password = 'members test passphrase';
let operator: Session;

async function userSession(email: string): Promise<Session> {
  await server.container.users.create(operatorCaller(), { email, password });
  return signIn(server.app, email, password);
}

/** A fresh org owned by a fresh user, with an admin, a member and a developer. */
async function orgWithTeam(tag: string) {
  const owner = await userSession(`owner-${tag}@example.test`);
  const org = (await call(server.app, owner, 'POST', '/api/v1/orgs', { name: `Org ${tag}` })).json();
  const team: Record<'admin' | 'member' | 'dev', Session> = {
    admin: await userSession(`admin-${tag}@example.test`),
    member: await userSession(`member-${tag}@example.test`),
    dev: await userSession(`dev-${tag}@example.test`),
  };
  const roles = { admin: ['org_admin'], member: ['org_member'], dev: ['org_member', 'developer'] } as const;
  for (const [name, session] of Object.entries(team) as [keyof typeof team, Session][]) {
    const added = await call(server.app, owner, 'POST', `/api/v1/orgs/${org.id}/members`, {
      email: `${name}-${tag}@example.test`,
      orgRoles: roles[name],
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().userId).toBe(session.userId);
  }
  return { org: org as { id: string }, owner, ...team };
}

beforeAll(async () => {
  server = await startTestServer();
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  await call(server.app, operator, 'POST', '/api/v1/services', {
    id: 'billing',
    name: 'Billing',
    roles: [{ name: 'viewer', permissions: ['billing:read'] }],
  });
});
afterAll(async () => server.close());

describe('organizations', () => {
  it('the creator becomes owner; the org shows in /orgs and /me', async () => {
    const ada = await userSession('ada@example.test');
    const created = await call(server.app, ada, 'POST', '/api/v1/orgs', { name: '  Analytical Engines  ' });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org).toMatchObject({
      name: 'Analytical Engines',
      displayName: 'Analytical Engines',
      orgRoles: ['org_owner'],
    });
    const list = (await call(server.app, ada, 'GET', '/api/v1/orgs')).json();
    expect(list).toMatchObject({ totalResults: 1, nextLink: null, prevLink: null });
    expect(list.results[0].id).toBe(org.id);
    const me = (await call(server.app, ada, 'GET', '/api/v1/me')).json();
    expect(me.memberships.map((m: { id: string }) => m.id)).toEqual([org.id]);
  });

  it('pages with pageStart/pageLimit and links to the neighbours', async () => {
    const many = await userSession('many@example.test');
    for (const name of ['A', 'B', 'C']) await call(server.app, many, 'POST', '/api/v1/orgs', { name });
    const page = (await call(server.app, many, 'GET', '/api/v1/orgs?pageStart=2&pageLimit=1')).json();
    expect(page.results.map((o: { name: string }) => o.name)).toEqual(['B']);
    expect(page.totalResults).toBe(3);
    expect(page.nextLink).toBe('/api/v1/orgs?pageStart=3&pageLimit=1');
    expect(page.prevLink).toBe('/api/v1/orgs?pageStart=1&pageLimit=1');
  });

  it('owners and admins rename; members cannot', async () => {
    const { org, owner, admin, member } = await orgWithTeam('rename');
    expect(
      (await call(server.app, admin, 'PATCH', `/api/v1/orgs/${org.id}`, { displayName: 'Renamed' })).json()
        .displayName,
    ).toBe('Renamed');
    expect(
      (await call(server.app, owner, 'PATCH', `/api/v1/orgs/${org.id}`, { name: 'N2' })).json().name,
    ).toBe('N2');
    const denied = await call(server.app, member, 'PATCH', `/api/v1/orgs/${org.id}`, { name: 'Mine' });
    expectError(denied, 403, 'auth.forbidden');
    expect(denied.json().message).toMatch(/org_owner or org_admin/);
    expectError(await call(server.app, owner, 'PATCH', `/api/v1/orgs/${org.id}`, {}), 400, 'request.invalid');
  });

  it('limits how many organizations one user may own', async () => {
    const limited = await startTestServer({ env: { KEYWARD_MAX_ORGS_PER_USER: '2' } });
    try {
      const session = await signIn(limited.app, ADMIN.email, ADMIN.password); // already owns the default org
      expect((await call(limited.app, session, 'POST', '/api/v1/orgs', { name: 'second' })).statusCode).toBe(
        201,
      );
      expectError(
        await call(limited.app, session, 'POST', '/api/v1/orgs', { name: 'third' }),
        409,
        'org.limit_reached',
      );
    } finally {
      await limited.close();
    }
  });
});

describe('members', () => {
  it('members see each other without roles; owners and admins see roles', async () => {
    const { org, member, admin } = await orgWithTeam('list');
    const asMember = (await call(server.app, member, 'GET', `/api/v1/orgs/${org.id}/members`)).json();
    expect(asMember.totalResults).toBe(4);
    expect(asMember.results.every((m: object) => !('orgRoles' in m))).toBe(true);
    const asAdmin = (await call(server.app, admin, 'GET', `/api/v1/orgs/${org.id}/members`)).json();
    expect(asAdmin.results.every((m: { orgRoles?: string[] }) => Array.isArray(m.orgRoles))).toBe(true);
  });

  it('only owners grant, change or remove org_owner', async () => {
    const { org, owner, admin, member } = await orgWithTeam('owners');
    const promote = (by: Session, userId: string) =>
      call(server.app, by, 'PUT', `/api/v1/orgs/${org.id}/members/${userId}`, { orgRoles: ['org_owner'] });
    expectError(await promote(admin, member.userId), 403, 'member.owner_only');
    expectError(
      await call(server.app, admin, 'POST', `/api/v1/orgs/${org.id}/members`, {
        email: ADMIN.email,
        orgRoles: ['org_owner'],
      }),
      403,
      'member.owner_only',
    );
    expectError(
      await call(server.app, admin, 'DELETE', `/api/v1/orgs/${org.id}/members/${owner.userId}`),
      403,
      'member.owner_only',
    );
    expect((await promote(owner, member.userId)).json().orgRoles).toEqual(['org_owner']);
    expectError(
      await call(server.app, admin, 'PUT', `/api/v1/orgs/${org.id}/members/${member.userId}`, {
        orgRoles: ['org_member'],
      }),
      403,
      'member.owner_only',
    );
  });

  it('admins manage other members but not their own roles', async () => {
    const { org, admin, dev } = await orgWithTeam('admins');
    const changed = await call(server.app, admin, 'PUT', `/api/v1/orgs/${org.id}/members/${dev.userId}`, {
      orgRoles: ['developer'],
      serviceRoles: ['billing:viewer'],
    });
    expect(changed.json()).toMatchObject({ orgRoles: ['developer'], serviceRoles: ['billing:viewer'] });
    expectError(
      await call(server.app, admin, 'PUT', `/api/v1/orgs/${org.id}/members/${admin.userId}`, {
        orgRoles: ['org_admin', 'developer'],
      }),
      403,
      'member.self_change',
    );
    expect(
      (await call(server.app, admin, 'DELETE', `/api/v1/orgs/${org.id}/members/${dev.userId}`)).statusCode,
    ).toBe(204);
  });

  it('members and developers cannot manage members', async () => {
    const { org, member, dev, admin } = await orgWithTeam('plain');
    for (const who of [member, dev]) {
      expectError(
        await call(server.app, who, 'DELETE', `/api/v1/orgs/${org.id}/members/${admin.userId}`),
        403,
        'auth.forbidden',
      );
      expectError(
        await call(server.app, who, 'POST', `/api/v1/orgs/${org.id}/members`, {
          email: ADMIN.email,
          orgRoles: ['org_member'],
        }),
        403,
        'auth.forbidden',
      );
    }
  });

  it('an organization always keeps one owner', async () => {
    const { org, owner, member } = await orgWithTeam('last');
    const url = `/api/v1/orgs/${org.id}/members/${owner.userId}`;
    expectError(
      await call(server.app, owner, 'PUT', url, { orgRoles: ['org_admin'] }),
      409,
      'org.last_owner',
    );
    expectError(await call(server.app, owner, 'DELETE', url), 409, 'org.last_owner');
    // With a second owner the first may step down.
    await call(server.app, owner, 'PUT', `/api/v1/orgs/${org.id}/members/${member.userId}`, {
      orgRoles: ['org_owner'],
    });
    expect((await call(server.app, owner, 'DELETE', url)).statusCode).toBe(204);
    expectError(await call(server.app, owner, 'GET', `/api/v1/orgs/${org.id}`), 404, 'org.not_found');
  });

  it('serialises concurrent demotions so the last owner cannot be lost in a race', async () => {
    const { org, owner, member } = await orgWithTeam('race');
    await call(server.app, owner, 'PUT', `/api/v1/orgs/${org.id}/members/${member.userId}`, {
      orgRoles: ['org_owner'],
    });
    const [a, b] = await Promise.all([
      call(server.app, owner, 'PUT', `/api/v1/orgs/${org.id}/members/${member.userId}`, {
        orgRoles: ['org_member'],
      }),
      call(server.app, member, 'PUT', `/api/v1/orgs/${org.id}/members/${owner.userId}`, {
        orgRoles: ['org_member'],
      }),
    ]);
    // One wins; the other is refused (409 last owner, or 403 when the winner already demoted its caller).
    expect([a.statusCode, b.statusCode].filter((status) => status === 200)).toHaveLength(1);
    const owners = (await call(server.app, owner, 'GET', `/api/v1/orgs/${org.id}/members`))
      .json()
      .results.filter((m: { orgRoles: string[] }) => m.orgRoles.includes('org_owner'));
    expect(owners).toHaveLength(1);
  });

  it('any member may leave', async () => {
    const { org, dev } = await orgWithTeam('leave');
    expect(
      (await call(server.app, dev, 'DELETE', `/api/v1/orgs/${org.id}/members/${dev.userId}`)).statusCode,
    ).toBe(204);
    expectError(await call(server.app, dev, 'GET', `/api/v1/orgs/${org.id}/members`), 404, 'org.not_found');
  });

  it('invites unknown addresses; refuses duplicates, unknown roles and empty role lists with clear codes', async () => {
    const { org, owner, member } = await orgWithTeam('bad');
    const add = (body: object) => call(server.app, owner, 'POST', `/api/v1/orgs/${org.id}/members`, body);
    // An address with no account is invited (invitations.test.ts), no longer refused with user.not_found.
    const invited = await add({ email: 'ghost@example.test', orgRoles: ['org_member'] });
    expect(invited.statusCode, invited.body).toBe(202);
    expect(invited.json().invitation).toMatchObject({ email: 'ghost@example.test', status: 'pending' });
    expectError(
      await add({ email: 'member-bad@example.test', orgRoles: ['org_member'] }),
      409,
      'member.exists',
    );
    expectError(await add({ email: ADMIN.email, orgRoles: ['org_emperor'] }), 400, 'request.invalid');
    expectError(await add({ email: ADMIN.email, orgRoles: [] }), 400, 'request.invalid');
    const unknown = await add({
      email: ADMIN.email,
      orgRoles: ['org_member'],
      serviceRoles: ['billing:admin', 'nope:viewer'],
    });
    expectError(unknown, 400, 'role.unknown');
    expect(unknown.json().details.unknown).toEqual(['billing:admin', 'nope:viewer']);
    expectError(
      await call(server.app, owner, 'PUT', `/api/v1/orgs/${org.id}/members/${operator.userId}`, {
        orgRoles: ['org_member'],
      }),
      404,
      'member.not_found',
    );
    expect(member.userId).toBeTruthy();
  });

  it('records every change in the audit trail, readable by owners and admins only', async () => {
    const { org, owner, member, dev } = await orgWithTeam('audit');
    await call(server.app, owner, 'PUT', `/api/v1/orgs/${org.id}/members/${dev.userId}`, {
      orgRoles: ['developer'],
    });
    await call(server.app, owner, 'DELETE', `/api/v1/orgs/${org.id}/members/${dev.userId}`);
    const events = (await call(server.app, owner, 'GET', `/api/v1/orgs/${org.id}/audit-events`)).json();
    expect(events.results.map((e: { action: string }) => e.action)).toEqual([
      'member.removed',
      'member.roles_changed',
      'member.added',
      'member.added',
      'member.added',
      'org.created',
    ]);
    const removal = events.results[0];
    expect(removal).toMatchObject({
      orgId: org.id,
      actor: { kind: 'user', id: owner.userId },
      target: { id: dev.userId },
    });
    expect(removal.requestId).toBeTruthy();
    expect(removal.details.via).toBe('session');
    expectError(
      await call(server.app, member, 'GET', `/api/v1/orgs/${org.id}/audit-events`),
      403,
      'auth.forbidden',
    );
  });
});

describe('services', () => {
  it('platform operators register services; others may read but not write', async () => {
    const created = await call(server.app, operator, 'POST', '/api/v1/services', {
      id: 'compute',
      name: 'Compute',
      permissions: [{ id: 'compute:audit', description: 'Read audit logs' }],
      roles: [
        { name: 'viewer', permissions: ['read'] },
        { name: 'admin', permissions: ['compute:read', 'compute:write'] },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().permissions.map((p: { id: string }) => p.id)).toEqual([
      'compute:audit',
      'compute:read',
      'compute:write',
    ]);
    expect(created.json().roles[0]).toMatchObject({ name: 'viewer', permissions: ['compute:read'] });
    expectError(
      await call(server.app, operator, 'POST', '/api/v1/services', { id: 'compute', name: 'again' }),
      409,
      'service.exists',
    );
    expectError(
      await call(server.app, operator, 'POST', '/api/v1/services', {
        id: 'bad',
        name: 'Bad',
        roles: [{ name: 'x', permissions: ['other:read'] }],
      }),
      400,
      'service.invalid',
    );

    const user = await userSession('reader@example.test');
    expectError(
      await call(server.app, user, 'POST', '/api/v1/services', { id: 'mine', name: 'Mine' }),
      403,
      'auth.forbidden',
    );
    expect((await call(server.app, user, 'GET', '/api/v1/services/compute')).json().name).toBe('Compute');
    expect(
      (await call(server.app, user, 'GET', '/api/v1/services')).json().totalResults,
    ).toBeGreaterThanOrEqual(2);
    expectError(await call(server.app, user, 'GET', '/api/v1/services/none'), 404, 'service.not_found');
  });
});

describe('users (operators)', () => {
  it('operators create and list accounts; the password policy applies; others are refused', async () => {
    const created = await call(server.app, operator, 'POST', '/api/v1/users', {
      email: 'New.Person@Example.test',
      name: 'New Person',
      password: 'correct horse battery',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'new.person@example.test',
      name: 'New Person',
      disabled: false,
    });
    expect(created.json()).not.toHaveProperty('passwordHash');
    expectError(
      await call(server.app, operator, 'POST', '/api/v1/users', { email: 'new.person@example.test' }),
      409,
      'user.email_taken',
    );
    for (const weak of ['short', 'password1234', '123456789012345']) {
      expectError(
        await call(server.app, operator, 'POST', '/api/v1/users', {
          email: `w${weak.length}@example.test`,
          password: weak,
        }),
        400,
        'user.password_rejected',
      );
    }
    expect(
      (
        await call(server.app, operator, 'POST', '/api/v1/users', {
          email: 'aaa@example.test',
          password: 'aaaaaaaaaaaaaaaa',
        })
      ).statusCode,
    ).toBe(201);
    const user = await signIn(server.app, 'new.person@example.test', 'correct horse battery');
    expectError(await call(server.app, user, 'GET', '/api/v1/users'), 403, 'auth.forbidden');
    expectError(
      await call(server.app, user, 'GET', `/api/v1/users/${operator.userId}`),
      403,
      'auth.forbidden',
    );
    expect((await call(server.app, user, 'GET', `/api/v1/users/${user.userId}`)).statusCode).toBe(200);
    expectError(
      await call(server.app, operator, 'POST', `/api/v1/users/${operator.userId}/disable`),
      403,
      'auth.forbidden',
    );
  });
});
