// POST /api/v1/signed-request-checks: a gateway holding an OVH-signed request (but not the application secret)
// asks Keyward whether it is genuine and who signed it (issue 14, part 3).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/http.js';
import { type GrantedKey, grantConsumerKey, ovhHeaders } from './support/ovh.js';
import { operatorCaller, startTestServer, type TestServer } from './support/server.js';

const GATEWAY = { id: 'billing-gateway', secret: '' };
const OTHER = { id: 'billing-exporter', secret: '' };
let server: TestServer;
let orgId: string;
let customerId: string;
let key: GrantedKey;

const basic = (client: { id: string; secret: string }) =>
  `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;

function signed(
  options: { method?: string; url: string; body?: string; skew?: number; with?: GrantedKey } = {
    url: 'https://gw.test/billing',
  },
): Record<string, string> {
  const k = options.with ?? key;
  return ovhHeaders({
    applicationKey: k.applicationKey,
    applicationSecret: k.applicationSecret,
    consumerKey: k.consumerKey,
    method: options.method ?? 'GET',
    url: options.url,
    body: options.body ?? '',
    timestamp: Math.floor(server.clock.now() / 1000) + (options.skew ?? 0),
  });
}

function check(payload: Record<string, unknown>, client = GATEWAY): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/signed-request-checks',
    headers: { authorization: basic(client) },
    payload: { clientIp: '203.0.113.7', ...payload },
  });
}

beforeAll(async () => {
  server = await startTestServer({
    env: { KEYWARD_SIGNED_REQUEST_CHECKERS: `${GATEWAY.id}, unused-app-id` },
  });
  const { container } = server;
  const system = operatorCaller();
  orgId = server.firstRun?.orgId as string;
  await container.services.create(system, {
    id: 'billing',
    name: 'Billing',
    roles: [{ name: 'viewer', permissions: ['billing:read'] }],
  });
  const customer = await container.users.create(system, {
    email: 'customer@example.test',
    password: 'a long customer passphrase',
  });
  customerId = customer.id;
  await container.members.add(system, orgId, {
    email: customer.email,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
  });
  for (const client of [GATEWAY, OTHER]) {
    const made = await container.apps.create(system, orgId, {
      type: 'server',
      name: client.id,
      clientId: client.id,
      scopes: { allRoles: true },
    });
    client.secret = made.secret as string;
  }
  key = await grantConsumerKey(container, {
    developerId: customerId,
    userId: customerId,
    rules: [
      { method: 'GET', path: '/billing' },
      { method: 'GET', path: '/billing/*' },
    ],
  });
});
afterAll(async () => server?.close());

describe('a genuine signed request', () => {
  it('answers who signed it, their access in their organization, the rules and whether they allow the call', async () => {
    const url = 'https://gw.test/billing?month=2026-11';
    const response = await check({ method: 'GET', url, headers: signed({ url }) });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      valid: true,
      principal: {
        kind: 'user',
        subject: customerId,
        email: 'customer@example.test',
        name: expect.any(String),
        orgId,
        orgRoles: ['org_member'],
        serviceRoles: ['billing:viewer'],
        permissions: ['billing:read'],
        platformRoles: [],
        credential: { type: 'consumer_key', id: String(key.credentialId) },
        applicationId: key.applicationId,
        applicationName: 'Test application',
      },
      rules: [
        { method: 'GET', path: '/billing' },
        { method: 'GET', path: '/billing/*' },
      ],
      expiresAt: expect.any(String),
      request: { method: 'GET', path: '/billing', allowed: true },
    });
  });

  it('says when the rules do not allow the method and path, relative to rulesPrefix', async () => {
    const outside = 'https://gw.test/1.0/me/password';
    const refused = (
      await check({
        method: 'PUT',
        url: outside,
        headers: signed({ method: 'PUT', url: outside }),
        rulesPrefix: '/1.0',
      })
    ).json();
    expect(refused).toMatchObject({
      valid: true,
      request: { method: 'PUT', path: '/me/password', allowed: false },
    });
    const inside = 'https://gw.test/1.0/billing/invoices/7';
    const allowed = (
      await check({ url: inside, method: 'GET', headers: signed({ url: inside }), rulesPrefix: '/1.0' })
    ).json();
    expect(allowed).toMatchObject({ valid: true, request: { path: '/billing/invoices/7', allowed: true } });
  });

  it('checks the signature over the body bytes sent, in base64', async () => {
    const url = 'https://gw.test/billing';
    const body = '{"note":"caf\\u00e9 ☕"}';
    const headers = signed({ method: 'POST', url, body });
    const ok = await check({ method: 'POST', url, headers, body: Buffer.from(body).toString('base64') });
    expect(ok.json()).toMatchObject({ valid: true, request: { allowed: false } });
    const tampered = Buffer.from(body.replace('caf', 'cat')).toString('base64');
    expect((await check({ method: 'POST', url, headers, body: tampered })).json()).toMatchObject({
      valid: false,
      code: 'consumer_key.invalid_signature',
    });
  });

  it('accepts the URL forms the official clients sign: node drops the port and says https', async () => {
    const arrived = 'http://127.0.0.1:9443/billing';
    const nodeStyle = signed({ url: 'https://127.0.0.1/billing' });
    expect((await check({ method: 'GET', url: arrived, headers: nodeStyle })).json()).toMatchObject({
      valid: true,
    });
  });

  it('accepts the public origin the gateway names, and never Keyward’s own origin for a gateway URL', async () => {
    const arrived = 'http://10.0.0.5:8080/billing';
    const forPublic = signed({ url: 'https://billing.example.com/billing' });
    expect(
      (
        await check({
          method: 'GET',
          url: arrived,
          headers: forPublic,
          publicOrigin: 'https://billing.example.com',
        })
      ).json(),
    ).toMatchObject({ valid: true });
    expect((await check({ method: 'GET', url: arrived, headers: forPublic })).json()).toMatchObject({
      valid: false,
    });
    const forKeyward = signed({ url: `${server.config.issuer}/billing` });
    expect((await check({ method: 'GET', url: arrived, headers: forKeyward })).json()).toMatchObject({
      valid: false,
      code: 'consumer_key.invalid_signature',
    });
  });

  it('acts in the organization asked for, and refuses one the user is not a member of', async () => {
    const url = 'https://gw.test/billing';
    const inOrg = await check({ method: 'GET', url, headers: signed({ url }), orgId });
    expect(inOrg.json()).toMatchObject({ valid: true, principal: { orgId, permissions: ['billing:read'] } });
    const system = operatorCaller();
    const owner = await server.container.users.create(system, {
      email: 'o@example.test',
      password: 'owner passphrase 1',
    });
    const other = await server.container.orgs.create(system, {
      name: 'other',
      displayName: 'Other',
      ownerUserId: owner.id,
    });
    const elsewhere = await check({ method: 'GET', url, headers: signed({ url }), orgId: other.id });
    expect(elsewhere.json()).toMatchObject({ valid: false, code: 'auth.forbidden', status: 403 });

    // A member of two organizations who names none acts in none: no org roles, no permissions.
    await server.container.members.add(system, other.id, {
      email: 'customer@example.test',
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    server.clock.advance(3000);
    const unnamed = (await check({ method: 'GET', url, headers: signed({ url }) })).json();
    expect(unnamed).toMatchObject({ valid: true, principal: { orgId: null, orgRoles: [], permissions: [] } });
    await server.container.members.remove(system, other.id, customerId);
    server.clock.advance(3000);
  });
});

describe('a refused signed request is a verdict in both shapes, with the status to answer', () => {
  it('names the reason, as Keyward and as the OVH API', async () => {
    const url = 'https://gw.test/billing';
    const headers = { ...signed({ url }), 'x-ovh-signature': `$1$${'0'.repeat(40)}` };
    const response = await check({ method: 'GET', url, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      valid: false,
      code: 'consumer_key.invalid_signature',
      status: 400,
      ovh: {
        class: 'Client::BadRequest',
        errorCode: 'INVALID_SIGNATURE',
        message: 'Invalid signature',
        httpCode: '400 Bad Request',
      },
    });
    const stale = await check({ method: 'GET', url, headers: signed({ url, skew: -3600 }) });
    expect(stale.json()).toMatchObject({ valid: false, code: 'consumer_key.invalid_signature' });
    const unknownKey = { ...signed({ url }), 'x-ovh-consumer': 'A'.repeat(32) };
    expect((await check({ method: 'GET', url, headers: unknownKey })).json()).toMatchObject({
      valid: false,
      code: 'consumer_key.unknown',
      ovh: { errorCode: 'NOT_CREDENTIAL' },
    });
    expect((await check({ method: 'GET', url, headers: {} })).json()).toMatchObject({
      valid: false,
      code: 'consumer_key.invalid_application',
      status: 403,
    });
  });

  it('counts failures against the client address like Keyward’s own signed calls, not against the gateway', async () => {
    const url = 'https://gw.test/billing';
    const bad = { ...signed({ url }), 'x-ovh-signature': `$1$${'1'.repeat(40)}` };
    for (let i = 0; i < 100; i++) await check({ method: 'GET', url, headers: bad, clientIp: '198.51.100.9' });
    const limited = (
      await check({ method: 'GET', url, headers: signed({ url }), clientIp: '198.51.100.9' })
    ).json();
    expect(limited).toMatchObject({ valid: false, code: 'auth.rate_limited', status: 429 });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(
      (await check({ method: 'GET', url, headers: signed({ url }), clientIp: '198.51.100.10' })).json(),
    ).toMatchObject({
      valid: true,
    });
  });
});

describe('who may check', () => {
  const payload = () => ({
    method: 'GET',
    url: 'https://gw.test/billing',
    headers: signed({ url: 'https://gw.test/billing' }),
  });

  it('refuses a request without client credentials, or with a wrong secret', async () => {
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/api/v1/signed-request-checks',
      payload: { clientIp: '203.0.113.7', ...payload() },
    });
    expectError(anonymous, 401, 'auth.required');
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    expectError(await check(payload(), { id: GATEWAY.id, secret: 'wrong' }), 401, 'auth.required');
  });

  it('refuses an app the operator did not list, even one of the same organization', async () => {
    const response = await check(payload(), OTHER);
    expectError(response, 403, 'signed_request_check.not_allowed');
    expect(response.json().message).toContain('KEYWARD_SIGNED_REQUEST_CHECKERS');
  });

  it('refuses a malformed check with a 4xx that says what is wrong', async () => {
    expectError(await check({ ...payload(), url: 'gw.test/billing' }), 400, 'request.invalid');
    expectError(await check({ ...payload(), clientIp: undefined }), 400, 'request.invalid');
    expectError(await check({ ...payload(), clientIp: 'gateway.local' }), 400, 'request.invalid');
    const big = Buffer.alloc(130 * 1024, 'a').toString('base64');
    expectError(await check({ ...payload(), method: 'POST', body: big }), 413, 'request.too_large');
  });

  it('is in the OpenAPI document', async () => {
    const spec = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(spec.paths['/api/v1/signed-request-checks'].post.security).toEqual([{ clientBasic: [] }]);
  });
});
