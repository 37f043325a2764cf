// The native management API of OVH-style consumer keys (/api/v1/me/consumer-apps, /me/consumer-credentials):
// a developer's applications and the keys they were given, the keys a user granted, and what each side may end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, SECOND } from '../src/core/clock.js';
import { call, expectError, type Session, signIn } from './support/http.js';
import { type GrantedKey, grantConsumerKey, ovhHeaders } from './support/ovh.js';
import { operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const password = 'consumer keys api passphrase';
const ME_RULES = [{ method: 'GET', path: '/me' }];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function user(tag: string): Promise<Session> {
  const email = `${tag}@example.test`;
  await server.container.users.create(operatorCaller(), { email, password, name: `${tag} user` });
  return signIn(server.app, email, password);
}

interface CreatedApp {
  applicationId: number;
  applicationKey: string;
  applicationSecret: string;
}

async function createApp(session: Session, body: Record<string, unknown> = { name: 'Marketplace' }) {
  const response = await call(server.app, session, 'POST', '/api/v1/me/consumer-apps', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CreatedApp;
}

/** A key validated by `granter` for an application of `developer`; `validate: false` leaves it pending. */
function grant(
  developer: Session,
  granter: Session,
  options: { validitySeconds?: number; validate?: boolean } = {},
) {
  return grantConsumerKey(server.container, {
    developerId: developer.userId,
    userId: granter.userId,
    rules: ME_RULES,
    ...options,
  });
}

/** A signed call as the python client makes it (inject's Host is localhost:80). */
function signed(key: GrantedKey, target: string) {
  const headers = ovhHeaders({
    ...key,
    method: 'GET',
    url: `http://localhost:80${target}`,
    timestamp: Math.floor(server.clock.now() / 1000),
  });
  return server.app.inject({ method: 'GET', url: target, headers });
}

/** A signed call with `key` is refused: by default because the key no longer exists. */
async function expectRefused(key: GrantedKey, errorCode = 'NOT_CREDENTIAL') {
  const response = await signed(key, '/1.0/me');
  expect(response.statusCode, response.body).toBe(403);
  expect(response.json().errorCode).toBe(errorCode);
}

async function get(session: Session, url: string) {
  const response = await call(server.app, session, 'GET', url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The audit events of `action` about `targetId`, and who caused them. */
async function audited(action: string, targetId: number): Promise<{ actor: string; details: unknown }[]> {
  const page = { pageStart: 1, pageLimit: 200 };
  const { items } = await server.container.storage.stores.audit.list(page, { action });
  return items
    .filter((event) => event.target.id === String(targetId))
    .map((event) => ({ actor: event.actor.id, details: event.details }));
}

const appUrl = (id: number) => `/api/v1/me/consumer-apps/${id}`;
const grantedUrl = (id: number) => `/api/v1/me/consumer-credentials/${id}`;

describe('my consumer applications', () => {
  it('registers one: 201 with the secret this once; lists and reads never show it; it is stored sealed', async () => {
    const dev = await user('register');
    const response = await call(server.app, dev, 'POST', '/api/v1/me/consumer-apps', {
      name: '  Marketplace ',
      description: 'sells things',
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(Object.keys(created).sort()).toEqual(
      [
        'applicationId',
        'applicationKey',
        'applicationSecret',
        'createdAt',
        'description',
        'name',
        'status',
      ].sort(),
    );
    expect(created).toMatchObject({
      applicationKey: expect.stringMatching(/^[0-9A-Za-z]{16}$/),
      applicationSecret: expect.stringMatching(/^[0-9A-Za-z]{32}$/),
      name: 'Marketplace',
      description: 'sells things',
      status: 'active',
      createdAt: new Date(server.clock.now()).toISOString(),
    });
    expect(Number.isInteger(created.applicationId)).toBe(true);

    const { applicationSecret, ...shown } = created;
    const list = await get(dev, '/api/v1/me/consumer-apps');
    expect(list).toEqual({ results: [shown], totalResults: 1, nextLink: null, prevLink: null });
    expect(await get(dev, appUrl(created.applicationId))).toEqual(shown);

    const row = await server.container.storage.db.kysely
      .selectFrom('consumer_apps')
      .selectAll()
      .where('id', '=', created.applicationId)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(applicationSecret);
    expect(JSON.stringify(row)).not.toContain(applicationSecret);
    expect(await audited('consumer_app.created', created.applicationId)).toMatchObject([
      { actor: dev.userId },
    ]);
  });

  it('takes an omitted description as empty, and refuses bad bodies with request.invalid', async () => {
    const dev = await user('bodies');
    expect(await createApp(dev, { name: 'No description' })).toMatchObject({ description: '' });
    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 'ok', description: 'x'.repeat(1001) },
      { name: 'ok', secret: 'mine' },
      { name: 42 },
    ]) {
      expectError(
        await call(server.app, dev, 'POST', '/api/v1/me/consumer-apps', body),
        400,
        'request.invalid',
      );
    }
  });

  it('hides them from another user, who can neither read nor delete them', async () => {
    const owner = await user('owner');
    const other = await user('other');
    const app = await createApp(owner);
    expectError(
      await call(server.app, other, 'GET', appUrl(app.applicationId)),
      404,
      'consumer_app.not_found',
    );
    expectError(
      await call(server.app, other, 'DELETE', appUrl(app.applicationId)),
      404,
      'consumer_app.not_found',
    );
    expectError(
      await call(server.app, other, 'GET', `${appUrl(app.applicationId)}/credentials`),
      404,
      'consumer_app.not_found',
    );
    expect((await get(other, '/api/v1/me/consumer-apps')).totalResults).toBe(0);
    expect(await get(owner, appUrl(app.applicationId))).toMatchObject({ applicationId: app.applicationId });
  });

  it('deletes one with every key given to it: the keys stop working at once; audited', async () => {
    const dev = await user('deleter');
    const customer = await user('deleter-customer');
    const key = await grant(dev, customer);
    expect((await signed(key, '/1.0/me')).statusCode).toBe(200);

    const response = await call(server.app, dev, 'DELETE', appUrl(key.applicationId));
    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    expectError(await call(server.app, dev, 'GET', appUrl(key.applicationId)), 404, 'consumer_app.not_found');
    expectError(
      await call(server.app, dev, 'DELETE', appUrl(key.applicationId)),
      404,
      'consumer_app.not_found',
    );
    expect((await get(customer, '/api/v1/me/consumer-credentials')).totalResults).toBe(0);
    // The application key is gone with it, and each of its consumer keys.
    await expectRefused(key, 'INVALID_KEY');
    expect(
      await server.container.storage.stores.consumerKeys.findCredential(key.credentialId),
    ).toBeUndefined();
    expect(await audited('consumer_app.deleted', key.applicationId)).toMatchObject([
      { actor: dev.userId, details: { name: 'Test application', credentialsRevoked: 1 } },
    ]);
  });

  it('pages the list, newest first, with links', async () => {
    const dev = await user('pager');
    const ids: number[] = [];
    for (const name of ['first', 'second', 'third']) {
      ids.unshift((await createApp(dev, { name })).applicationId);
      server.clock.advance(SECOND);
    }
    const first = await get(dev, '/api/v1/me/consumer-apps?pageLimit=2');
    expect(first.results.map((app: { applicationId: number }) => app.applicationId)).toEqual(ids.slice(0, 2));
    expect(first).toMatchObject({
      totalResults: 3,
      nextLink: '/api/v1/me/consumer-apps?pageLimit=2&pageStart=3',
      prevLink: null,
    });
    const second = await get(dev, first.nextLink);
    expect(second.results.map((app: { applicationId: number }) => app.applicationId)).toEqual(ids.slice(2));
    expect(second).toMatchObject({
      totalResults: 3,
      nextLink: null,
      prevLink: expect.stringContaining('pageStart=1'),
    });
    expectError(
      await call(server.app, dev, 'GET', '/api/v1/me/consumer-apps?pageLimit=0'),
      400,
      'request.invalid',
    );
  });
});

describe('the keys of my application', () => {
  it('lists the keys it requested, pending and validated, with who granted them', async () => {
    const dev = await user('keys-dev');
    const customer = await user('keys-customer');
    const key = await grant(dev, customer);
    // A second request of the same application, nobody has answered yet.
    await server.container.credentialRequests.requestCredential(
      key.applicationKey,
      { accessRules: [{ method: 'GET', path: '/me/*' }], allowedIPs: ['203.0.113.7'] },
      { ip: '127.0.0.1', requestId: 'test' },
    );
    server.clock.advance(SECOND);
    const list = await get(dev, `${appUrl(key.applicationId)}/credentials`);
    expect(list.totalResults).toBe(2);
    const [pending, validated] = [...list.results].sort((a, b) => (a.status < b.status ? -1 : 1));
    const created = Date.parse(validated.createdAt);
    expect(validated).toEqual({
      credentialId: key.credentialId,
      applicationId: key.applicationId,
      status: 'validated',
      rules: ME_RULES,
      allowedIPs: null,
      createdAt: validated.createdAt,
      validatedAt: validated.createdAt,
      expiresAt: new Date(created + 24 * HOUR).toISOString(),
      lastUsedAt: null,
      grantedBy: customer.userId,
    });
    expect(pending).toMatchObject({
      applicationId: key.applicationId,
      status: 'pendingValidation',
      rules: [{ method: 'GET', path: '/me/*' }],
      allowedIPs: ['203.0.113.7/32'],
      validatedAt: null,
      expiresAt: new Date(Date.parse(pending.createdAt) + 24 * HOUR).toISOString(),
      grantedBy: null,
    });
    // Pages like the other lists.
    const page = await get(dev, `${appUrl(key.applicationId)}/credentials?pageLimit=1&pageStart=2`);
    expect(page).toMatchObject({ totalResults: 2, nextLink: null, prevLink: expect.any(String) });
    expect(page.results).toHaveLength(1);
  });

  it('shows a request nobody answered as pending, to the developer only', async () => {
    const dev = await user('pending-dev');
    const customer = await user('pending-customer');
    const key = await grant(dev, customer, { validate: false });
    const list = await get(dev, `${appUrl(key.applicationId)}/credentials`);
    expect(list.results).toMatchObject([{ credentialId: key.credentialId, status: 'pendingValidation' }]);
    expect((await get(customer, '/api/v1/me/consumer-credentials')).totalResults).toBe(0);
  });

  it('lets the owner withdraw a key; signed calls with it then fail with NOT_CREDENTIAL; audited', async () => {
    const dev = await user('withdraw-dev');
    const customer = await user('withdraw-customer');
    const stranger = await user('withdraw-stranger');
    const key = await grant(dev, customer);
    const other = await grant(dev, customer);
    expect((await signed(key, '/1.0/me')).statusCode).toBe(200);
    const url = `${appUrl(key.applicationId)}/credentials/${key.credentialId}`;

    expectError(await call(server.app, stranger, 'DELETE', url), 404, 'consumer_app.not_found');
    // The key must belong to the application named in the path.
    expectError(
      await call(server.app, dev, 'DELETE', `${appUrl(other.applicationId)}/credentials/${key.credentialId}`),
      404,
      'consumer_credential.not_found',
    );
    const response = await call(server.app, dev, 'DELETE', url);
    expect(response.statusCode, response.body).toBe(204);
    await expectRefused(key);
    expect((await signed(other, '/1.0/me')).statusCode).toBe(200);
    expectError(await call(server.app, dev, 'DELETE', url), 404, 'consumer_credential.not_found');
    expect((await get(dev, `${appUrl(key.applicationId)}/credentials`)).totalResults).toBe(0);
    expect(await audited('consumer_credential.revoked', key.credentialId)).toMatchObject([
      { actor: dev.userId },
    ]);
  });
});

describe('the keys I granted', () => {
  it('lists them with their application, filtered by application and status, and reads one', async () => {
    const devA = await user('granted-dev-a');
    const devB = await user('granted-dev-b');
    const customer = await user('granted-customer');
    const first = await grant(devA, customer);
    server.clock.advance(SECOND);
    const second = await grant(devB, customer);
    await grant(devB, await user('granted-someone-else'));

    const all = await get(customer, '/api/v1/me/consumer-credentials');
    expect(all.totalResults).toBe(2);
    expect(all.results.map((credential: { credentialId: number }) => credential.credentialId)).toEqual([
      second.credentialId,
      first.credentialId,
    ]);
    expect(all.results[1]).toMatchObject({
      credentialId: first.credentialId,
      applicationId: first.applicationId,
      status: 'validated',
      grantedBy: customer.userId,
      application: {
        applicationId: first.applicationId,
        name: 'Test application',
        description: 'made by a test',
      },
    });
    expect(JSON.stringify(all)).not.toContain(first.applicationSecret);
    expect(JSON.stringify(all)).not.toContain(first.consumerKey);

    const ofA = await get(customer, `/api/v1/me/consumer-credentials?applicationId=${first.applicationId}`);
    expect(ofA.results).toMatchObject([{ credentialId: first.credentialId }]);
    expect((await get(customer, '/api/v1/me/consumer-credentials?status=validated')).totalResults).toBe(2);
    expect((await get(customer, '/api/v1/me/consumer-credentials?status=refused')).totalResults).toBe(0);
    expectError(
      await call(server.app, customer, 'GET', '/api/v1/me/consumer-credentials?status=revoked'),
      400,
      'request.invalid',
    );

    const paged = await get(customer, '/api/v1/me/consumer-credentials?status=validated&pageLimit=1');
    expect(paged.results).toMatchObject([{ credentialId: second.credentialId }]);
    expect(paged.nextLink).toBe('/api/v1/me/consumer-credentials?status=validated&pageLimit=1&pageStart=2');
    expect((await get(customer, paged.nextLink)).results).toMatchObject([
      { credentialId: first.credentialId },
    ]);

    expect(await get(customer, grantedUrl(first.credentialId))).toEqual(all.results[1]);
    // Neither the developer nor anyone else reads a key they did not grant here.
    expectError(
      await call(server.app, devA, 'GET', grantedUrl(first.credentialId)),
      404,
      'consumer_credential.not_found',
    );
  });

  it('revokes one; signed calls with it then fail with NOT_CREDENTIAL; audited', async () => {
    const dev = await user('revoke-dev');
    const customer = await user('revoke-customer');
    const key = await grant(dev, customer);
    expect((await signed(key, '/1.0/me')).statusCode).toBe(200);

    expectError(
      await call(server.app, dev, 'DELETE', grantedUrl(key.credentialId)),
      404,
      'consumer_credential.not_found',
    );
    const response = await call(server.app, customer, 'DELETE', grantedUrl(key.credentialId));
    expect(response.statusCode, response.body).toBe(204);
    await expectRefused(key);
    expectError(
      await call(server.app, customer, 'GET', grantedUrl(key.credentialId)),
      404,
      'consumer_credential.not_found',
    );
    expect(await audited('consumer_credential.revoked', key.credentialId)).toMatchObject([
      { actor: customer.userId },
    ]);
    // The application itself stays.
    expect(await get(dev, appUrl(key.applicationId))).toMatchObject({ status: 'active' });
  });

  it('sets the addresses a key may be used from, refuses bad ones, and clears them with null', async () => {
    const dev = await user('ips-dev');
    const customer = await user('ips-customer');
    const key = await grant(dev, customer);
    const patch = (session: Session, body: unknown) =>
      call(server.app, session, 'PATCH', grantedUrl(key.credentialId), body);

    const set = await patch(customer, { allowedIPs: ['203.0.113.0/24', '2001:DB8::1'] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      credentialId: key.credentialId,
      allowedIPs: ['203.0.113.0/24', '2001:db8::1/128'],
      application: { applicationId: key.applicationId },
    });
    // inject comes from 127.0.0.1, which the blocks no longer allow.
    await expectRefused(key, 'INVALID_CREDENTIAL');

    expectError(await patch(customer, { allowedIPs: ['not-an-address'] }), 400, 'request.invalid');
    expectError(await patch(customer, { allowedIPs: ['10.0.0.0/33'] }), 400, 'request.invalid');
    expectError(await patch(customer, { allowedIPs: ['x'.repeat(65)] }), 400, 'request.invalid');
    expectError(
      await patch(customer, { allowedIPs: Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`) }),
      400,
      'request.invalid',
    );
    expectError(await patch(customer, {}), 400, 'request.invalid');
    expectError(await patch(customer, { allowedIPs: null, rules: [] }), 400, 'request.invalid');
    expectError(await patch(dev, { allowedIPs: null }), 404, 'consumer_credential.not_found');
    expectError(await patch(dev, { allowedIPs: ['nonsense'] }), 404, 'consumer_credential.not_found');
    expect((await get(customer, grantedUrl(key.credentialId))).allowedIPs).toEqual([
      '203.0.113.0/24',
      '2001:db8::1/128',
    ]);

    const cleared = await patch(customer, { allowedIPs: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().allowedIPs).toBeNull();
    expect((await signed(key, '/1.0/me')).statusCode).toBe(200);
    expect(await audited('consumer_credential.allowed_ips_changed', key.credentialId)).toHaveLength(2);
  });

  it('shows the last use, including one not yet written to the database', async () => {
    const dev = await user('last-use-dev');
    const customer = await user('last-use-customer');
    const key = await grant(dev, customer);
    expect((await get(customer, grantedUrl(key.credentialId))).lastUsedAt).toBeNull();
    const later = server.clock.now() + 5 * SECOND;
    server.container.background.consumerKeyUsage.add({ id: key.credentialId, at: later });
    const expected = new Date(later).toISOString();
    expect((await get(customer, grantedUrl(key.credentialId))).lastUsedAt).toBe(expected);
    expect((await get(dev, `${appUrl(key.applicationId)}/credentials`)).results[0].lastUsedAt).toBe(expected);
    await server.container.background.flush();
    expect((await get(customer, grantedUrl(key.credentialId))).lastUsedAt).toBe(expected);
  });

  it('answers a signed call within the key’s rules, relative to /api/v1', async () => {
    const dev = await user('signed-dev');
    const customer = await user('signed-customer');
    const key = await grantConsumerKey(server.container, {
      developerId: dev.userId,
      userId: customer.userId,
      rules: [{ method: 'GET', path: '/me/consumer-credentials' }],
    });
    const response = await signed(key, '/api/v1/me/consumer-credentials');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toMatchObject([{ credentialId: key.credentialId }]);
    expectError(await signed(key, '/api/v1/me/consumer-apps'), 403, 'consumer_key.not_granted');
  });

  it('reads a key as expired once its validity elapsed', async () => {
    const dev = await user('expiry-dev');
    const customer = await user('expiry-customer');
    const key = await grant(dev, customer, { validitySeconds: 3600 });
    const read = async () => (await get(customer, grantedUrl(key.credentialId))).status;
    expect(await read()).toBe('validated');
    server.clock.advance(HOUR + SECOND);
    expect(await read()).toBe('expired');
    const expired = await get(customer, '/api/v1/me/consumer-credentials?status=expired');
    expect(expired.results).toMatchObject([{ credentialId: key.credentialId, status: 'expired' }]);
    expect((await get(customer, '/api/v1/me/consumer-credentials?status=validated')).totalResults).toBe(0);
    expect((await get(dev, `${appUrl(key.applicationId)}/credentials`)).results[0].status).toBe('expired');
  });
});

// Issue 10 item 9: the OVH clients pointed at /api/v1 (as these docs invite) failed before their first signed
// call, and npm ovh 2.x took every 201 and 204 for an error. test/ovh-clients.test.ts drives the real clients.
describe('OVH clients on the management API', () => {
  /** A signed call with any method, target and body, signing `signedTarget` (by default the one sent). */
  function signedCall(
    key: GrantedKey,
    method: 'GET' | 'POST' | 'DELETE',
    target: string,
    options: { body?: string; signedTarget?: string } = {},
  ) {
    const headers = ovhHeaders({
      ...key,
      method,
      url: `http://localhost:80${options.signedTarget ?? target}`,
      body: options.body ?? '',
      timestamp: Math.floor(server.clock.now() / 1000),
    });
    return server.app.inject({
      method,
      url: target,
      headers: { ...headers, ...(options.body ? { 'content-type': 'application/json' } : {}) },
      ...(options.body ? { payload: options.body } : {}),
    });
  }

  it('GET /api/v1/auth/time answers the server time as /1.0/auth/time does, unauthenticated (was 404)', async () => {
    const now = Math.floor(server.clock.now() / 1000);
    for (const url of ['/api/v1/auth/time', '/1.0/auth/time']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toBe(now);
    }
  });

  it('a signed call’s 201 and 204 arrive as OVH’s 200, with the body or null; a session’s keep their status', async () => {
    const dev = await user('ovh-status-dev');
    const customer = await user('ovh-status-customer');
    const key = await grantConsumerKey(server.container, {
      developerId: dev.userId,
      userId: customer.userId,
      rules: [
        { method: 'POST', path: '/me/consumer-apps' },
        { method: 'DELETE', path: '/me/consumer-apps/*' },
      ],
    });
    const created = await signedCall(key, 'POST', '/api/v1/me/consumer-apps', {
      body: '{"name":"Signed app"}',
    });
    expect(created.statusCode, created.body).toBe(200);
    const app = created.json() as CreatedApp;
    expect(app).toMatchObject({ name: 'Signed app', applicationKey: expect.any(String) });
    const deleted = await signedCall(key, 'DELETE', appUrl(app.applicationId));
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.headers['content-type']).toMatch(/^application\/json/);
    expect(deleted.body).toBe('null');
    // Errors keep their status and shape; unsigned calls keep the management API's statuses.
    expectError(await signedCall(key, 'DELETE', appUrl(app.applicationId)), 404, 'consumer_app.not_found');
    const byCustomer = await createApp(customer);
    const byCookie = await call(server.app, customer, 'DELETE', appUrl(byCustomer.applicationId));
    expect(byCookie.statusCode).toBe(204);
  });

  it('a signed call to //api/v1/… (a base URL ending in /) is served, its signature checked over what was sent', async () => {
    const dev = await user('ovh-slash-dev');
    const customer = await user('ovh-slash-customer');
    const key = await grantConsumerKey(server.container, {
      developerId: dev.userId,
      userId: customer.userId,
      rules: [{ method: 'GET', path: '/me/consumer-credentials' }],
    });
    const target = '//api/v1/me/consumer-credentials';
    const response = await signedCall(key, 'GET', target);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toMatchObject([{ credentialId: key.credentialId }]);
    // The client signed //api/v1/…: a signature over another target does not verify.
    const other = await signedCall(key, 'GET', target, { signedTarget: '/api/v1/me/consumer-credentials' });
    expectError(other, 400, 'consumer_key.invalid_signature');
    // Rules still apply to the routed path.
    expectError(await signedCall(key, 'GET', '//api/v1/me/consumer-apps'), 403, 'consumer_key.not_granted');
  });
});
