// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) and CSP's auth/logout: a valid id_token_hint
// signs the user out at once and returns to a registered URI; anything else asks first or shows a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { systemCaller } from '../src/core/principal.js';
import type { User } from '../src/identity/users/store.js';
import { issueIdToken } from '../src/keys/tokens/id-token.js';
import { call, type Session, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let app: OAuthApp;
let operator: User;
let orgId: string;

beforeAll(async () => {
  server = await startTestServer();
  orgId = server.firstRun?.orgId as string;
  ({ app } = await server.container.apps.create(systemCaller('test'), orgId, {
    type: 'web',
    name: 'Portal',
    redirectUris: ['https://rp.test/cb'],
    postLogoutRedirectUris: ['https://rp.test/bye'],
    scopes: { allRoles: true },
  }));
  operator = (await server.container.storage.stores.users.findByEmail(ADMIN.email)) as User;
});
afterAll(async () => server.close());

const idToken = (user = operator, clientId = app.id) =>
  issueIdToken(server.container.keys, server.config.issuer, server.clock.now(), {
    user,
    clientId,
    orgId,
    ttlSeconds: 600,
  });

const stillSignedIn = async (session: Session) =>
  (await call(server.app, session, 'GET', '/api/v1/me')).statusCode === 200;

function logout(session: Session | null, query: Record<string, string>) {
  return server.app.inject({
    method: 'GET',
    url: `/oauth/logout?${new URLSearchParams(query)}`,
    headers: session ? { cookie: session.cookie } : {},
  });
}

describe('/oauth/logout', () => {
  it('with an id_token_hint of the signed-in user: ends the session and returns to the app with its state', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    const response = await logout(session, {
      id_token_hint: idToken(),
      post_logout_redirect_uri: 'https://rp.test/bye',
      state: 'xyz',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('https://rp.test/bye?state=xyz');
    expect(String(response.headers['set-cookie'])).toMatch(/keyward_session=;/);
    expect(await stillSignedIn(session)).toBe(false);
  });

  it('never returns to an unregistered address, and leaves the session alone', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    for (const target of ['https://evil.test/bye', 'https://rp.test/bye/']) {
      const response = await logout(session, { id_token_hint: idToken(), post_logout_redirect_uri: target });
      expect(response.statusCode).toBe(400);
      expect(response.headers.location).toBeUndefined();
      expect(response.headers['content-type']).toMatch(/text\/html/);
    }
    const unnamed = await logout(session, { post_logout_redirect_uri: 'https://rp.test/bye' });
    expect(unnamed.statusCode).toBe(400);
    expect(await stillSignedIn(session)).toBe(true);
  });

  it('without client_id or id_token_hint, says which to send for a post_logout_redirect_uri', async () => {
    const response = await logout(null, { post_logout_redirect_uri: 'https://rp.test/bye' });
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('send id_token_hint');
    expect(response.body).toContain('or client_id with post_logout_redirect_uri');
    // Named by client_id, the registered address is honoured.
    const named = await logout(null, { client_id: app.id, post_logout_redirect_uri: 'https://rp.test/bye' });
    expect(named.headers.location).toBe('https://rp.test/bye');
  });

  it('refuses an ID token this Keyward did not issue', async () => {
    const [header, payload] = idToken().split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    const response = await logout(null, { id_token_hint: forged });
    expect(response.statusCode).toBe(400);
  });

  it('without a hint: asks first; the confirmation needs its CSRF token', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    const page = await logout(session, {
      client_id: app.id,
      post_logout_redirect_uri: 'https://rp.test/bye',
      state: 's1',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign out of Keyward?');
    expect(page.headers['content-security-policy']).toContain('form-action');
    expect(page.headers['content-security-policy']).toContain('https://rp.test');
    expect(await stillSignedIn(session)).toBe(true);
    const fields = Object.fromEntries(
      [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const post = (form: Record<string, string>) =>
      server.app.inject({
        method: 'POST',
        url: '/oauth/logout/confirm',
        payload: new URLSearchParams(form).toString(),
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await post({ ...fields, csrf_token: 'forged' })).statusCode).toBe(403);
    expect(await stillSignedIn(session)).toBe(true);
    const confirmed = await post(fields as Record<string, string>);
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('https://rp.test/bye?state=s1');
    expect(await stillSignedIn(session)).toBe(false);
  });

  it('an id_token_hint of another user does not sign the current one out without asking', async () => {
    const other = await server.container.users.create(systemCaller('test'), {
      email: 'other@example.test',
      password: 'another long passphrase',
    });
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    const page = await logout(session, { id_token_hint: idToken(other) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign out of Keyward?');
    expect(await stillSignedIn(session)).toBe(true);
  });

  it('is listed in discovery', async () => {
    const document = (await server.app.inject('/.well-known/openid-configuration')).json();
    expect(document.end_session_endpoint).toBe(`${server.config.issuer}/oauth/logout`);
  });
});

describe('CSP auth/logout', () => {
  const cspLogout = (path: string, body: object, query = '') =>
    server.app.inject({ method: 'POST', url: `/csp/gateway/am/api${path}${query}`, payload: body });

  it('answers the URL to send the browser to (v1) or redirects there (v2)', async () => {
    const token = idToken();
    const query = `?post_logout_redirect_uri=${encodeURIComponent('https://rp.test/bye')}&state=abc`;
    const v1 = await cspLogout('/auth/logout', { idToken: token }, query);
    expect(v1.statusCode).toBe(200);
    const url = new URL(v1.json().url);
    expect(url.origin + url.pathname).toBe(`${server.config.issuer}/oauth/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id_token_hint: token,
      post_logout_redirect_uri: 'https://rp.test/bye',
      state: 'abc',
    });
    const v2 = await cspLogout('/v2/auth/logout', { idToken: token }, query);
    expect(v2.statusCode).toBe(303);
    expect(v2.headers.location).toBe(v1.json().url);
  });

  it('refuses a foreign ID token or an unregistered return address with CSP’s error body', async () => {
    const bad = await cspLogout('/auth/logout', { idToken: 'a.b.c' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errorCode: 'request.invalid', statusCode: 400 });
    const unregistered = await cspLogout(
      '/auth/logout',
      { idToken: idToken() },
      '?post_logout_redirect_uri=https%3A%2F%2Fevil.test',
    );
    expect(unregistered.statusCode).toBe(400);
  });
});
