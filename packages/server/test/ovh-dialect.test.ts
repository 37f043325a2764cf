// The OVH dialect over inject (docs/wire/ovh.md): credential requests, every authentication failure with its
// exact OVH status, errorCode and message, the rule matcher at the edge, and the /me/api management calls.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, SECOND } from '../src/core/clock.js';
import { startMaintenance } from '../src/ops/maintenance.js';
import { call, signIn } from './support/http.js';
import { grantConsumerKey, ovhHeaders, userCaller } from './support/ovh.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let developerId: string;
let userId: string;
const password = 'ovh dialect passphrase';
const logLines: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ logLines });
  const developer = await server.container.users.create(operatorCaller(), {
    email: 'dev@example.test',
    password,
    name: 'Dana Developer',
  });
  const user = await server.container.users.create(operatorCaller(), {
    email: 'customer@example.test',
    password,
    name: 'Chris Customer',
  });
  developerId = developer.id;
  userId = user.id;
});
afterAll(async () => server.close());

const now = () => Math.floor(server.clock.now() / 1000);

/** A signed call as the python client signs it: `http://localhost:80` + target (inject's Host is localhost:80). */
function signed(
  key: { applicationKey: string; applicationSecret: string; consumerKey: string },
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  target: string,
  body?: string,
  options: { timestamp?: number; url?: string; ip?: string; headers?: Record<string, string> } = {},
) {
  const headers = ovhHeaders({
    ...key,
    method,
    url: options.url ?? `http://localhost:80${target}`,
    body: body ?? '',
    timestamp: options.timestamp ?? now(),
  });
  return server.app.inject({
    method,
    url: target,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(body ? { payload: body } : {}),
    ...(options.ip ? { remoteAddress: options.ip } : {}),
  });
}

const grant = (
  rules: [string, string][],
  options: { validitySeconds?: number | null; allowedIPs?: string[]; validate?: boolean } = {},
) =>
  grantConsumerKey(server.container, {
    developerId,
    userId,
    rules: rules.map(([method, path]) => ({ method, path })),
    ...options,
  });

function expectOvhError(
  response: LightMyRequestResponse,
  status: number,
  errorCode: string,
  message: string,
) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body.errorCode).toBe(errorCode);
  expect(body.message).toBe(message);
  expect(body.httpCode).toMatch(new RegExp(`^${status} `));
  expect(body.class).toMatch(/^Client::/);
  expect(response.headers['x-ovh-queryid']).toMatch(/^KW\./);
}

describe('OVH dialect', () => {
  it('tells the time and takes credential requests with python-style nulls', async () => {
    const time = await server.app.inject({ method: 'GET', url: '/1.0/auth/time' });
    expect(time.statusCode).toBe(200);
    expect(time.json()).toBe(now());
    expect(time.headers['x-ovh-queryid']).toBeDefined();

    const { app } = await server.container.consumerKeys.createApp(userCaller(developerId), {
      name: 'Marketplace',
      description: 'my little marketplace',
    });
    const response = await server.app.inject({
      method: 'POST',
      url: '/1.0/auth/credential',
      headers: { 'x-ovh-application': app.appKey, 'content-type': 'application/json' },
      payload: '{"accessRules":[{"method":"GET","path":"/me"}],"redirection":null,"allowedIPs":null}',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['consumerKey', 'state', 'validationUrl']);
    expect(body.state).toBe('pendingValidation');
    expect(body.consumerKey).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(body.validationUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/auth\/\?credentialToken=[0-9A-Za-z]{64}$/,
    );
  });

  it('refuses an unknown application key with INVALID_KEY', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/credential',
      headers: { 'x-ovh-application': 'x', 'content-type': 'application/json' },
      payload: { accessRules: [{ method: 'GET', path: '/*' }] },
    });
    expectOvhError(response, 403, 'INVALID_KEY', 'This application key is invalid');
  });

  it('answers a validated key on /me, and each failure as OVH does', async () => {
    const key = await grantConsumerKey(server.container, {
      developerId,
      userId,
      rules: [{ method: 'GET', path: '/me' }],
    });
    const me = await signed(key, 'GET', '/1.0/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({
      nichandle: userId,
      email: 'customer@example.test',
      firstname: 'Chris',
    });

    expectOvhError(
      await signed(key, 'GET', '/1.0/me/api/application'),
      403,
      'NOT_GRANTED_CALL',
      'This call has not been granted',
    );
    expectOvhError(
      await signed({ ...key, applicationSecret: 'x'.repeat(32) }, 'GET', '/1.0/me'),
      400,
      'INVALID_SIGNATURE',
      'Invalid signature',
    );
    expectOvhError(
      await signed({ ...key, consumerKey: 'y'.repeat(32) }, 'GET', '/1.0/me'),
      403,
      'NOT_CREDENTIAL',
      'This credential does not exist',
    );
    const stale = await signed(key, 'GET', '/1.0/me', undefined, { timestamp: now() - 181 });
    expectOvhError(stale, 400, 'INVALID_SIGNATURE', 'Invalid signature');
    expect(stale.json().details.reason).toMatch(/181 s behind/);
    const unsigned = await server.app.inject({
      method: 'GET',
      url: '/1.0/me',
      headers: { 'x-ovh-application': key.applicationKey },
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().message).toBe('You must login first');
  });
});

describe('signed calls to the OVH dialect', () => {
  it('accepts the URL forms of every client: python/go as configured, node https without port, the issuer', async () => {
    const key = await grant([['GET', '/me']]);
    for (const url of [
      'http://localhost:80/1.0/me',
      'https://localhost:80/1.0/me',
      'https://localhost/1.0/me',
      'http://127.0.0.1:8080/1.0/me',
    ]) {
      const response = await signed(key, 'GET', '/1.0/me', undefined, { url });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    }
    expectOvhError(
      await signed(key, 'GET', '/1.0/me', undefined, { url: 'https://elsewhere.example/1.0/me' }),
      400,
      'INVALID_SIGNATURE',
      'Invalid signature',
    );
  });

  it('signs the query string as sent and matches rules without it', async () => {
    const key = await grant([['GET', '/me/api/credential']]);
    const response = await signed(
      key,
      'GET',
      `/v1/me/api/credential?status=validated&applicationId=${key.applicationId}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([key.credentialId]);
  });

  it('refuses a pending key, a refused key, an elapsed one and a logged-out one with INVALID_CREDENTIAL', async () => {
    const pending = await grant([['GET', '/me']], { validate: false });
    const refusedAnswer = await signed(pending, 'GET', '/1.0/me');
    expectOvhError(refusedAnswer, 403, 'INVALID_CREDENTIAL', 'This credential is not valid');
    expect(refusedAnswer.json().details.reason).toMatch(/not validated this consumer key yet/);

    const hourly = await grant([['GET', '/me']], { validitySeconds: 3600 });
    expect((await signed(hourly, 'GET', '/1.0/me')).statusCode).toBe(200);
    server.clock.advance(HOUR + SECOND);
    expectOvhError(
      await signed(hourly, 'GET', '/1.0/me'),
      403,
      'INVALID_CREDENTIAL',
      'This credential is not valid',
    );

    const unlimited = await grant([['GET', '/me']], { validitySeconds: null });
    server.clock.advance(400 * DAY);
    expect((await signed(unlimited, 'GET', '/1.0/me')).statusCode).toBe(200);
    const logout = await signed(unlimited, 'POST', '/1.0/auth/logout');
    expect(logout.statusCode, logout.body).toBe(200);
    expect(logout.body).toBe('null');
    expectOvhError(
      await signed(unlimited, 'GET', '/1.0/me'),
      403,
      'INVALID_CREDENTIAL',
      'This credential is not valid',
    );
  });

  it('enforces allowedIPs', async () => {
    const key = await grant([['GET', '/me']], { allowedIPs: ['203.0.113.0/24'] });
    expect((await signed(key, 'GET', '/1.0/me', undefined, { ip: '203.0.113.9' })).statusCode).toBe(200);
    const elsewhere = await signed(key, 'GET', '/1.0/me', undefined, { ip: '198.51.100.1' });
    expectOvhError(elsewhere, 403, 'INVALID_CREDENTIAL', 'This credential is not valid');
    expect(elsewhere.json().details.reason).toMatch(/198\.51\.100\.1/);
  });

  it('lets a key read itself whatever its rules: currentCredential and details', async () => {
    const key = await grant([['GET', '/domain/zone/*']], { validitySeconds: 86_400 });
    const current = await signed(key, 'GET', '/1.0/auth/currentCredential');
    expect(current.statusCode, current.body).toBe(200);
    const body = current.json();
    expect(Object.keys(body).sort()).toEqual([
      'allowedIPs',
      'applicationId',
      'creation',
      'credentialId',
      'expiration',
      'lastUse',
      'ovhSupport',
      'rules',
      'status',
    ]);
    expect(body).toMatchObject({
      credentialId: key.credentialId,
      applicationId: key.applicationId,
      status: 'validated',
      ovhSupport: false,
      rules: [{ method: 'GET', path: '/domain/zone/*' }],
      allowedIPs: null,
    });
    expect(body.creation).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(Date.parse(body.expiration) - Date.parse(body.creation)).toBe(DAY);
    const details = await signed(key, 'GET', '/v1/auth/details');
    expect(details.statusCode, details.body).toBe(200);
    expect(details.json()).toMatchObject({
      account: userId,
      allowedRoutes: [{ method: 'GET', path: '/domain/zone/*' }],
    });
    expectOvhError(
      await signed(key, 'GET', '/1.0/me'),
      403,
      'NOT_GRANTED_CALL',
      'This call has not been granted',
    );
  });

  it('answers unknown routes and bad parameters in the OVH shape, with a query id', async () => {
    const missing = await server.app.inject({ method: 'GET', url: '/1.0/no/such/thing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      class: 'Client::NotFound',
      message: 'Got an invalid (or empty) URL',
      httpCode: '404 Not Found',
    });
    expect(missing.headers['x-ovh-queryid']).toMatch(/^KW\./);
    const key = await grant([['GET', '/*']]);
    const bad = await signed(key, 'GET', '/1.0/me/api/credential/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ class: 'Client::BadRequest', httpCode: '400 Bad Request' });
    const badStatus = await signed(key, 'GET', '/1.0/me/api/credential?status=nope');
    expect(badStatus.statusCode).toBe(400);
    const malformed = await server.app.inject({ method: 'GET', url: '/1.0/me/%zz' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ class: 'Client::BadRequest', errorCode: 'REQUEST_INVALID' });
    expect(malformed.headers['x-ovh-queryid']).toMatch(/^KW\./);
    const tooLarge = await server.app.inject({
      method: 'POST',
      url: '/1.0/auth/credential',
      headers: { 'content-type': 'application/json' },
      payload: 'x'.repeat(300_000),
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({
      class: 'Client::PayloadTooLarge',
      httpCode: '413 Payload Too Large',
    });
  });

  it('takes credential requests only well-formed, naming what is wrong', async () => {
    const { app } = await server.container.consumerKeys.createApp(userCaller(developerId), {
      name: 'Strict',
      description: '',
    });
    const ask = (payload: string) =>
      server.app.inject({
        method: 'POST',
        url: '/1.0/auth/credential',
        headers: { 'x-ovh-application': app.appKey, 'content-type': 'application/json' },
        payload,
      });
    for (const [payload, pattern] of [
      ['', /accessRules is required/],
      ['{', /not valid JSON/],
      ['[]', /accessRules is required/],
      ['{"accessRules":[]}', /accessRules is empty/],
      ['{"accessRules":[{"method":"PATCH","path":"/me"}]}', /use one of GET, POST, PUT, DELETE/],
      ['{"accessRules":[{"method":"GET"}]}', /accessRules\[0\] must be/],
      [
        '{"accessRules":[{"method":"GET","path":"/me"}],"redirection":"javascript:alert(1)"}',
        /redirection must use http or https/,
      ],
      ['{"accessRules":[{"method":"GET","path":"/me"}],"allowedIPs":["nope"]}', /allowedIPs\[0\]/],
    ] as const) {
      const response = await ask(payload);
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().message, payload).toMatch(pattern);
      expect(response.json().class).toBe('Client::BadRequest');
    }
  });

  it('limits credential requests per application key', async () => {
    const limited = await startTestServer({ env: { KEYWARD_OVH_CREDENTIAL_REQUESTS_PER_HOUR: '2' } });
    try {
      const dev = await limited.container.users.create(operatorCaller(), {
        email: 'l@example.test',
        password,
      });
      const { app } = await limited.container.consumerKeys.createApp(userCaller(dev.id), {
        name: 'Busy',
        description: '',
      });
      const ask = () =>
        limited.app.inject({
          method: 'POST',
          url: '/1.0/auth/credential',
          headers: { 'x-ovh-application': app.appKey },
          payload: { accessRules: [{ method: 'GET', path: '/me' }] },
        });
      expect((await ask()).statusCode).toBe(200);
      expect((await ask()).statusCode).toBe(200);
      const third = await ask();
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBeDefined();
      expect(third.json().class).toBe('Client::TooManyRequests');
    } finally {
      await limited.close();
    }
  });

  it('manages what the user granted: list, filter, read, re-address, revoke; and the apps they own', async () => {
    const first = await grant([
      ['GET', '/me/api/*'],
      ['PUT', '/me/api/credential/*'],
      ['DELETE', '/me/api/credential/*'],
    ]);
    const second = await grant([['GET', '/me']]);
    const list = await signed(first, 'GET', '/1.0/me/api/credential');
    expect(list.json()).toEqual(expect.arrayContaining([first.credentialId, second.credentialId]));
    const filtered = await signed(
      first,
      'GET',
      `/1.0/me/api/credential?applicationId=${second.applicationId}`,
    );
    expect(filtered.json()).toEqual([second.credentialId]);
    const read = await signed(first, 'GET', `/1.0/me/api/credential/${second.credentialId}`);
    expect(read.json()).toMatchObject({ credentialId: second.credentialId, status: 'validated' });
    const application = await signed(
      first,
      'GET',
      `/1.0/me/api/credential/${second.credentialId}/application`,
    );
    expect(application.json()).toEqual({
      applicationId: second.applicationId,
      applicationKey: second.applicationKey,
      name: 'Test application',
      description: 'made by a test',
      status: 'active',
    });
    // PUT changes allowedIPs only (the body is a whole auth.ApiCredential; the rest is ignored).
    const put = await signed(
      first,
      'PUT',
      `/1.0/me/api/credential/${second.credentialId}`,
      '{"allowedIPs":["127.0.0.1/32","127.0.0.2/32"],"status":"expired"}',
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(put.body).toBe('null');
    const after = (await signed(first, 'GET', `/1.0/me/api/credential/${second.credentialId}`)).json();
    expect(after).toMatchObject({ allowedIPs: ['127.0.0.1/32', '127.0.0.2/32'], status: 'validated' });
    const removed = await signed(first, 'DELETE', `/1.0/me/api/credential/${second.credentialId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.body).toBe('null');
    expectOvhError(
      await signed(second, 'GET', '/1.0/me'),
      403,
      'NOT_CREDENTIAL',
      'This credential does not exist',
    );
    expect((await signed(first, 'GET', `/1.0/me/api/credential/${second.credentialId}`)).statusCode).toBe(
      404,
    );
  });

  it('lists and deletes the applications the user owns; deleting one revokes its credentials', async () => {
    // The developer approves a key for their own application, then deletes the application through it.
    const own = await grantConsumerKey(server.container, {
      developerId,
      userId: developerId,
      rules: [
        { method: 'GET', path: '/me/api/application*' },
        { method: 'DELETE', path: '/me/api/application/*' },
      ],
    });
    const other = await grantConsumerKey(server.container, {
      developerId,
      userId,
      rules: [{ method: 'GET', path: '/me' }],
    });
    const ids = (await signed(own, 'GET', '/1.0/me/api/application')).json();
    expect(ids).toEqual(expect.arrayContaining([own.applicationId, other.applicationId]));
    const shown = await signed(own, 'GET', `/1.0/me/api/application/${other.applicationId}`);
    expect(shown.json()).toMatchObject({
      applicationId: other.applicationId,
      applicationKey: other.applicationKey,
      status: 'active',
    });
    expect(JSON.stringify(shown.json())).not.toContain(other.applicationSecret);
    const deleted = await signed(own, 'DELETE', `/1.0/me/api/application/${other.applicationId}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expectOvhError(
      await signed(other, 'GET', '/1.0/me'),
      403,
      'INVALID_KEY',
      'This application key is invalid',
    );
    expect((await signed(own, 'GET', `/1.0/me/api/application/${other.applicationId}`)).statusCode).toBe(404);
  });

  it('stamps lastUse in batches and audits the lifecycle, never logging a key or secret', async () => {
    const key = await grant([['GET', '/me']]);
    await signed(key, 'GET', '/1.0/me');
    const pending = (await signed(key, 'GET', '/1.0/auth/currentCredential')).json();
    expect(pending.lastUse).not.toBeNull();
    await server.container.background.flush();
    const stored = await server.container.storage.stores.consumerKeys.findCredential(key.credentialId);
    expect(stored?.lastUsedAt).toBe(server.clock.now());
    await signed(key, 'POST', '/1.0/auth/logout');
    await signed({ ...key, applicationSecret: 'z'.repeat(32) }, 'GET', '/1.0/me');
    await server.container.background.flush();
    const audit = await server.container.storage.db.kysely.selectFrom('audit_events').selectAll().execute();
    const actions = audit
      .filter((event) => event.target_id === String(key.credentialId))
      .map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'consumer_credential.requested',
        'consumer_credential.validated',
        'consumer_credential.logged_out',
        'consumer_key.refused',
      ]),
    );
    const everything = `${logLines.join('\n')}\n${JSON.stringify(audit)}`;
    expect(everything).not.toContain(key.consumerKey);
    expect(everything).not.toContain(key.applicationSecret);
  });
});

describe('unanswered credential requests', () => {
  it('are removed by maintenance a week after their link expired', async () => {
    const pending = await grant([['GET', '/me']], { validate: false });
    const maintenance = startMaintenance(server.container);
    try {
      server.clock.advance(DAY + 6 * DAY);
      await maintenance.runOnce();
      expect(
        await server.container.storage.stores.consumerKeys.findCredential(pending.credentialId),
      ).toBeDefined();
      server.clock.advance(DAY + SECOND);
      await maintenance.runOnce();
      expect(
        await server.container.storage.stores.consumerKeys.findCredential(pending.credentialId),
      ).toBeUndefined();
    } finally {
      maintenance.stop();
    }
  });
});

describe('signed calls to the management API (/api/v1)', () => {
  it('acts as the validating user within the rules, relative to /api/v1', async () => {
    const key = await grant([
      ['GET', '/orgs'],
      ['POST', '/orgs'],
    ]);
    const list = await signed(key, 'GET', '/api/v1/orgs');
    expect(list.statusCode, list.body).toBe(200);
    const body = JSON.stringify({ name: 'Café Müller — 東京' });
    const created = await signed(key, 'POST', '/api/v1/orgs', body);
    // A signed call is answered as OVH answers: 200 for every success (the API's 201 here).
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().name).toBe('Café Müller — 東京');
    const membership = await server.container.identity.membership(created.json().id, userId);
    expect(membership?.orgRoles).toContain('org_owner');
  });

  it('refuses a call outside the rules, naming the missing rule; an exact rule grants no sub-path', async () => {
    const key = await grant([['GET', '/orgs']]);
    const me = await signed(key, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(403);
    expect(me.json()).toMatchObject({
      code: 'consumer_key.not_granted',
      details: { missingRule: 'GET /me' },
    });
    expect(me.json().details.reason).toMatch(/\{"method":"GET","path":"\/me"\}/);
    const org = await signed(key, 'GET', '/api/v1/orgs/0190a0a0-0000-7000-8000-000000000000');
    expect(org.json()).toMatchObject({
      code: 'consumer_key.not_granted',
      details: { missingRule: 'GET /orgs/0190a0a0-0000-7000-8000-000000000000' },
    });
    expect((await signed(key, 'GET', '/api/v1/orgs/')).statusCode).toBe(200);
    const post = await signed(key, 'POST', '/api/v1/orgs', '{"name":"x"}');
    expect(post.json()).toMatchObject({
      code: 'consumer_key.not_granted',
      details: { missingRule: 'POST /orgs' },
    });
  });

  it('takes a body-less DELETE with a JSON content type, as the node client sends it', async () => {
    const key = await grant([['DELETE', '/me/consumer-credentials/*']]);
    const response = await signed(
      key,
      'DELETE',
      `/api/v1/me/consumer-credentials/${key.credentialId}`,
      undefined,
      {
        headers: { 'content-type': 'application/json' },
      },
    );
    // Never 400 for the empty body; the API's 204 reaches the signed call as OVH's 200 with null.
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toBe('null');
  });

  it('maps every signature failure to its management-API code', async () => {
    const key = await grant([['GET', '/orgs']]);
    const wrong = await signed({ ...key, applicationSecret: 'q'.repeat(32) }, 'GET', '/api/v1/orgs');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('consumer_key.invalid_signature');
    const unknownApp = await signed({ ...key, applicationKey: 'A'.repeat(16) }, 'GET', '/api/v1/orgs');
    expect(unknownApp.json().code).toBe('consumer_key.invalid_application');
    const pending = await grant([['GET', '/orgs']], { validate: false });
    expect((await signed(pending, 'GET', '/api/v1/orgs')).json().code).toBe('consumer_key.not_valid');
  });
});

// OVH's OAuth2 mode: a Keyward access token instead of a signature. `/me` describes the token's user, taken from
// the token's own check; an application's token has no account.
describe('GET /me with a bearer access token', () => {
  const CSP = '/csp/gateway/am/api';
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('answers the user of a user token, and FORBIDDEN for an application token', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    const orgId = server.firstRun?.orgId;
    const generated = await call(server.app, session, 'POST', '/api/v1/me/api-tokens', {
      orgId,
      name: 'ovh bearer',
      scopes: { allRoles: true },
    });
    expect(generated.statusCode, generated.body).toBe(201);
    const exchanged = await server.app.inject({
      method: 'POST',
      url: `${CSP}/auth/api-tokens/authorize`,
      headers: form,
      payload: `refresh_token=${generated.json().token}`,
    });
    const userToken = exchanged.json().access_token;
    const me = await server.app.inject({ url: '/1.0/me', headers: { authorization: `Bearer ${userToken}` } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ email: ADMIN.email, state: 'complete' });

    const app = await server.app.inject({
      method: 'POST',
      url: `${CSP}/orgs/${orgId}/oauth-apps`,
      headers: { 'csp-auth-token': userToken },
      payload: {
        displayName: 'Ledger',
        grantTypes: ['client_credentials'],
        allowedScopes: { organizationScopes: { roles: [{ name: 'org_member' }] } },
      },
    });
    expect(app.statusCode, app.body).toBe(201);
    const { clientId, clientSecret } = app.json();
    const issued = await server.app.inject({
      method: 'POST',
      url: `${CSP}/auth/token`,
      headers: {
        ...form,
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      payload: `grant_type=client_credentials&orgId=${orgId}`,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const asApp = await server.app.inject({
      url: '/1.0/me',
      headers: { authorization: `Bearer ${issued.json().access_token}` },
    });
    expect(asApp.statusCode, asApp.body).toBe(403);
    expect(asApp.json()).toMatchObject({ errorCode: 'FORBIDDEN', httpCode: '403 Forbidden' });
  });
});
