// CSP's OAuth apps on the wire: management with CSP's bodies (docs/wire/csp.md#owned-apps and below)
// sent with csp-auth-token, and the client-credentials requests of real CSP clients (clients K2, K3, K8,
// K10, K16, D4) replayed byte for byte, each answer read the way that client reads it.
import type { LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECOND } from '../src/core/clock.js';
import { call, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const CSP = '/csp/gateway/am/api';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const fields = (names: string) => names.split(' ').sort();

let server: TestServer;
let orgId: string;
let partnerId: string;
let accessToken: string;

beforeAll(async () => {
  server = await startTestServer();
  const session = await signIn(server.app, ADMIN.email, ADMIN.password);
  orgId = server.firstRun?.orgId ?? '';
  const billing = await call(server.app, session, 'POST', '/api/v1/services', {
    id: 'billing',
    name: 'Billing',
    roles: [{ name: 'viewer', permissions: ['billing:read'] }],
  });
  expect(billing.statusCode, billing.body).toBe(201);
  // The operator owns the first-run org; with org_member, developer and billing:viewer they may give apps those.
  await server.container.members.update(operatorCaller(), orgId, session.userId, {
    orgRoles: ['org_owner', 'org_member', 'developer'],
    serviceRoles: ['billing:viewer'],
  });
  const partner = await call(server.app, session, 'POST', '/api/v1/orgs', { name: 'Partner' });
  partnerId = partner.json().id;
  // A CSP caller: an API token's access token, sent as csp-auth-token (docs/wire/csp.md#token-headers).
  const generated = await call(server.app, session, 'POST', '/api/v1/me/api-tokens', {
    orgId,
    name: 'apps',
    scopes: { allRoles: true },
  });
  const exchanged = await send('POST', '/auth/api-tokens/authorize', `api_token=${generated.json().token}`, {
    'content-type': FORM,
  });
  accessToken = exchanged.json().access_token;
});
afterAll(async () => server.close());

function send(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  payload?: string,
  headers = {},
) {
  return server.app.inject({
    method,
    url: `${CSP}${path}`,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
}

/** A management call as a CSP client makes it: JSON text and csp-auth-token. */
function asCsp(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
  const headers = {
    'csp-auth-token': accessToken,
    ...(body === undefined ? {} : { 'Content-Type': JSON_TYPE }),
  };
  return send(method, path, body === undefined ? undefined : JSON.stringify(body), headers);
}

async function ok(response: Promise<LightMyRequestResponse>, status = 200) {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return answer.body === '' ? undefined : answer.json();
}

/** CspErrorResponse (docs/wire/csp.md#error-body). */
function expectCspError(response: LightMyRequestResponse, status: number, says: RegExp) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  for (const field of fields('cspErrorCode errorCode message moduleCode requestId statusCode')) {
    expect(body).toHaveProperty(field);
  }
  expect(body.statusCode).toBe(status);
  expect(body.message).toMatch(says);
  return body;
}

const scopes = (roles: string[], serviceRoles: string[] = []) => ({
  generalScopes: [],
  organizationScopes: { roles: roles.map((name) => ({ name })) },
  servicesScopes: serviceRoles.length
    ? [{ serviceDefinitionId: 'billing', roles: serviceRoles.map((name) => ({ name })) }]
    : [],
});

/** OrgOAuthAppRequest of a server-to-server app (D1/D3 required fields, plus TTL and a chosen id). */
const serverAppRequest = (extra: Record<string, unknown> = {}) => ({
  displayName: 'Trading 1.0',
  description: 'Trades stocks on a schedule',
  grantTypes: ['client_credentials'],
  allowedScopes: scopes(['org_member'], ['viewer']),
  accessTokenTTL: 900,
  ...extra,
});

async function createApp(body: Record<string, unknown> = serverAppRequest()) {
  return (await ok(asCsp('POST', `/orgs/${orgId}/oauth-apps`, body), 201)) as {
    clientId: string;
    clientSecret: string;
  };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('owned apps', () => {
  it('POST OrgOAuthAppRequest: {clientId, clientSecret} with the OrgOAuthAppResponse fields', async () => {
    const created = await ok(
      asCsp('POST', `/orgs/${orgId}/oauth-apps`, serverAppRequest({ id: 'trading-1' })),
      201,
    );
    expect(created).toMatchObject({
      clientId: 'trading-1',
      id: 'trading-1',
      displayName: 'Trading 1.0',
      description: 'Trades stocks on a schedule',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      accessTokenTTL: 900,
      organizationId: orgId,
      publicClient: false,
      createdAt: server.clock.now(),
    });
    expect(created.clientSecret).toMatch(/^kws/);
    expect(created.allowedScopes).toMatchObject({
      organizationScopes: { allRoles: false, roles: [{ name: 'org_member' }] },
      servicesScopes: [{ serviceDefinitionId: 'billing', roles: [{ name: 'viewer' }] }],
    });
    const read = await ok(asCsp('GET', `/orgs/${orgId}/oauth-apps/trading-1`));
    expect(read).toMatchObject({ id: 'trading-1', displayName: 'Trading 1.0', createdAt: created.createdAt });
    expect(read).not.toHaveProperty('clientSecret');
  });

  it('grant types decide the kind: authorization_code → web, with publicClient → native (no secret)', async () => {
    const web = await createApp({
      displayName: 'Portal',
      description: '',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['https://portal.example.test/cb'],
      allowedScopes: scopes(['org_member']),
    });
    expect(web).toMatchObject({
      publicClient: false,
      forcePkce: true,
      allowedScopes: { generalScopes: ['openid'] },
    });
    expect(web.clientSecret).toMatch(/^kws/);
    const native = await createApp({
      displayName: 'CLI',
      description: '',
      grantTypes: ['authorization_code'],
      publicClient: true,
      redirectUris: ['http://127.0.0.1/callback'],
      allowedScopes: scopes(['org_member']),
    });
    expect(native).toMatchObject({ publicClient: true, forcePkce: true });
    expect(native).not.toHaveProperty('clientSecret');
  });

  it('refuses what Keyward cannot honour, saying what to do instead', async () => {
    const create = (body: Record<string, unknown>) => asCsp('POST', `/orgs/${orgId}/oauth-apps`, body);
    expectCspError(
      await create(serverAppRequest({ grantTypes: ['client_delegate'] })),
      400,
      /client_delegate/,
    );
    expectCspError(await create(serverAppRequest({ secret: 'Chosen-Secret-1' })), 400, /newClientSecret/);
    expectCspError(await create(serverAppRequest({ displayName: undefined })), 400, /displayName/);
    expectCspError(await create(serverAppRequest({ redirectUris: ['https://x.test/cb'] })), 400, /redirect/);
    // (Scopes beyond the creator's roles are refused too; apps.test.ts covers it for developers, since owners
    // and admins may give an app any role they could give a member.)
  });

  it('GET pages with pageStart, pageLimit and searchTerm; PATCH and DELETE', async () => {
    const { clientId } = await createApp(serverAppRequest({ displayName: 'Ledger export' }));
    const found = await ok(asCsp('GET', `/orgs/${orgId}/oauth-apps?searchTerm=Ledger`));
    expect(found).toMatchObject({
      totalResults: 1,
      nextLink: null,
      prevLink: null,
      results: [{ id: clientId }],
    });
    const first = await ok(asCsp('GET', `/orgs/${orgId}/oauth-apps?pageStart=1&pageLimit=1`));
    expect(first.results).toHaveLength(1);
    expect(first.nextLink).toBe(`${CSP}/orgs/${orgId}/oauth-apps?pageStart=2&pageLimit=1`);

    const path = `/orgs/${orgId}/oauth-apps/${clientId}`;
    const patched = await ok(asCsp('PATCH', path, { displayName: 'Ledger exporter', accessTokenTTL: 1200 }));
    expect(patched).toMatchObject({ id: clientId, displayName: 'Ledger exporter', accessTokenTTL: 1200 });
    // A GET answer sent back whole (K17c's style) changes nothing; the type cannot change.
    expect(await ok(asCsp('PATCH', path, { ...patched, useCspIssuerUrl: 'true' }))).toMatchObject(patched);
    expectCspError(await asCsp('PATCH', path, { grantTypes: ['authorization_code'] }), 400, /grantTypes/);

    await ok(asCsp('DELETE', path), 204);
    expectCspError(await asCsp('GET', path), 404, new RegExp(clientId));
  });
});

describe('secret rotation', () => {
  it('PUT {} regenerates: the old secret stops at once', async () => {
    const app = await createApp();
    await server.container.appGrants.add(operatorCaller(), orgId, [app.clientId], {
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    const regenerated = await ok(asCsp('PUT', `/orgs/${orgId}/oauth-apps/${app.clientId}/secret`, {}));
    expect(Object.keys(regenerated).sort()).toEqual(['clientId', 'clientSecret']);
    expect(regenerated.clientId).toBe(app.clientId);
    expect((await token(app.clientId, app.clientSecret)).statusCode).toBe(401);
    expect((await token(app.clientId, regenerated.clientSecret)).statusCode).toBe(200);
  });

  it('POST {newClientSecret, secretRotationExpirationInSeconds} overlaps; DELETE ends the overlap', async () => {
    const app = await createApp();
    await server.container.appGrants.add(operatorCaller(), orgId, [app.clientId], {
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    const path = `/orgs/${orgId}/oauth-apps/${app.clientId}/secret`;
    const chosen = 'N3w-Secret!for-Trading';
    const rotated = await ok(
      asCsp('POST', path, { newClientSecret: chosen, secretRotationExpirationInSeconds: 60 }),
    );
    expect(rotated).toEqual({ clientId: app.clientId, clientSecret: chosen });
    expect((await token(app.clientId, app.clientSecret)).statusCode).toBe(200);
    expect((await token(app.clientId, chosen)).statusCode).toBe(200);
    server.clock.advance(61 * SECOND);
    expect((await token(app.clientId, app.clientSecret)).statusCode).toBe(401);

    const again = await ok(asCsp('POST', path, {}));
    expect((await token(app.clientId, chosen)).statusCode).toBe(200); // 48 h overlap by default
    await ok(asCsp('DELETE', path), 204);
    expect((await token(app.clientId, chosen)).statusCode).toBe(401);
    expect((await token(app.clientId, again.clientSecret)).statusCode).toBe(200);
    expectCspError(await asCsp('POST', path, { newClientSecret: 'weak' }), 400, /symbol/);
  });
});

describe('add app to org', () => {
  it('POST /clients reports each refused id in failures; GET /clients lists the roles given', async () => {
    const app = await createApp();
    const web = await createApp({
      displayName: 'Web',
      description: '',
      grantTypes: ['authorization_code'],
      redirectUris: ['https://web.example.test/cb'],
      allowedScopes: scopes(['org_member']),
    });
    const added = await ok(
      asCsp('POST', `/orgs/${orgId}/clients`, {
        ids: [app.clientId, 'no-such-app', web.clientId],
        organizationRoles: [{ name: 'org_member' }],
        serviceRoles: [{ serviceDefinitionId: 'billing', serviceRoleNames: ['viewer'] }],
      }),
    );
    expect(added).toEqual({
      failures: [
        { id: 'no-such-app', message: expect.stringMatching(/no app/) },
        { id: web.clientId, message: expect.stringMatching(/server-to-server/) },
      ],
    });
    const listed = await ok(asCsp('GET', `/orgs/${orgId}/clients`));
    expect(listed.results).toContainEqual({
      id: app.clientId,
      displayName: 'Trading 1.0',
      description: 'Trades stocks on a schedule',
      organizationRoles: [{ name: 'org_member' }],
      serviceRoles: [
        { serviceDefinitionId: 'billing', serviceRoleNames: ['viewer'], serviceRoles: [{ name: 'viewer' }] },
      ],
      sourceOrg: { orgId, displayName: expect.any(String) },
    });
    expect(listed.totalResults).toBeGreaterThanOrEqual(1);

    // Already added: Keyward replaces the roles (CSP would answer 400). The deprecated spelling still works.
    const before = await verify((await token(app.clientId, app.clientSecret)).json().access_token);
    expect(before.perms).toContain('external/billing/viewer');
    const regrant = { ids: [app.clientId], organizationRoleNames: ['org_member'] };
    expect(await ok(asCsp('POST', `/orgs/${orgId}/clients`, regrant))).toEqual({ failures: [] });
    const after = await verify((await token(app.clientId, app.clientSecret)).json().access_token);
    expect(after.perms).toEqual(['csp:org_member']);
    expectCspError(
      await asCsp('POST', `/orgs/${orgId}/clients`, {
        ids: [app.clientId],
        organizationRoleNames: ['org_owner'],
        organizationRoles: [{ name: 'root' }],
      }),
      400,
      /root/,
    );
    expectCspError(await asCsp('POST', `/orgs/${orgId}/clients`, { ids: [] }), 400, /ids/);
  });

  // Regression (issue 10 item 10): a role given as a bare name was refused with "organizationRoles[] must be a
  // JSON object", which did not say what to send.
  it('POST /clients with roles as bare names: the message shows the object to send', async () => {
    const app = await createApp();
    expectCspError(
      await asCsp('POST', `/orgs/${orgId}/clients`, {
        ids: [app.clientId],
        organizationRoles: ['org_member'],
      }),
      400,
      /each entry of organizationRoles is an object \{"name": "org_member"\}, not a bare name: send \{"name": "org_member"\}/,
    );
    expectCspError(
      await asCsp('POST', `/orgs/${orgId}/clients`, {
        ids: [app.clientId],
        serviceRoles: ['billing:viewer'],
      }),
      400,
      /each entry of serviceRoles must be a JSON object such as \{"serviceDefinitionId": "billing", "serviceRoleNames": \["viewer"\]\}/,
    );
    expectCspError(
      await asCsp('POST', `/orgs/${orgId}/clients`, { ids: [app.clientId], organizationRoles: 'org_member' }),
      400,
      /organizationRoles is a list of up to 200 entries, e\.g\. \[\{"name": "org_member"\}\]/,
    );
  });

  it('DELETE /clients {clientIdsToRemove} or {ids}, and DELETE /clients/{id}: the next token is refused', async () => {
    const apps = [await createApp(), await createApp(), await createApp()];
    const ids = apps.map((app) => app.clientId);
    await ok(asCsp('POST', `/orgs/${orgId}/clients`, { ids, organizationRoles: [{ name: 'org_member' }] }));
    for (const app of apps) expect((await token(app.clientId, app.clientSecret)).statusCode).toBe(200);

    const [first, second, third] = ids as [string, string, string];
    const removed = await ok(
      asCsp('DELETE', `/orgs/${orgId}/clients`, { clientIdsToRemove: [first, 'never-added'] }),
    );
    expect(removed).toEqual({
      failures: [{ id: 'never-added', message: expect.stringMatching(/not added/) }],
    });
    expect(await ok(asCsp('DELETE', `/orgs/${orgId}/clients`, { ids: [second] }))).toEqual({ failures: [] });
    await ok(asCsp('DELETE', `/orgs/${orgId}/clients/${third}`), 204);
    for (const app of apps) {
      const refused = await token(app.clientId, app.clientSecret);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error).toBe('unauthorized_client');
    }
  });
});

// Regression (issue 12): an app created with CSP's body could not get a token until POST /orgs/{orgId}/clients.
it('a server app created with OrgOAuthAppRequest gets a token in its own org at once, within its scopes', async () => {
  const app = await createApp();
  const response = await send('POST', '/auth/authorize', 'grant_type=client_credentials', {
    Authorization: basic(app.clientId, app.clientSecret),
    'Content-Type': FORM,
  });
  expect(response.statusCode, response.body).toBe(200);
  const claims = await verify(response.json().access_token);
  expect(claims.context_name).toBe(orgId);
  expect([...(claims.perms as string[])].sort()).toEqual(
    ['csp:org_member', 'external/billing/billing:read', 'external/billing/viewer'].sort(),
  );
  const listed = await ok(asCsp('GET', `/orgs/${orgId}/clients`));
  expect(listed.results).toContainEqual(
    expect.objectContaining({ id: app.clientId, organizationRoles: [{ name: 'org_member' }] }),
  );
});

describe('client credentials as CSP clients send them', () => {
  let app: { clientId: string; clientSecret: string };
  let partnerOnly: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    app = await createApp();
    partnerOnly = await createApp();
    const add = (
      id: string,
      org: string,
      orgRoles: ('org_member' | 'developer')[],
      serviceRoles: string[] = [],
    ) => server.container.appGrants.add(operatorCaller(), org, [id], { orgRoles, serviceRoles });
    await add(app.clientId, orgId, ['org_member']);
    await add(app.clientId, partnerId, ['org_member'], ['billing:viewer']);
    await add(partnerOnly.clientId, partnerId, ['org_member']);
    // A new server app is added to its own org; this one is removed from it, to act only elsewhere.
    await server.container.appGrants.remove(operatorCaller(), orgId, partnerOnly.clientId);
  });

  const OWNER_PERMS = ['csp:org_member'];
  const PARTNER_PERMS = ['csp:org_member', 'external/billing/viewer', 'external/billing/billing:read'];
  const basicHeader = () => ({ Authorization: basic(app.clientId, app.clientSecret) });
  // [client, path, body (<org> = partner org, <id>/<secret> = the app), headers, expected org]
  const cases: [string, string, string, () => Record<string, string>, 'owner' | 'partner'][] = [
    [
      'K2 terraform-provider-vmc (x/oauth2 clientcredentials)',
      '/auth/token',
      'grant_type=client_credentials',
      () => ({ ...basicHeader(), 'Content-Type': FORM }),
      'owner',
    ],
    [
      'K16 versatile-data-kit',
      '/auth/token',
      'grant_type=client_credentials',
      () => ({ ...basicHeader(), 'Content-Type': FORM }),
      'owner',
    ],
    [
      'K3 terraform-provider-nsxt',
      '/auth/authorize',
      'grant_type=client_credentials',
      () => ({ ...basicHeader(), 'Content-Type': FORM }),
      'owner',
    ],
    [
      'K8 wavefront-proxy (@FormParam orgId)',
      '/auth/authorize',
      'grant_type=client_credentials&orgId=<org>',
      () => ({ ...basicHeader(), 'Content-Type': FORM }),
      'partner',
    ],
    [
      'K10 wavefront-sdk-python',
      '/auth/authorize',
      'grant_type=client_credentials&orgId=<org>',
      () => ({ ...basicHeader(), 'Content-Type': FORM }),
      'partner',
    ],
    [
      'D6 org_id spelling',
      '/auth/token',
      'grant_type=client_credentials&org_id=<org>',
      () => ({ ...basicHeader(), 'Content-Type': FORM }),
      'partner',
    ],
    [
      'D4 recipe (client_id and client_secret in the body)',
      '/auth/token',
      'grant_type=client_credentials&client_id=<id>&client_secret=<secret>&orgId=<org>',
      () => ({ 'Content-Type': FORM }),
      'partner',
    ],
  ];

  it.each(cases)('%s: POST %s %s', async (_client, path, body, headers, org) => {
    const payload = body
      .replace('<org>', partnerId)
      .replace('<id>', app.clientId)
      .replace('<secret>', encodeURIComponent(app.clientSecret));
    const response = await send('POST', path, payload, headers());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer = response.json();
    expect(Object.keys(answer).sort()).toEqual(
      fields('access_token token_type expires_in scope id_token refresh_token'),
    );
    expect(answer).toMatchObject({
      token_type: 'bearer',
      expires_in: 900,
      id_token: null,
      refresh_token: null,
    });
    const claims = await verify(answer.access_token);
    expect(claims).toMatchObject({ sub: app.clientId, client_id: app.clientId, azp: app.clientId });
    expect(claims.context_name).toBe(org === 'owner' ? orgId : partnerId);
    expect([...(claims.perms as string[])].sort()).toEqual(
      [...(org === 'owner' ? OWNER_PERMS : PARTNER_PERMS)].sort(),
    );
    expect(answer.scope).toBe((claims.perms as string[]).join(' '));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
  });

  it('an app added only outside its own org, without orgId: 400 unauthorized_client saying to pass orgId', async () => {
    const headers = {
      Authorization: basic(partnerOnly.clientId, partnerOnly.clientSecret),
      'Content-Type': FORM,
    };
    const response = await send('POST', '/auth/authorize', 'grant_type=client_credentials', headers);
    const body = expectCspError(response, 400, /orgId/);
    expect(body).toMatchObject({ error: 'unauthorized_client', error_description: body.message });
    const withOrg = await send(
      'POST',
      '/auth/authorize',
      `grant_type=client_credentials&orgId=${partnerId}`,
      headers,
    );
    expect(withOrg.statusCode, withOrg.body).toBe(200);
  });

  it('a wrong secret: 401 with WWW-Authenticate: Basic and error invalid_client', async () => {
    const headers = { Authorization: basic(app.clientId, `${app.clientSecret}x`), 'Content-Type': FORM };
    for (const path of ['/auth/token', '/auth/authorize']) {
      const response = await send('POST', path, 'grant_type=client_credentials', headers);
      const body = expectCspError(response, 401, /secret/);
      expect(response.headers['www-authenticate']).toMatch(/^Basic /);
      expect(body).toMatchObject({ error: 'invalid_client', errorCode: 'invalid_client' });
      expect(response.body).not.toContain(app.clientSecret);
    }
  });
});

/** K2/K14: the token endpoint's answer for `id`/`secret` (Basic, owning org). */
function token(id: string, secret: string) {
  const headers = { Authorization: basic(id, secret), 'Content-Type': FORM };
  return send('POST', '/auth/token', 'grant_type=client_credentials', headers);
}

/** Verified as resource servers do (K14): key by kid from token-public-key?format=jwks, RS/ES signature, issuer. */
async function verify(accessToken: string): Promise<JWTPayload> {
  const jwks = (await send('GET', '/auth/token-public-key?format=jwks')).json();
  const { kid } = decodeProtectedHeader(accessToken);
  expect(jwks.keys.map((key: { kid: string }) => key.kid)).toContain(kid);
  const { payload } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
    issuer: server.config.issuer,
    currentDate: new Date(server.clock.now()),
  });
  return payload;
}
