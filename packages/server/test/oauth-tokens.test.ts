// The token side of the OAuth provider: redeeming codes, refresh-token rotation and reuse detection (RFC 9700
// §4.14), introspection (RFC 7662) and revocation (RFC 7009), and withdrawing consent. Codes are minted with
// OAuthProvider.issueAuthorizationCode, the step the browser flow ends with (authorize-flow.test.ts drives the pages).
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { DAY } from '../src/core/clock.js';
import { systemCaller } from '../src/core/principal.js';
import { parseScope } from '../src/oauth/scope.js';
import { call, expectError, postForm, type Session, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let orgId: string;
let operator: Session;
let web: { app: OAuthApp; secret: string };
let other: { app: OAuthApp; secret: string };
const system = systemCaller('test');

beforeAll(async () => {
  server = await startTestServer();
  orgId = server.firstRun?.orgId as string;
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const make = async (name: string) => {
    const { app, secret } = await server.container.apps.create(system, orgId, {
      type: 'web',
      name,
      redirectUris: ['https://rp.test/cb'],
      scopes: { allRoles: true },
    });
    return { app, secret: secret as string };
  };
  web = await make('Web app');
  other = await make('Other app');
});
afterAll(async () => server.close());

const basic = (client: { app: OAuthApp; secret: string }) =>
  `Basic ${Buffer.from(`${client.app.id}:${client.secret}`).toString('base64')}`;

function post(url: string, form: Record<string, string>, authorization?: string) {
  return postForm(server.app, url, form, authorization ? { authorization } : {});
}

/** A code for the operator, as the consent page would mint it, with a PKCE pair. */
async function code(client = web, scope = 'openid offline_access') {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const services = await server.container.identity.services();
  const value = await server.container.oauth.issueAuthorizationCode({
    app: client.app,
    userId: operator.userId,
    orgId,
    authTime: server.clock.now(),
    scope: parseScope(scope, services),
    request: {
      clientId: client.app.id,
      redirectUri: 'https://rp.test/cb',
      redirectUriSent: true,
      state: 's',
      nonce: 'n-0S6_WzA2Mj',
      scope: parseScope(scope, services),
      codeChallenge: challenge,
      prompt: [],
      orgId,
    },
  });
  return { value, verifier };
}

async function redeem(client = web, scope = 'openid offline_access') {
  const { value, verifier } = await code(client, scope);
  const response = await post(
    '/oauth/token',
    {
      grant_type: 'authorization_code',
      code: value,
      redirect_uri: 'https://rp.test/cb',
      code_verifier: verifier,
    },
    basic(client),
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { access_token: string; refresh_token: string; id_token: string; scope: string };
}

const userinfo = (accessToken: string) =>
  server.app.inject({ url: '/oauth/userinfo', headers: { authorization: `Bearer ${accessToken}` } });

const refresh = (token: string, client = web, extra: Record<string, string> = {}) =>
  post('/oauth/token', { grant_type: 'refresh_token', refresh_token: token, ...extra }, basic(client));

const introspect = (token: string, authorization = basic(web)) =>
  post('/oauth/introspect', { token }, authorization);

describe('authorization code', () => {
  it('gives an access token, a kwr refresh token and an id_token with the nonce', async () => {
    const tokens = await redeem();
    expect(tokens.refresh_token).toMatch(/^kwr[A-Za-z0-9]{62}$/);
    const id = decodeJwt(tokens.id_token);
    expect(id).toMatchObject({ aud: web.app.id, nonce: 'n-0S6_WzA2Mj', context_name: orgId });
    // No `email` or `profile` scope was asked: the ID token says who, not their address or name.
    expect(id.email).toBeUndefined();
    expect(id.name).toBeUndefined();
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      client_id: web.app.id,
      sub: operator.userId,
      cred: { type: 'grant' },
    });
    expect(tokens.scope.split(' ')).toContain('openid');
  });

  it('belongs to its client', async () => {
    const { value, verifier } = await code();
    const stolen = await post(
      '/oauth/token',
      {
        grant_type: 'authorization_code',
        code: value,
        redirect_uri: 'https://rp.test/cb',
        code_verifier: verifier,
      },
      basic(other),
    );
    expect(stolen.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the granted scope (RFC 6749 §3.3, §5.1)', () => {
  it('lists openid, profile, email and offline_access when granted: the same at the token endpoint, in the token, both introspections and userinfo', async () => {
    const tokens = await redeem(web, 'openid profile email offline_access');
    const perms = decodeJwt(tokens.access_token).perms as string[];
    expect(perms).toContain('csp:org_owner');
    const expected = ['openid', 'profile', 'email', 'offline_access', ...perms].join(' ');
    // Before: "csp:org_owner openid" — profile, email and offline_access vanished though granted.
    expect(tokens.scope).toBe(expected);
    expect(decodeJwt(tokens.access_token).scope).toBe(expected);
    expect((await introspect(tokens.access_token)).json()).toMatchObject({ active: true, scope: expected });
    // Before: the refresh token reported the request's own spelling, "offline_access openid email profile".
    expect((await introspect(tokens.refresh_token)).json()).toMatchObject({ active: true, scope: expected });
    const info = (await userinfo(tokens.access_token)).json();
    expect(info).toMatchObject({ sub: operator.userId, email: ADMIN.email, name: expect.any(String) });
    const refreshed = (await refresh(tokens.refresh_token)).json();
    expect(refreshed.scope).toBe(expected);
    expect(refreshed.refresh_token).toMatch(/^kwr/);
    // A refresh that narrows the access token's scope keeps the grant (and its refresh token) whole (§6).
    const narrowed = (await refresh(refreshed.refresh_token, web, { scope: 'openid' })).json();
    expect(narrowed.scope).toBe(['openid', ...perms].join(' '));
    expect((await introspect(narrowed.refresh_token)).json().scope).toBe(expected);
  });

  it('issues a refresh token only when offline_access was asked, and userinfo keeps to the scope', async () => {
    const tokens = await redeem(web, 'openid');
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope.split(' ')).toEqual([
      'openid',
      ...(decodeJwt(tokens.access_token).perms as string[]),
    ]);
    const info = (await userinfo(tokens.access_token)).json();
    expect(info.sub).toBe(operator.userId);
    for (const claim of ['email', 'email_verified', 'name', 'given_name', 'family_name', 'acct', 'username'])
      expect(info[claim], claim).toBeUndefined();
    const profile = (await userinfo((await redeem(web, 'openid profile')).access_token)).json();
    expect(profile.name).toEqual(expect.any(String));
    expect(profile.email).toBeUndefined();
  });

  it('leaves offline_access out for an app whose registration does not let it refresh', async () => {
    const { app, secret } = await server.container.apps.create(system, orgId, {
      type: 'web',
      name: 'No refresh',
      redirectUris: ['https://rp.test/cb'],
      grantTypes: ['authorization_code'],
      scopes: { allRoles: true },
    });
    const tokens = await redeem({ app, secret: secret as string }, 'openid offline_access');
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope.split(' ')).not.toContain('offline_access');
    expect(tokens.scope.split(' ')).toContain('openid');
  });
});

describe('a code redeemed with a client mistake (adr 0001)', () => {
  const redeemCode = (value: string, form: Record<string, string>, client = web) =>
    post('/oauth/token', { grant_type: 'authorization_code', code: value, ...form }, basic(client));

  it('is not consumed by a wrong redirect_uri or code_verifier: the right request still gets tokens', async () => {
    const { value, verifier } = await code();
    const mistakes: Record<string, string>[] = [
      { redirect_uri: 'https://rp.test/other', code_verifier: verifier },
      { code_verifier: verifier },
      { redirect_uri: 'https://rp.test/cb' },
      { redirect_uri: 'https://rp.test/cb', code_verifier: randomBytes(32).toString('base64url') },
      { redirect_uri: 'https://rp.test/cb', code_verifier: 'too-short' },
    ];
    for (const mistake of mistakes) {
      const refused = await redeemCode(value, mistake);
      expect(refused.statusCode, JSON.stringify(mistake)).toBe(400);
      expect(refused.json().error).toBe('invalid_grant');
      expect(refused.json().error_description).not.toMatch(/revoked|already used/);
    }
    const redeemed = await redeemCode(value, { redirect_uri: 'https://rp.test/cb', code_verifier: verifier });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
  });

  it('says a replay revoked tokens only when the code had yielded some', async () => {
    const { value, verifier } = await code();
    const right = { redirect_uri: 'https://rp.test/cb', code_verifier: verifier };
    // Before: the wrong verifier used the code up without issuing anything, and the right one was then told
    // "the tokens it issued are revoked".
    await redeemCode(value, { ...right, code_verifier: randomBytes(32).toString('base64url') });
    const tokens = (await redeemCode(value, right)).json();
    expect(tokens.access_token).toBeDefined();
    const replay = await redeemCode(value, right);
    expect(replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect(replay.json().error_description).toBe(
      'this authorization code was already used; its grant is now revoked, with any token issued from it',
    );
    expect((await introspect(tokens.access_token)).json()).toEqual({ active: false });
    // Once revoked, the answer says so and why.
    expect((await redeemCode(value, right)).json().error_description).toBe(
      'this grant was revoked (authorization code replayed); authorize again',
    );
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing an old one revokes the whole grant', async () => {
    const first = await redeem();
    const second = (await refresh(first.refresh_token)).json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await introspect(second.access_token)).json().active).toBe(true);

    const reuse = await refresh(first.refresh_token);
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(reuse.json().error_description).toMatch(/already used/);
    expect((await refresh(second.refresh_token)).json().error).toBe('invalid_grant');
    expect((await introspect(second.access_token)).json()).toEqual({ active: false });
    expect((await introspect(first.access_token)).json()).toEqual({ active: false });
    await server.container.background.flush();
    const audit = (
      await call(server.app, operator, 'GET', '/api/v1/audit-events?action=oauth.refresh_token_reused')
    ).json();
    expect(audit.totalResults).toBeGreaterThanOrEqual(1);
  });

  it('are bound to their client and cannot widen the scope', async () => {
    const tokens = await redeem();
    expect((await refresh(tokens.refresh_token, other)).json().error).toBe('invalid_grant');
    const narrowed = await refresh(tokens.refresh_token, web, { scope: 'openid' });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    const widened = await refresh(narrowed.json().refresh_token, web, { scope: 'openid email' });
    expect(widened.json().error).toBe('invalid_scope');
    // A refused scope did not use the refresh token up.
    expect((await refresh(narrowed.json().refresh_token)).statusCode).toBe(200);
    // Nor can a refresh add a role the grant was not given.
    const owner = await redeem(web, 'openid offline_access org_owner');
    expect(decodeJwt(owner.access_token).perms).toEqual(['csp:org_owner']);
    const more = await refresh(owner.refresh_token, web, { scope: 'org_owner developer' });
    expect(more.json().error).toBe('invalid_scope');
  });

  it('end with the grant’s absolute lifetime', async () => {
    const tokens = await redeem();
    server.clock.advance(91 * DAY);
    expect((await refresh(tokens.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('introspection', () => {
  it('needs an authenticated caller; public clients and strangers get 401', async () => {
    const tokens = await redeem();
    expect((await post('/oauth/introspect', { token: tokens.access_token })).statusCode).toBe(401);
    expect((await introspect(tokens.access_token, 'Basic bm9wZTpub3Bl')).statusCode).toBe(401);
    expect((await introspect(tokens.access_token, `Bearer ${tokens.access_token}`)).json().active).toBe(true);
  });

  it('shows refresh tokens only to their client, and says nothing about what is not active', async () => {
    const tokens = await redeem();
    expect((await introspect(tokens.refresh_token)).json()).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      client_id: web.app.id,
      sub: operator.userId,
    });
    expect((await introspect(tokens.refresh_token, basic(other))).json()).toEqual({ active: false });
    expect((await introspect('garbage')).json()).toEqual({ active: false });
  });
});

describe('revocation (RFC 7009)', () => {
  it('a refresh token ends its grant, access tokens included', async () => {
    const tokens = await redeem();
    const revoked = await post(
      '/oauth/revoke',
      { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
      basic(web),
    );
    expect(revoked.statusCode).toBe(200);
    expect((await refresh(tokens.refresh_token)).json().error).toBe('invalid_grant');
    expect((await introspect(tokens.access_token)).json()).toEqual({ active: false });
  });

  it('an access token alone stops working; its grant goes on', async () => {
    const tokens = await redeem();
    expect((await post('/oauth/revoke', { token: tokens.access_token }, basic(web))).statusCode).toBe(200);
    expect((await introspect(tokens.access_token)).json()).toEqual({ active: false });
    expectError(
      await server.app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${tokens.access_token}` },
      }),
      401,
      'auth.invalid_token',
    );
    expect((await refresh(tokens.refresh_token)).statusCode).toBe(200);
  });

  it('answers 200 for unknown tokens and refuses another client’s token, which stays valid', async () => {
    expect((await post('/oauth/revoke', { token: 'nonsense' }, basic(web))).statusCode).toBe(200);
    const tokens = await redeem();
    const refused = await post('/oauth/revoke', { token: tokens.refresh_token }, basic(other));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toBe('unauthorized_client');
    expect((await refresh(tokens.refresh_token)).statusCode).toBe(200);
    expect((await post('/oauth/revoke', { token: tokens.refresh_token })).statusCode).toBe(401);
  });

  it('works at CSP’s auth/revoke and auth/introspect too', async () => {
    const tokens = await redeem();
    const looked = await post(
      '/csp/gateway/am/api/auth/introspect',
      { token: tokens.refresh_token },
      basic(web),
    );
    expect(looked.json()).toMatchObject({
      active: true,
      orgId,
      sub: operator.userId,
      token_type: 'refresh_token',
    });
    expect(
      (
        await post(
          '/csp/gateway/am/api/auth/revoke',
          { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
          basic(web),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (await post('/csp/gateway/am/api/auth/introspect', { token: tokens.refresh_token }, basic(web))).json(),
    ).toEqual({ active: false });
  });
});

describe('consents', () => {
  it('are listed, and withdrawing one ends the app’s grants in that org', async () => {
    const tokens = await redeem();
    const session = await signIn(server.app, ADMIN.email, ADMIN.password); // earlier tests moved the clock
    await server.container.storage.stores.oauth.putConsent({
      userId: operator.userId,
      appId: web.app.id,
      orgId,
      scope: parseScope('openid', await server.container.identity.services()),
      createdAt: server.clock.now(),
      updatedAt: server.clock.now(),
    });
    const listedResponse = await call(server.app, session, 'GET', '/api/v1/me/consents');
    expect(listedResponse.statusCode, listedResponse.body).toBe(200);
    const listed = listedResponse.json();
    expect(listed.results).toEqual([
      expect.objectContaining({ appId: web.app.id, appName: 'Web app', orgId, scope: 'openid' }),
    ]);
    expect(
      (await call(server.app, session, 'DELETE', `/api/v1/me/consents/${web.app.id}/${orgId}`)).statusCode,
    ).toBe(204);
    expect((await refresh(tokens.refresh_token)).json().error).toBe('invalid_grant');
    expect((await introspect(tokens.access_token)).json()).toEqual({ active: false });
    expectError(
      await call(server.app, session, 'DELETE', `/api/v1/me/consents/${web.app.id}/${orgId}`),
      404,
      'consent.not_found',
    );
  });
});
