// The audit lists, narrowed on the server: by action, actor, target and a time range [from, to), on both the
// organization's log and the platform's, newest first and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'a long and careful passphrase';

let server: TestServer;
let operator: Session;
let orgId: string;
let adaId: string;
let bobId: string;
let beforeBob: string;

interface Listed {
  results: { action: string; actor: { id: string }; target: { id: string }; at: string }[];
  totalResults: number;
  nextLink: string | null;
}

const list = async (path: string, session: Session = operator) => {
  const response = await call(server.app, session, 'GET', path);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Listed>();
};

beforeAll(async () => {
  server = await startTestServer();
  orgId = server.firstRun?.orgId as string;
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const system = operatorCaller();
  adaId = (await server.container.users.create(system, { email: 'ada@example.test', password: PASSWORD })).id;
  await server.container.members.add(system, orgId, {
    email: 'ada@example.test',
    orgRoles: ['org_admin'],
    serviceRoles: [],
  });
  server.clock.advance(60_000);
  beforeBob = new Date(server.clock.now()).toISOString();
  bobId = (await server.container.users.create(system, { email: 'bob@example.test', password: PASSWORD })).id;
  // Ada, an admin, adds Bob: an event of the organization whose actor is Ada and target Bob.
  const ada = await signIn(server.app, 'ada@example.test', PASSWORD);
  const added = await call(server.app, ada, 'POST', `/api/v1/orgs/${orgId}/members`, {
    email: 'bob@example.test',
    orgRoles: ['org_member'],
  });
  expect(added.statusCode, added.body).toBe(201);
});
afterAll(async () => server.close());

describe('the organization’s audit log', () => {
  it('narrows by actor, action, target and time, newest first', async () => {
    const base = `/api/v1/orgs/${orgId}/audit-events`;
    const all = await list(base);
    expect(all.results.length).toBeGreaterThanOrEqual(2);
    const byActor = await list(`${base}?actorId=${adaId}`);
    expect(byActor.results.map((e) => e.action)).toEqual(['member.added']);
    expect(byActor.results[0]?.target.id).toBe(bobId);
    expect((await list(`${base}?targetId=${adaId}`)).results.map((e) => e.action)).toEqual(['member.added']);
    expect((await list(`${base}?action=member.added`)).totalResults).toBe(2);
    expect(
      (await list(`${base}?action=member.added&from=${beforeBob}`)).results.map((e) => e.target.id),
    ).toEqual([bobId]);
    expect(
      (await list(`${base}?action=member.added&to=${beforeBob}`)).results.map((e) => e.target.id),
    ).toEqual([adaId]);
    const paged = await list(`${base}?action=member.added&pageLimit=1`);
    expect(paged.results.map((e) => e.target.id)).toEqual([bobId]);
    expect(paged.nextLink).toContain('action=member.added');
  });
});

describe('the platform’s audit log', () => {
  it('takes the same filters', async () => {
    const users = await list(`/api/v1/audit-events?action=user.created&from=${beforeBob}`);
    expect(users.results.map((e) => e.target.id)).toEqual([bobId]);
    expect(
      (await list(`/api/v1/audit-events?targetId=${bobId}`)).results.map((e) => e.action).sort(),
    ).toEqual(['member.added', 'user.created']);
  });

  it('refuses a malformed or empty range with request.invalid', async () => {
    expectError(
      await call(server.app, operator, 'GET', '/api/v1/audit-events?from=yesterday'),
      400,
      'request.invalid',
    );
    expectError(
      await call(server.app, operator, 'GET', `/api/v1/audit-events?from=${beforeBob}&to=${beforeBob}`),
      400,
      'request.invalid',
    );
    expectError(
      await call(server.app, operator, 'GET', `/api/v1/orgs/${orgId}/audit-events?colour=blue`),
      400,
      'request.invalid',
    );
  });
});
