// RFC 9700 and RFC 6819 cases not covered by the flow tests: one app's secret presented with another app's
// client id, two client authentication methods at once, a native app's secret-less client_credentials, a
// password grant, access tokens in the query string, forged or re-typed tokens at Keyward's API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { systemCaller } from '../src/core/principal.js';
import { expectError } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let orgId: string;
let a: { app: OAuthApp; secret: string };
let b: { app: OAuthApp; secret: string };
let native: OAuthApp;

beforeAll(async () => {
  server = await startTestServer();
  orgId = server.firstRun?.orgId as string;
  const system = systemCaller('test');
  const make = async (name: string) => {
    const { app, secret } = await server.container.apps.create(system, orgId, {
      type: 'server',
      name,
      scopes: { allRoles: true },
    });
    await server.container.appGrants.add(system, orgId, [app.id], {
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    return { app, secret: secret as string };
  };
  a = await make('A');
  b = await make('B');
  native = (
    await server.container.apps.create(system, orgId, {
      type: 'native',
      name: 'N',
      redirectUris: ['http://127.0.0.1/cb'],
      scopes: { allRoles: true },
    })
  ).app;
});
afterAll(async () => server.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const token = (form: Record<string, string>, authorization?: string) =>
  server.app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: new URLSearchParams(form).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
  });

describe('client authentication', () => {
  it('refuses one app’s secret with another app’s client id (RFC 6819 §5.2.3)', async () => {
    const response = await token({ grant_type: 'client_credentials' }, basic(b.app.id, a.secret));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('invalid_client');
    expect(response.headers['www-authenticate']).toMatch(/^Basic/);
    expect(response.body).not.toContain(a.secret);
  });

  it('refuses two authentication methods in one request (RFC 6749 §2.3)', async () => {
    const response = await token(
      { grant_type: 'client_credentials', client_secret: a.secret },
      basic(a.app.id, a.secret),
    );
    expect(response.json().error).toBe('invalid_request');
  });

  it('accepts client_secret_post', async () => {
    const response = await token({
      grant_type: 'client_credentials',
      client_id: a.app.id,
      client_secret: a.secret,
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('never lets a native app act as itself, whatever secret it sends (RFC 8252 §8.5)', async () => {
    for (const auth of [basic(native.id, ''), basic(native.id, 'anything')]) {
      expect((await token({ grant_type: 'client_credentials' }, auth)).json().error).toBe(
        'unauthorized_client',
      );
    }
  });

  it('has no password grant (RFC 9700 §2.4)', async () => {
    const response = await token(
      { grant_type: 'password', username: 'x', password: 'y' },
      basic(a.app.id, a.secret),
    );
    expect(response.json().error).toBe('unsupported_grant_type');
    const document = (await server.app.inject('/.well-known/openid-configuration')).json();
    expect(document.grant_types_supported).not.toContain('password');
  });

  it('answers token responses with no-store and no-cache (RFC 6749 §5.1), errors included', async () => {
    for (const response of [
      await token({ grant_type: 'client_credentials' }, basic(a.app.id, a.secret)),
      await token({ grant_type: 'client_credentials' }, basic(a.app.id, 'wrong')),
    ]) {
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    }
  });
});

describe('client_credentials scope (RFC 6749 §5.2)', () => {
  it('beyond what the org granted the app is invalid_scope naming it, not 200 with an empty scope', async () => {
    const beyond = await token(
      { grant_type: 'client_credentials', scope: 'org_owner' },
      basic(a.app.id, a.secret),
    );
    expect(beyond.statusCode, beyond.body).toBe(400);
    expect(beyond.json().error).toBe('invalid_scope');
    expect(beyond.json().error_description).toContain(`did not grant app ${a.app.id} org_owner`);
    expect(beyond.json().error_description).toContain('(org_member)');
    const mixed = await token(
      { grant_type: 'client_credentials', scope: 'csp:org_member developer' },
      basic(a.app.id, a.secret),
    );
    expect(mixed.json()).toMatchObject({ error: 'invalid_scope' });
    expect(mixed.json().error_description).toContain('developer');
    // CSP's token routes answer the same, in both error shapes.
    const csp = await server.app.inject({
      method: 'POST',
      url: '/csp/gateway/am/api/auth/authorize',
      payload: `grant_type=client_credentials&orgId=${orgId}&scope=csp%3Aorg_owner`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(a.app.id, a.secret),
      },
    });
    expect(csp.statusCode).toBe(400);
    expect(csp.json()).toMatchObject({ error: 'invalid_scope', errorCode: 'invalid_scope', statusCode: 400 });
  });

  it('within the grant is granted as asked; no scope gets the whole grant; OIDC scopes are ignored', async () => {
    for (const scope of ['org_member', 'csp:org_member openid', undefined]) {
      const response = await token(
        { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
        basic(a.app.id, a.secret),
      );
      expect(response.statusCode, `${scope}: ${response.body}`).toBe(200);
      expect(response.json().scope).toBe('csp:org_member');
    }
  });

  it('beyond the app’s own registration is invalid_scope even where the org granted more', async () => {
    const system = systemCaller('test');
    const { app, secret } = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Narrow',
      scopes: { orgRoles: ['org_member'] },
    });
    await server.container.appGrants.add(system, orgId, [app.id], {
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    const response = await token(
      { grant_type: 'client_credentials', scope: 'developer' },
      basic(app.id, secret as string),
    );
    expect(response.json()).toMatchObject({ error: 'invalid_scope' });
    expect(response.json().error_description).toContain('may not ask for developer');
  });
});

describe('wrong methods on protocol endpoints', () => {
  it('GET /oauth/token and other wrong methods get 405 with Allow in OAuth’s error shape, not route.not_found', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/oauth/token', 'POST'],
      ['PUT', '/oauth/token', 'POST'],
      ['GET', '/oauth/revoke', 'POST'],
      ['DELETE', '/oauth/revoke', 'POST'],
      ['GET', '/oauth/introspect', 'POST'],
      ['PATCH', '/oauth/introspect', 'POST'],
      ['PUT', '/oauth/userinfo', 'GET, POST, HEAD'],
      ['GET', '/csp/gateway/am/api/auth/token', 'POST'],
      ['GET', '/csp/gateway/am/api/auth/authorize', 'POST'],
      ['PUT', '/csp/gateway/am/api/auth/authorize', 'POST'],
      ['GET', '/csp/gateway/am/api/auth/introspect', 'POST'],
      ['GET', '/csp/gateway/am/api/auth/revoke', 'POST'],
    ];
    for (const [method, url, allow] of cases) {
      const response = await server.app.inject({ method: method as 'GET', url });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(405);
      expect(response.headers.allow, `${method} ${url}`).toBe(allow);
      const body = response.json();
      expect(body.error).toBe('invalid_request');
      expect(body.error_description).toContain(`takes ${allow.replace(', HEAD', '').replace(', ', ' or ')}`);
      expect(body.code).toBeUndefined();
    }
    // CSP's token routes keep CSP's error body alongside RFC 6749's.
    const csp = (await server.app.inject('/csp/gateway/am/api/auth/token')).json();
    expect(csp).toMatchObject({ statusCode: 405, errorCode: 'invalid_request', moduleCode: 340 });
    // The right method still reaches the endpoint.
    expect((await token({ grant_type: 'client_credentials' }, basic(a.app.id, a.secret))).statusCode).toBe(
      200,
    );
  });
});

describe('access tokens at Keyward’s API', () => {
  async function accessToken(): Promise<string> {
    return (await token({ grant_type: 'client_credentials' }, basic(a.app.id, a.secret))).json().access_token;
  }

  it('are not taken from the query string (RFC 9700 §4.3.2)', async () => {
    const response = await server.app.inject({
      url: `/api/v1/orgs/${orgId}?access_token=${await accessToken()}`,
    });
    expectError(response, 401, 'auth.required');
  });

  it('must carry our signature: an edited payload, alg none, or an HS256 token keyed with our public key fail', async () => {
    const [header, payload] = (await accessToken()).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, perms: ['csp:org_owner'] })).toString('base64url')}.${(await accessToken()).split('.')[2]}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    const { createHmac } = await import('node:crypto');
    const jwks = (await server.app.inject('/oauth/jwks')).json();
    const kid = jwks.keys[0].kid;
    const hsHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid })).toString('base64url');
    const hs = `${hsHeader}.${payload}.${createHmac('sha256', JSON.stringify(jwks.keys[0])).update(`${hsHeader}.${payload}`).digest('base64url')}`;
    for (const forged of [edited, none, hs]) {
      expectError(
        await server.app.inject({
          url: `/api/v1/orgs/${orgId}`,
          headers: { authorization: `Bearer ${forged}` },
        }),
        401,
        'auth.invalid_token',
      );
    }
  });

  it('an ID token is not an access token (RFC 9068 §4: typ at+jwt)', async () => {
    const { issueIdToken } = await import('../src/keys/tokens/id-token.js');
    const user = await server.container.storage.stores.users.findByEmail('operator@example.test');
    const idToken = issueIdToken(server.container.keys, server.config.issuer, server.clock.now(), {
      user: user as NonNullable<typeof user>,
      clientId: a.app.id,
      orgId,
      ttlSeconds: 600,
    });
    expectError(
      await server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${idToken}` } }),
      401,
      'auth.invalid_token',
    );
  });

  it('of an app can never create an API token (issue 3: API tokens are generated by users only)', async () => {
    const at = await accessToken();
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/me/api-tokens',
      payload: { orgId, name: 'from an app', scopes: { orgRoles: ['org_member'] } },
      headers: { authorization: `Bearer ${at}` },
    });
    expectError(response, 403, 'auth.forbidden');
    const csp = await server.app.inject({
      method: 'POST',
      url: '/csp/gateway/am/api/loggedin/user/api-tokens',
      payload: { tokenName: 'x', allowedScopes: { organizationScopes: { roles: [{ name: 'org_member' }] } } },
      headers: { 'csp-auth-token': at },
    });
    expect(csp.statusCode).toBe(403);
  });

  it('expire at exp', async () => {
    const at = await accessToken();
    server.clock.advance(a.app.accessTokenTtl * 1000);
    expectError(
      await server.app.inject({ url: `/api/v1/orgs/${orgId}`, headers: { authorization: `Bearer ${at}` } }),
      401,
      'auth.invalid_token',
    );
  });
});
