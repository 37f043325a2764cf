// Resource indicators (RFC 8707): services registered with a resource URI, tokens requested for one of them
// carrying it as their only `aud` and only that service's roles, `audience` as a synonym, invalid_target for
// anything else, and Keyward's own API refusing tokens meant for another service.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { parseScope } from '../src/oauth/scope.js';
import { call, expectError, postForm, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const BILLING = 'https://billing.example.com/';
const SHIPPING = 'https://shipping.example.com/api';
const PASSWORD = 'resource indicators passphrase';

let server: TestServer;
let issuer: string;
let orgId: string;
let operator: Session;
let ritaId: string;
let web: { app: OAuthApp; secret: string };
let machine: { app: OAuthApp; secret: string };

beforeAll(async () => {
  server = await startTestServer();
  issuer = server.config.issuer;
  orgId = server.firstRun?.orgId as string;
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const system = operatorCaller();
  const { services, users, members, apps, appGrants } = server.container;
  await services.create(system, {
    id: 'billing',
    name: 'Billing',
    resource: BILLING,
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
    ],
  });
  await services.create(system, {
    id: 'shipping',
    name: 'Shipping',
    resource: SHIPPING,
    roles: [{ name: 'clerk', permissions: ['ship'] }],
  });
  await services.create(system, {
    id: 'legacy',
    name: 'Legacy',
    roles: [{ name: 'user', permissions: ['use'] }],
  });
  const rita = await users.create(system, { email: 'rita@example.test', password: PASSWORD, name: 'Rita' });
  ritaId = rita.id;
  await members.add(system, orgId, {
    email: rita.email,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer', 'shipping:clerk', 'legacy:user'],
  });
  const webApp = await apps.create(system, orgId, {
    type: 'web',
    name: 'Portal',
    redirectUris: ['https://rp.test/cb'],
    scopes: { allRoles: true },
  });
  web = { app: webApp.app, secret: webApp.secret as string };
  const machineApp = await apps.create(system, orgId, {
    type: 'server',
    name: 'Sync',
    scopes: { allRoles: true },
  });
  machine = { app: machineApp.app, secret: machineApp.secret as string };
  await appGrants.add(system, orgId, [machine.app.id], {
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer', 'shipping:clerk', 'legacy:user'],
  });
});
afterAll(async () => server.close());

const basic = (client: { app: OAuthApp; secret: string }) =>
  `Basic ${Buffer.from(`${client.app.id}:${client.secret}`).toString('base64')}`;

const token = (form: Record<string, string> | string, client = machine) =>
  server.app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client) },
  });

const keywardApi = (accessToken: string) =>
  server.app.inject({ url: `/api/v1/orgs/${orgId}`, headers: { authorization: `Bearer ${accessToken}` } });

/** A code for Rita, as the consent page would mint it for `scope` and `resources`. */
async function code(scope: string, resources: string[] = []) {
  const verifier = randomBytes(32).toString('base64url');
  const services = await server.container.identity.services();
  const asked = { ...parseScope(scope, services), ...(resources.length > 0 ? { resources } : {}) };
  const value = await server.container.oauth.issueAuthorizationCode({
    app: web.app,
    userId: ritaId,
    orgId,
    authTime: server.clock.now(),
    scope: asked,
    request: {
      clientId: web.app.id,
      redirectUri: 'https://rp.test/cb',
      redirectUriSent: true,
      state: null,
      nonce: null,
      scope: asked,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      prompt: [],
      orgId,
    },
  });
  return {
    code: value,
    code_verifier: verifier,
    redirect_uri: 'https://rp.test/cb',
    grant_type: 'authorization_code',
  };
}

describe('a service’s resource URI', () => {
  it('is registered with the service: absolute, without a fragment, unique; shown by the API and in OpenAPI', async () => {
    const created = await call(server.app, operator, 'POST', '/api/v1/services', {
      id: 'reports',
      name: 'Reports',
      resource: 'urn:example:reports',
      roles: [{ name: 'reader', permissions: ['read'] }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().resource).toBe('urn:example:reports');
    expect((await call(server.app, operator, 'GET', '/api/v1/services/billing')).json().resource).toBe(
      BILLING,
    );
    expect((await call(server.app, operator, 'GET', '/api/v1/services/legacy')).json().resource).toBeNull();
    for (const [resource, says] of [
      ['billing.example.com', 'absolute URI'],
      ['https://billing.example.com/#top', 'fragment'],
      ['https://billing example.com/', 'spaces'],
    ]) {
      const refused = await call(server.app, operator, 'POST', '/api/v1/services', {
        id: 'bad',
        name: 'Bad',
        resource,
      });
      expectError(refused, 400, 'service.invalid');
      expect(refused.json().message).toContain(says);
    }
    expectError(
      await call(server.app, operator, 'POST', '/api/v1/services', {
        id: 'dup',
        name: 'Dup',
        resource: BILLING,
      }),
      409,
      'service.resource_taken',
    );
    const openapi = (await server.app.inject('/api/v1/openapi.json')).json();
    expect(JSON.stringify(openapi)).toContain('Resource URI of the service (RFC 8707)');
  });
});

describe('client_credentials with resource', () => {
  it('gets aud = the resource and only that service’s roles; without resource the audience stays as it was', async () => {
    const response = await token({ grant_type: 'client_credentials', resource: BILLING });
    expect(response.statusCode, response.body).toBe(200);
    const claims = decodeJwt(response.json().access_token);
    expect(claims.aud).toBe(BILLING);
    expect(claims.perms).toEqual(['external/billing/viewer', 'external/billing/billing:read']);
    expect(response.json().scope).toBe('external/billing/viewer external/billing/billing:read');
    // Introspection shows the audience to the resource server.
    const looked = await postForm(
      server.app,
      '/oauth/introspect',
      { token: response.json().access_token },
      { authorization: basic(web) },
    );
    expect(looked.json()).toMatchObject({ active: true, aud: BILLING });
    // Keyward's own API is not its audience.
    const refused = await keywardApi(response.json().access_token);
    expectError(refused, 401, 'auth.invalid_token');
    expect(refused.json().message).toContain(`is for ${BILLING}, not for Keyward's API`);

    const plain = (await token({ grant_type: 'client_credentials' })).json();
    const plainClaims = decodeJwt(plain.access_token);
    expect([...(plainClaims.aud as string[])].sort()).toEqual(
      [issuer, 'billing', 'legacy', 'shipping'].sort(),
    );
    expect(plainClaims.perms).toContain('csp:org_member');
    expect((await keywardApi(plain.access_token)).statusCode).toBe(200);
  });

  it('takes audience as the same thing, and refuses anything else with invalid_target', async () => {
    const viaAudience = await token({ grant_type: 'client_credentials', audience: SHIPPING });
    expect(decodeJwt(viaAudience.json().access_token)).toMatchObject({
      aud: SHIPPING,
      perms: ['external/shipping/clerk', 'external/shipping/shipping:ship'],
    });
    const cases: [Record<string, string> | string, RegExp][] = [
      [
        { grant_type: 'client_credentials', resource: 'https://unknown.example.com/' },
        /no service .* has the resource/,
      ],
      [
        { grant_type: 'client_credentials', resource: 'https://billing.example.com' },
        /written exactly as registered/,
      ],
      [{ grant_type: 'client_credentials', resource: `${BILLING}#x` }, /fragment/],
      [{ grant_type: 'client_credentials', resource: 'billing' }, /absolute URI/],
      [{ grant_type: 'client_credentials', audience: 'billing' }, /absolute URI/],
      [{ grant_type: 'client_credentials', resource: BILLING, audience: SHIPPING }, /different targets/],
      [
        `grant_type=client_credentials&resource=${encodeURIComponent(BILLING)}&resource=${encodeURIComponent(SHIPPING)}`,
        /one resource at a time/,
      ],
    ];
    for (const [form, says] of cases) {
      const response = await token(form);
      expect(response.statusCode, JSON.stringify(form)).toBe(400);
      expect(response.json().error, JSON.stringify(form)).toBe('invalid_target');
      expect(response.json().error_description).toMatch(says);
    }
  });

  it('refuses a scope the resource’s tokens cannot carry, and a resource the org granted nothing of', async () => {
    for (const scope of ['org_member', 'shipping:clerk']) {
      const response = await token({ grant_type: 'client_credentials', resource: BILLING, scope });
      expect(response.json().error, scope).toBe('invalid_scope');
    }
    const narrowed = await token({
      grant_type: 'client_credentials',
      resource: BILLING,
      scope: 'billing:read',
    });
    expect(narrowed.json().scope).toBe('external/billing/billing:read');
    await call(server.app, operator, 'POST', '/api/v1/services', {
      id: 'audit',
      name: 'Audit',
      resource: 'https://audit.example.com/',
      roles: [{ name: 'auditor', permissions: ['read'] }],
    });
    const nothing = await token({ grant_type: 'client_credentials', resource: 'https://audit.example.com/' });
    expect(nothing.json().error).toBe('invalid_scope');
    expect(nothing.json().error_description).toContain('no role of Audit');
  });
});

describe('user grants with resource', () => {
  it('limit the grant to the resources asked at authorization; each token is for one of them', async () => {
    const form = await code('openid offline_access', [BILLING, SHIPPING]);
    // Several resources in the grant: the token request must say which.
    const which = await token(form, web);
    expect(which.json()).toMatchObject({ error: 'invalid_target' });
    expect(which.json().error_description).toContain('several resources');
    const elsewhere = await token({ ...form, resource: 'https://audit.example.com/' }, web);
    expect(elsewhere.json().error).toBe('invalid_target');
    // Those mistakes did not use the code up.
    const billing = await token({ ...form, resource: BILLING }, web);
    expect(billing.statusCode, billing.body).toBe(200);
    const body = billing.json();
    expect(decodeJwt(body.access_token)).toMatchObject({
      aud: BILLING,
      perms: ['external/billing/viewer', 'external/billing/billing:read'],
    });
    expect(body.scope).toBe('external/billing/viewer external/billing/billing:read');
    expect(decodeJwt(body.id_token).aud).toBe(web.app.id);
    // The refresh token stands for the whole grant: both resources, no org role.
    const looked = await postForm(
      server.app,
      '/oauth/introspect',
      { token: body.refresh_token },
      { authorization: basic(web) },
    );
    expect(looked.json().scope).toBe(
      'openid offline_access external/billing/viewer external/shipping/clerk external/billing/billing:read external/shipping/shipping:ship',
    );
    const shipping = await token(
      { grant_type: 'refresh_token', refresh_token: body.refresh_token, resource: SHIPPING },
      web,
    );
    expect(decodeJwt(shipping.json().access_token)).toMatchObject({ aud: SHIPPING });
    expect(shipping.json().scope).toBe('external/shipping/clerk external/shipping/shipping:ship');
  });

  it('without resource keep today’s audience; with one, the token is for it alone', async () => {
    const plain = (await token(await code('openid'), web)).json();
    expect([...(decodeJwt(plain.access_token).aud as string[])].sort()).toEqual(
      [issuer, 'billing', 'legacy', 'shipping'].sort(),
    );
    expect(plain.scope.split(' ')).toContain('csp:org_member');
    const one = (await token({ ...(await code('openid')), resource: BILLING }, web)).json();
    expect(decodeJwt(one.access_token).aud).toBe(BILLING);
    // A grant for one resource needs no resource at the token endpoint.
    const implied = (await token(await code('openid', [SHIPPING]), web)).json();
    expect(decodeJwt(implied.access_token).aud).toBe(SHIPPING);
  });

  it('on the consent page: name the service the access is for, and list only its roles', async () => {
    const rita = await signIn(server.app, 'rita@example.test', PASSWORD);
    const query = new URLSearchParams({
      client_id: web.app.id,
      redirect_uri: 'https://rp.test/cb',
      response_type: 'code',
      scope: 'openid',
      state: 'st-2',
      code_challenge: createHash('sha256').update(randomBytes(32)).digest('base64url'),
      code_challenge_method: 'S256',
      resource: BILLING,
    });
    const started = await server.app.inject({
      url: `/oauth/authorize?${query}`,
      headers: { cookie: rita.cookie },
    });
    const binding = String(started.headers['set-cookie']).split(';')[0];
    const page = await server.app.inject({
      url: String(started.headers.location),
      headers: { cookie: `${rita.cookie}; ${binding}` },
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain(`Its access is only for</dt><dd>Billing (${BILLING})`);
    expect(page.body).toContain('Act with your role viewer of Billing');
    expect(page.body).not.toContain('Act with your role member');
    expect(page.body).not.toContain('Shipping');
  });

  it('at the authorization endpoint: an unknown resource goes back as invalid_target, with state and iss', async () => {
    const query = new URLSearchParams({
      client_id: web.app.id,
      redirect_uri: 'https://rp.test/cb',
      response_type: 'code',
      scope: 'openid',
      state: 'st-1',
      code_challenge: createHash('sha256').update(randomBytes(32)).digest('base64url'),
      code_challenge_method: 'S256',
      resource: 'https://unknown.example.com/',
    });
    const response = await server.app.inject(`/oauth/authorize?${query}`);
    expect(response.statusCode).toBe(303);
    const back = new URL(String(response.headers.location));
    expect(back.searchParams.get('error')).toBe('invalid_target');
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('iss')).toBe(issuer);
    query.set('resource', BILLING);
    query.set('scope', 'openid org_member');
    const orgRole = new URL(String((await server.app.inject(`/oauth/authorize?${query}`)).headers.location));
    expect(orgRole.searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('token exchange with resource', () => {
  it('gives an API token’s access token for that service alone', async () => {
    const rita = await signIn(server.app, 'rita@example.test', PASSWORD);
    const created = await call(server.app, rita, 'POST', '/api/v1/me/api-tokens', {
      orgId,
      name: 'ci',
      scopes: { allRoles: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const exchanged = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: created.json().token,
        subject_token_type: 'urn:keyward:params:oauth:token-type:api_token',
        resource: BILLING,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(exchanged.statusCode, exchanged.body).toBe(200);
    expect(decodeJwt(exchanged.json().access_token)).toMatchObject({
      aud: BILLING,
      perms: ['external/billing/viewer', 'external/billing/billing:read'],
    });
  });
});

describe('discovery', () => {
  it('says resource indicators are supported', async () => {
    const document = (await server.app.inject('/.well-known/openid-configuration')).json();
    expect(document.resource_indicators_supported).toBe(true);
  });
});
