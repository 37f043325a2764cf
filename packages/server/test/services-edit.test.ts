// PATCH /api/v1/services/{id}: an operator edits a service; a role someone holds cannot disappear from under them,
// and a role's new permissions are what its holders carry from then on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'a long and careful passphrase';

let server: TestServer;
let operator: Session;
let orgId: string;
let ritaId: string;

beforeAll(async () => {
  server = await startTestServer();
  orgId = server.firstRun?.orgId as string;
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const system = operatorCaller();
  await server.container.services.create(system, {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
      { name: 'auditor', permissions: ['read'] },
    ],
  });
  const rita = await server.container.users.create(system, {
    email: 'rita@example.test',
    password: PASSWORD,
  });
  ritaId = rita.id;
  await server.container.members.add(system, orgId, {
    email: rita.email,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
  });
});
afterAll(async () => server.close());

const patch = (body: unknown, session: Session = operator, id = 'billing') =>
  call(server.app, session, 'PATCH', `/api/v1/services/${id}`, body);

/** What the access-check endpoint says Rita (signed in) may do: the permissions her session carries. */
const ritaMay = async (permission: string) =>
  (
    await call(server.app, operator, 'POST', `/api/v1/orgs/${orgId}/access-checks`, {
      credential: { userId: ritaId },
      request: { permission },
    })
  ).json<{ allowed: boolean }>().allowed;

describe('editing a service', () => {
  it('changes its name and description; the id, resource and roles stay', async () => {
    const edited = await patch({ name: 'Invoicing', description: 'Invoices and payments' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      id: 'billing',
      name: 'Invoicing',
      description: 'Invoices and payments',
    });
    const read = await call(server.app, operator, 'GET', '/api/v1/services/billing');
    expect(read.json<{ roles: { name: string }[] }>().roles.map((r) => r.name)).toEqual([
      'viewer',
      'admin',
      'auditor',
    ]);
  });

  it('changes what a role grants: its holders carry the new permissions from then on', async () => {
    expect(await ritaMay('billing:write')).toBe(false);
    const edited = await patch({
      roles: [
        { name: 'viewer', permissions: ['read', 'write'] },
        { name: 'admin', permissions: ['read', 'write', 'refund'] },
        { name: 'auditor', permissions: ['read'] },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<{ permissions: { id: string }[] }>().permissions.map((p) => p.id)).toEqual([
      'billing:read',
      'billing:refund',
      'billing:write',
    ]);
    expect(await ritaMay('billing:write')).toBe(true);
  });

  it('removes a role nobody holds, and refuses to remove one a member holds until it is taken from them', async () => {
    const dropAuditor = await patch({
      roles: [
        { name: 'viewer', permissions: ['read', 'write'] },
        { name: 'admin', permissions: ['read', 'write', 'refund'] },
      ],
    });
    expect(dropAuditor.statusCode, dropAuditor.body).toBe(200);

    const dropViewer = await patch({ roles: [{ name: 'admin', permissions: ['read', 'write'] }] });
    expectError(dropViewer, 409, 'service.role_in_use');
    expect(dropViewer.json<{ details: unknown }>().details).toEqual({
      holders: [{ role: 'billing:viewer', members: 1, apps: 0 }],
    });
    const unchanged = await call(server.app, operator, 'GET', '/api/v1/services/billing');
    expect(unchanged.json<{ roles: { name: string }[] }>().roles.map((r) => r.name)).toEqual([
      'viewer',
      'admin',
    ]);

    await server.container.members.update(operatorCaller(), orgId, ritaId, {
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    const dropped = await patch({ roles: [{ name: 'admin', permissions: ['read', 'write'] }] });
    expect(dropped.statusCode, dropped.body).toBe(200);

    const audit = await call(server.app, operator, 'GET', '/api/v1/audit-events?action=service.updated');
    const events = audit.json<{ results: { details: { rolesRemoved?: string[] } }[] }>().results;
    expect(events.map((event) => event.details.rolesRemoved)).toContainEqual(['billing:viewer']);
  });

  it('refuses bad edits with a 4xx and a stable code', async () => {
    expectError(
      await patch({
        roles: [
          { name: 'a', permissions: ['read'] },
          { name: 'a', permissions: [] },
        ],
      }),
      400,
      'service.invalid',
    );
    expectError(
      await patch({ roles: [{ name: 'a', permissions: ['storage:read'] }] }),
      400,
      'service.invalid',
    );
    expectError(await patch({}), 400, 'request.invalid');
    expectError(await patch({ id: 'other' }), 400, 'request.invalid');
    expectError(await patch({ name: 'x' }, operator, 'nope'), 404, 'service.not_found');
    const rita = await signIn(server.app, 'rita@example.test', PASSWORD);
    expectError(await patch({ name: 'Mine' }, rita), 403, 'auth.forbidden');
  });
});
