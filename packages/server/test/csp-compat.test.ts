// CSP wire compatibility: replays, byte for byte where their code is public, the requests that real CSP
// clients send (docs/wire/csp.md#tested-clients), and checks each answer the way that client reads it. This file
// guards the CSP dialect routes (src/dialects/csp) against changes that would break those clients.
// Where the requests come from (anchors of docs/wire/csp.md):
//   exchange spellings: #api-token-exchange (K1, K2, K4, K5, K7–K13, D6 curl, the seed's content type)
//   access token and its verification: #claims (K4 ParseToken, K5 claims, K14 recipe); keys: #signing-keys (K5, K15)
//   userinfo and csp-auth-token: #userinfo, #token-headers (K3, K11, K12); errors: #error-body
//   token details: #token-details (K7); generation, deactivation: #api-token-management (D1)
import type { LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, importSPKI, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintApiToken } from '../src/api-tokens/format.js';
import { call, type Session, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

const CSP = '/csp/gateway/am/api';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const fields = (names: string) => names.split(' ').sort();

let server: TestServer;
let session: Session;
let orgId: string;

beforeAll(async () => {
  server = await startTestServer();
  session = await signIn(server.app, ADMIN.email, ADMIN.password);
  orgId = server.firstRun?.orgId ?? '';
  expect(orgId).not.toBe('');
});
afterAll(async () => server.close());

/** An API token through the management API, as the console generates it (all roles, openid). */
async function generate(extra: Record<string, unknown> = {}, on = server, as = session) {
  const body = { orgId: on.firstRun?.orgId, name: 'compat', scopes: { allRoles: true }, openid: true };
  const response = await call(on.app, as, 'POST', '/api/v1/me/api-tokens', { ...body, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; token: string; expiresAt: string };
}

/** A request with exactly these bytes and headers: no serialisation by the test. */
function send(on: TestServer, method: 'GET' | 'POST', url: string, headers = {}, payload?: string) {
  return on.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

/** POST to the exchange endpoint, the token in `payload` and/or `query`. */
function exchangeWith(payload: string | undefined, headers: Record<string, string>, query = '', on = server) {
  return send(on, 'POST', `${CSP}/auth/api-tokens/authorize${query}`, headers, payload);
}

/** K1's request (`refresh_token=<t>`, form content type), the one most clients send. */
const k1 = (token: string, on = server) =>
  exchangeWith(`refresh_token=${token}`, { 'content-type': FORM }, '', on);

/** K1's request, answer checked and parsed. */
async function exchange(token: string) {
  return expectSixKeys(await k1(token), token);
}

/** CSP's AccessToken answer: exactly six keys, as all CSP clients read it (docs/wire/csp.md#token-answer). */
function expectSixKeys(response: LightMyRequestResponse, apiToken: string, openid = true, ttl = 1800) {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = response.json();
  expect(Object.keys(body).sort()).toEqual(
    fields('access_token token_type expires_in scope id_token refresh_token'),
  );
  expect(body).toMatchObject({ token_type: 'bearer', expires_in: ttl, refresh_token: apiToken });
  expect(Number.isInteger(body.expires_in)).toBe(true);
  expect(typeof body.scope).toBe('string');
  expect(body.access_token).toMatch(JWT);
  if (openid) expect(body.id_token).toMatch(JWT);
  else expect(body.id_token).toBeNull();
  return body as { access_token: string; scope: string };
}

/** CspErrorResponse plus RFC 6749 fields (docs/wire/csp.md#error-body), never echoing the submitted value. */
function expectCspError(response: LightMyRequestResponse, says: RegExp, error: string, submitted?: string) {
  expect(response.statusCode, response.body).toBe(400);
  const body = response.json();
  expect(Object.keys(body).sort()).toEqual(
    fields('cspErrorCode errorCode message moduleCode requestId statusCode error error_description'),
  );
  expect(body).toMatchObject({ statusCode: 400, error, error_description: body.message });
  expect(typeof body.moduleCode).toBe('number');
  expect(response.headers['csp-request-id']).toBe(body.requestId);
  expect(body.message).toMatch(says);
  if (submitted) expect(response.body).not.toContain(submitted);
}

/** The access token verified the way resource servers do it (K14): JWKS key by kid, RS/ES signature, issuer. */
async function verify(accessToken: string, on = server): Promise<JWTPayload> {
  const jwks = (await send(on, 'GET', `${CSP}/auth/token-public-key?format=jwks`)).json();
  const header = decodeProtectedHeader(accessToken);
  expect(header.typ).toBe('at+jwt');
  expect(jwks.keys.map((key: { kid: string }) => key.kid)).toContain(header.kid);
  const { payload } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
    issuer: on.config.issuer,
    currentDate: new Date(on.clock.now()),
  });
  expect(payload.iss).toBe(on.config.issuer);
  return payload;
}

describe('API-token exchange: every spelling real clients send', () => {
  let token: string;
  beforeAll(async () => {
    token = (await generate()).token;
  });

  // [client, body (<t> = the API token), headers, query string]
  const form = { 'Content-Type': FORM };
  const cases: [string, string | undefined, Record<string, string>, string?][] = [
    ['K1 vsphere-automation-sdk-go', 'refresh_token=<t>', { 'content-type': FORM }],
    ['K2, K4, K5, K12, K13 (vmc, tanzu-cli, marketplace-cli, PowerCLI, TMC)', 'refresh_token=<t>', form],
    ['K7 vmware-image-builder-action', 'grant_type=refresh_token&api_token=<t>', form],
    ['K8 wavefront-proxy', 'grant_type=api_token&api_token=<t>', form],
    ['K9 wavefront-sdk-java', 'grant_type=api_token&refresh_token=<t>', form],
    ['K10 wavefront-sdk-python', 'api_token=<t>', form],
    ['K11 pyVMC (query parameter)', '', { 'Content-Type': JSON_TYPE }, '?api_token=<t>'],
    ['D6 sample curl (JSON)', '{"api_token": "<t>"}', { 'Content-Type': JSON_TYPE }],
    ['a bare POST with the query parameter', undefined, {}, '?api_token=<t>'],
  ];
  it.each(cases)('%s sends %j with headers %j and query %j', async (_client, body, headers, query = '') => {
    const fill = (text: string) => text.replace('<t>', token);
    expectSixKeys(await exchangeWith(body === undefined ? body : fill(body), headers, fill(query)), token);
  });

  // Regression: Fastify refused this malformed media type (415) before any parser ran. Source: the seed
  // document's "Example: Using an API Token" (`content type: application/x-www-form-urlencoded/`).
  it('seed document: content type "application/x-www-form-urlencoded/" (sic)', async () => {
    const headers = { accept: JSON_TYPE, 'content-type': `${FORM}/` };
    expectSixKeys(await exchangeWith(`refresh_token=${token}`, headers), token);
  });

  it('K9 fixture shape: id_token is null for a token generated without openid', async () => {
    const plain = await generate({ openid: false });
    expectSixKeys(await k1(plain.token), plain.token, false);
  });
});

// Regression (issue 10 item 9): a client configured with a base URL ending in "/" (https://host/) sends
// //csp/gateway/…; that answered 404. Every leading run of slashes is routed as one.
it('a base URL with a trailing slash: //csp/gateway/…, //oauth/… and //api/v1/… reach the same routes', async () => {
  const { token } = await generate();
  const exchanged = await send(
    server,
    'POST',
    `/${CSP}/auth/api-tokens/authorize`,
    { 'content-type': FORM },
    `refresh_token=${token}`,
  );
  const { access_token: accessToken } = expectSixKeys(exchanged, token);
  const keys = await send(server, 'GET', `//${CSP.slice(1)}/auth/token-public-key?format=jwks`);
  expect(keys.statusCode, keys.body).toBe(200);
  expect(keys.json().keys.length).toBeGreaterThan(0);
  expect(keys.headers['csp-request-id']).toBeDefined();
  for (const url of ['//oauth/jwks', '///.well-known/openid-configuration']) {
    expect((await send(server, 'GET', url)).statusCode, url).toBe(200);
  }
  const me = await send(server, 'GET', '//api/v1/me', { 'csp-auth-token': accessToken });
  expect(me.statusCode, me.body).toBe(200);
  // The error shape of the surface still applies: a CSP error for a CSP path.
  const missing = await send(
    server,
    'POST',
    `/${CSP}/auth/api-tokens/authorize`,
    { 'content-type': FORM },
    '',
  );
  expect(missing.json()).toMatchObject({ moduleCode: 340, statusCode: 400 });
});

describe('the access token', () => {
  it('K14 recipe and K5 claims: verifies by kid and issuer; context_name, perms, acct, username, scope', async () => {
    const answer = await exchange((await generate()).token);
    const claims = await verify(answer.access_token);
    expect(claims).toMatchObject({ context_name: orgId, acct: ADMIN.email, username: ADMIN.email });
    expect(claims.perms).toContain('csp:org_owner');
    expect(claims.scope).toBe(answer.scope);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(1800);
  });

  it('K4 tanzu-cli ParseToken: username and context_name are strings, perms an array', async () => {
    const claims = await verify((await exchange((await generate()).token)).access_token);
    expect(typeof claims.username).toBe('string');
    expect(typeof claims.context_name).toBe('string');
    expect(Array.isArray(claims.perms)).toBe(true);
  });

  it('K10 honours expires_in: KEYWARD_ACCESS_TOKEN_TTL=10m gives 600 in the answer and the token', async () => {
    const other = await startTestServer({ env: { KEYWARD_ACCESS_TOKEN_TTL: '10m' } });
    try {
      const { token } = await generate({}, other, await signIn(other.app, ADMIN.email, ADMIN.password));
      const claims = await verify(
        expectSixKeys(await k1(token, other), token, true, 600).access_token,
        other,
      );
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
    } finally {
      await other.close();
    }
  });
});

describe('using the access token', () => {
  it('userinfo answers OidcUserInfoDto with Authorization: Bearer and with csp-auth-token', async () => {
    const { access_token } = await exchange((await generate()).token);
    for (const headers of [{ Authorization: `Bearer ${access_token}` }, { 'csp-auth-token': access_token }]) {
      const response = await send(server, 'GET', `${CSP}/userinfo`, headers);
      expect(response.statusCode, response.body).toBe(200);
      const info = response.json();
      const dto = 'acct context context_name domain email email_verified family_name given_name group_ids';
      for (const field of fields(`${dto} group_names sub username`)) expect(info).toHaveProperty(field);
      expect(info).toMatchObject({ acct: ADMIN.email, email: ADMIN.email, username: ADMIN.email });
      expect(info).toMatchObject({
        context_name: orgId,
        sub: session.userId,
        group_ids: [],
        group_names: [],
      });
    }
  });

  it('K3, K11, K12: GET /api/v1/me with csp-auth-token shows only the token’s org', async () => {
    const second = await call(server.app, session, 'POST', '/api/v1/orgs', { name: 'Second org' });
    expect(second.statusCode, second.body).toBe(201);
    const { access_token } = await exchange((await generate()).token);
    const me = await send(server, 'GET', '/api/v1/me', { 'csp-auth-token': access_token });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().memberships.map((org: { id: string }) => org.id)).toEqual([orgId]);
  });
});

describe('exchange errors', () => {
  it('K1: an expired API token is refused as expired', async () => {
    const { token } = await generate({ ttlSeconds: 300 });
    server.clock.advance(301_000);
    expectCspError(await k1(token), /expired/, 'invalid_grant', token);
  });

  it('K1: a revoked API token is refused as revoked', async () => {
    const { id, token } = await generate();
    expect((await call(server.app, session, 'DELETE', `/api/v1/me/api-tokens/${id}`)).statusCode).toBe(204);
    expectCspError(await k1(token), /revoked/, 'invalid_grant', token);
  });

  it('K1: a well-formed token that does not exist, and a mistyped one, say which', async () => {
    const unknown = mintApiToken();
    expectCspError(await k1(unknown), /no API token/, 'invalid_grant', unknown);
    const { token } = await generate();
    const typo = `${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}`;
    expectCspError(await k1(typo), /not a Keyward API token/, 'invalid_grant', typo);
  });

  it('K1 with an empty form: invalid_request', async () => {
    expectCspError(await exchangeWith('', { 'content-type': FORM }), /api_token/, 'invalid_request');
  });
});

describe('token details', () => {
  const details = (tokenValue: string) =>
    send(
      server,
      'POST',
      `${CSP}/auth/api-tokens/details`,
      { 'Content-Type': JSON_TYPE },
      `{"tokenValue":"${tokenValue}"}`,
    );

  it('K7: {"tokenValue"} answers ApiTokenDetailsDto with timestamps in seconds (moment.unix)', async () => {
    const generated = await generate();
    const response = await details(generated.token);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const dto = 'acct allowedScopes createdAt expiresAt lastUsedAt orgId tokenId tokenName userId username';
    for (const field of fields(`${dto} token deactivated`)) expect(body).toHaveProperty(field);
    const { id, token } = generated;
    expect(body).toMatchObject({ tokenId: id, orgId, userId: session.userId, token, deactivated: false });
    expect(body).toMatchObject({ acct: ADMIN.email, username: ADMIN.email, tokenName: 'compat' });
    expect(body.allowedScopes).toMatchObject({
      generalScopes: ['openid'],
      organizationScopes: { allRoles: true },
    });
    expect(body.expiresAt).toBe(Date.parse(generated.expiresAt) / 1000);
    expect(body.createdAt).toBe(Math.floor(server.clock.now() / 1000));
    expect(new Date(body.expiresAt * 1000).getTime()).toBeGreaterThan(server.clock.now());
  });

  it('K7: an expired token is a 400', async () => {
    const { token } = await generate({ ttlSeconds: 300 });
    server.clock.advance(301_000);
    const response = await details(token);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/expired/) });
    expect(response.body).not.toContain(token);
  });
});

describe('generation and deactivation with CSP bodies', () => {
  let accessToken: string;
  const asCsp = (path: string, body: string) =>
    send(server, 'POST', `${CSP}${path}`, { 'csp-auth-token': accessToken, 'Content-Type': JSON_TYPE }, body);
  const scopes = (role: string) =>
    `{"generalScopes":["openid"],"organizationScopes":{"roles":[{"name":"${role}"}]},"servicesScopes":[]}`;
  const generateBody = (role: string, ttl = 86400) =>
    `{"tokenName":"cli","refreshTokenTTL":${ttl},"allowedScopes":${scopes(role)},"notifyBeforeExpiry":1}`;

  beforeAll(async () => {
    // The operator owns the default org but is not org_member there: give them the role to ask for.
    const member = `/api/v1/orgs/${orgId}/members/${session.userId}`;
    const put = await call(server.app, session, 'PUT', member, { orgRoles: ['org_owner', 'org_member'] });
    expect(put.statusCode, put.body).toBe(200);
    accessToken = (await exchange((await generate()).token)).access_token;
  });

  // Regression: a reminder that cannot fall before expiry was refused (400); it is now sent at once.
  // The body follows D1's GenerateApiTokenRequestV2 (TTL in seconds, docs/wire/csp.md#api-token-management).
  it('D1 GenerateApiTokenRequestV2 verbatim: refreshTokenTTL 86400 with notifyBeforeExpiry 1', async () => {
    const created = await asCsp('/loggedin/user/api-tokens', generateBody('org_member'));
    expect(created.statusCode, created.body).toBe(201);
  });

  // Regression (issue 10 item 10): a role given as a bare name was refused with
  // "organizationScopes.roles[].name must be an object", which did not say what to send.
  it('a role sent as a bare name is refused with a message showing {"name": "org_member"}', async () => {
    const body = (allowedScopes: string) =>
      `{"tokenName":"cli","refreshTokenTTL":86400,"allowedScopes":${allowedScopes}}`;
    const cases: [string, RegExp][] = [
      [
        '{"organizationScopes":{"roles":["org_member"]}}',
        /each entry of organizationScopes\.roles is an object \{"name": "org_member"\}, not a bare name: send \{"name": "org_member"\}/,
      ],
      [
        '{"organizationScopes":{"roles":[{"name":"member"}]}}',
        /use org_owner, org_admin, org_member or developer/,
      ],
      [
        '{"organizationScopes":["org_member"]}',
        /organizationScopes must be a JSON object such as \{"allRoles"/,
      ],
      ['{"generalScopes":"openid"}', /generalScopes must be a list .* such as \["openid"\]/],
      [
        '{"servicesScopes":[{"serviceDefinitionId":"billing","roles":["viewer"]}]}',
        /send \{"name": "viewer"\}/,
      ],
      [
        '{"servicesScopes":[{"roles":[]}]}',
        /serviceDefinitionId must be the id of a registered service.*"billing"/,
      ],
      ['"org_member"', /allowedScopes must be a JSON object such as \{"generalScopes"/],
    ];
    for (const [allowedScopes, message] of cases) {
      const refused = await asCsp('/loggedin/user/api-tokens', body(allowedScopes));
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().message, allowedScopes).toMatch(message);
    }
  });

  // Regression (issue 10 item 10): notifyBeforeExpiry 0 was refused as "not a number of days".
  it('notifyBeforeExpiry: 0 is a number of days, and means no reminder', async () => {
    const created = await asCsp(
      '/loggedin/user/api-tokens',
      `{"tokenName":"cli","refreshTokenTTL":172800,"allowedScopes":${scopes('org_member')},"notifyBeforeExpiry":0}`,
    );
    expect(created.statusCode, created.body).toBe(201);
    const stored = await server.container.storage.stores.apiTokens.findById(created.json().tokenId);
    expect(stored).toMatchObject({ notifyDaysBeforeExpiry: null, remindAt: null });
    const refused = await asCsp(
      '/loggedin/user/api-tokens',
      `{"tokenName":"cli","allowedScopes":${scopes('org_member')},"notifyBeforeExpiry":-1}`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/from 0 to 365.*0 or null: no reminder/);
  });

  it('D1 GenerateApiTokenRequestV2 (2-day TTL): an org_member token that exchanges; more is refused', async () => {
    const created = await asCsp('/loggedin/user/api-tokens', generateBody('org_member', 172_800));
    expect(created.statusCode, created.body).toBe(201);
    const scope = (await exchange(created.json().token)).scope.split(' ');
    expect(scope).toContain('csp:org_member');
    expect(scope).not.toContain('csp:org_owner');

    const refused = await asCsp('/loggedin/user/api-tokens', generateBody('org_admin', 172_800));
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().message).toContain('org_admin');
  });

  it('D1 deactivate/activate {"ids"}: partial success, exchange refused while deactivated, old path too', async () => {
    const target = await generate();
    const bulk = async (action: string, ids: string[]) => {
      const response = await asCsp(`/orgs/${orgId}/${action}`, JSON.stringify({ ids }));
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const done = { successes: [target.id], failures: [] };

    expect(await bulk('api-tokens/deactivate', [target.id, 'nope'])).toEqual({
      successes: [target.id],
      failures: [{ id: 'nope', message: expect.any(String) }],
    });
    expectCspError(await k1(target.token), /deactivated/, 'invalid_grant', target.token);
    expect(await bulk('api-tokens/activate', [target.id])).toEqual(done);
    await exchange(target.token);
    expect(await bulk('tokens/deactivate', [target.id])).toEqual(done);
    expectCspError(await k1(target.token), /deactivated/, 'invalid_grant', target.token);
  });
});

describe('keys', () => {
  it('K5 marketplace-cli: token-public-key without format carries the PEM in value, which verifies tokens', async () => {
    const response = await send(server, 'GET', `${CSP}/auth/token-public-key`);
    expect(response.statusCode, response.body).toBe(200);
    const { alg, value } = response.json();
    expect(value).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const { access_token } = await exchange((await generate()).token);
    const { payload } = await jwtVerify(access_token, await importSPKI(value, alg), {
      issuer: server.config.issuer,
      currentDate: new Date(server.clock.now()),
    });
    expect(payload.context_name).toBe(orgId);
  });
});
