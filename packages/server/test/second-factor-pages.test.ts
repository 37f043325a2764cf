// The server-rendered second step of a sign-in: an authorization request signed into with a password and an
// authenticator code, ending with ID tokens that say how the user signed in (RFC 8176 amr).
import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { MINUTE, SECOND } from '../src/core/clock.js';
import { systemCaller } from '../src/core/principal.js';
import { totpCodeAt } from '../src/identity/factors/totp.js';
import { call, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const FORM = 'application/x-www-form-urlencoded';
const CALLBACK = 'https://rp.test/cb';
const PASSWORD = 'second factor pages passphrase';
const EMAIL = 'totp-user@example.test';

let server: TestServer;
let client: { app: OAuthApp; secret: string };
let totpSecret: string;

/** Cookies kept by hand; forms posted with the hidden inputs of the page they came from. */
class Browser {
  readonly cookies = new Map<string, string>();

  async send(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await server.app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': FORM, origin: 'null' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [name = '', value = ''] = (line.split(';')[0] ?? '').split('=');
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows same-origin 303s until a page or a redirect elsewhere. */
  async open(url: string, form?: Record<string, string>): Promise<LightMyRequestResponse> {
    let response = await this.send(form ? 'POST' : 'GET', url, form);
    while (response.statusCode === 303 && String(response.headers.location).startsWith('/')) {
      response = await this.send('GET', String(response.headers.location));
    }
    return response;
  }

  /** Posts the page's one form with its hidden fields plus `fields`. */
  submit(page: string, fields: Record<string, string>) {
    const action = /<form method="post" action="([^"]+)">/.exec(page)?.[1];
    if (!action) throw new Error(`no form on the page:\n${page}`);
    const hidden: Record<string, string> = {};
    for (const [, name = '', value = ''] of page.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    )) {
      hidden[name] = value;
    }
    return this.open(action.replaceAll('&amp;', '&'), { ...hidden, ...fields });
  }
}

function startAuthorization() {
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.app.id,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return { url: `/oauth/authorize?${params}`, verifier };
}

function basic(): string {
  return `Basic ${Buffer.from(`${client.app.id}:${client.secret}`).toString('base64')}`;
}

/** Redeems the code; answers the ID token's claims and the introspection of the access token. */
async function tokensFor(location: string, verifier: string) {
  const code = new URL(location).searchParams.get('code') ?? '';
  const response = await server.app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }).toString(),
    headers: {
      'content-type': FORM,
      authorization: basic(),
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  const introspection = await server.app.inject({
    method: 'POST',
    url: '/oauth/introspect',
    payload: new URLSearchParams({ token: response.json().access_token }).toString(),
    headers: { 'content-type': FORM, authorization: basic() },
  });
  expect(introspection.statusCode, introspection.body).toBe(200);
  return { idToken: decodeJwt(response.json().id_token), introspection: introspection.json() };
}

beforeAll(async () => {
  server = await startTestServer();
  const orgId = server.firstRun?.orgId as string;
  const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  await server.container.users.create(operatorCaller(), { email: EMAIL, password: PASSWORD });
  const added = await call(server.app, operator, 'POST', `/api/v1/orgs/${orgId}/members`, {
    email: EMAIL,
    orgRoles: ['org_member'],
  });
  expect(added.statusCode, added.body).toBe(201);
  const created = await server.container.apps.create(systemCaller('test'), orgId, {
    type: 'web',
    name: 'Rocket Dashboard',
    redirectUris: [CALLBACK],
    scopes: { allRoles: true },
  });
  client = { app: created.app, secret: created.secret ?? '' };

  const user = await signIn(server.app, EMAIL, PASSWORD);
  const started = (await call(server.app, user, 'POST', '/api/v1/me/factors/totp', {})).json();
  totpSecret = started.secret;
  const confirmed = await call(
    server.app,
    user,
    'POST',
    `/api/v1/me/factors/totp/${started.factor.id}/confirm`,
    {
      code: totpCodeAt(totpSecret, server.clock.now()),
    },
  );
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  server.clock.advance(30 * SECOND);
});
afterAll(async () => server.close());

describe('the second-factor page', () => {
  it('follows a right password, takes an authenticator code, and leads back to the authorization', async () => {
    const browser = new Browser();
    const { url, verifier } = startAuthorization();
    const signInPage = await browser.open(url);
    expect(signInPage.body).toContain('name="password"');
    const factorPage = await browser.submit(signInPage.body, { email: EMAIL, password: PASSWORD });
    expect(factorPage.statusCode, factorPage.body).toBe(200);
    expect(factorPage.body).toContain('Two-step verification');
    expect(factorPage.body).toContain('autocomplete="one-time-code"');
    expect(String(factorPage.headers['content-security-policy'])).toContain("form-action 'self'");

    const wrong = await browser.submit(factorPage.body, { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The code is wrong');

    const consent = await browser.submit(wrong.body, { code: totpCodeAt(totpSecret, server.clock.now()) });
    expect(consent.statusCode, consent.body).toBe(200);
    const back = await browser.submit(consent.body, { decision: 'allow' });
    expect(back.statusCode).toBe(303);
    const location = String(back.headers.location);
    expect(location.startsWith(`${CALLBACK}?`)).toBe(true);
    const { idToken, introspection } = await tokensFor(location, verifier);
    // RFC 8176: a password, then a one-time password; two factors in all.
    expect(idToken).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], acr: 'mfa' });
    expect(introspection).toMatchObject({ active: true, amr: ['pwd', 'otp', 'mfa'], acr: 'mfa' });
    expect(introspection.auth_time).toBe(idToken.auth_time);
  });

  it('states a password-only sign-in as such', async () => {
    const browser = new Browser();
    const { url, verifier } = startAuthorization();
    const signInPage = await browser.open(url);
    const consent = await browser.submit(signInPage.body, ADMIN);
    expect(consent.statusCode, consent.body).toBe(200);
    const back = await browser.submit(consent.body, { decision: 'allow' });
    const { idToken, introspection } = await tokensFor(String(back.headers.location), verifier);
    expect(idToken).toMatchObject({ amr: ['pwd'], acr: 'pwd' });
    expect(introspection).toMatchObject({ amr: ['pwd'], acr: 'pwd' });
    const discovery = (await server.app.inject('/.well-known/openid-configuration')).json();
    expect(discovery.acr_values_supported).toEqual(['pwd', 'mfa']);
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(['amr', 'acr']));
  });

  it('refuses a post without the pending session, or from another origin', async () => {
    const browser = new Browser();
    const signInPage = await browser.open(startAuthorization().url);
    const factorPage = await browser.submit(signInPage.body, { email: EMAIL, password: PASSWORD });
    const forged = factorPage.body.replace(
      /name="csrf_token" value="[^"]*"/,
      'name="csrf_token" value="forged"',
    );
    expect((await browser.submit(forged, { code: '123456' })).statusCode).toBe(403);

    const stranger = new Browser();
    const stolen = await stranger.submit(factorPage.body, { code: '123456' });
    expect(stolen.statusCode).toBe(401);
    expect(stolen.body).toContain('Sign in again');
  });

  it('sends a browser whose pending sign-in expired back to start again, and only within this origin', async () => {
    const browser = new Browser();
    const signInPage = await browser.open(startAuthorization().url);
    const factorPage = await browser.submit(signInPage.body, { email: EMAIL, password: PASSWORD });
    server.clock.advance(6 * MINUTE);
    const expired = await browser.submit(factorPage.body, {
      code: totpCodeAt(totpSecret, server.clock.now()),
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toContain('Sign in again');
    const offsite = await browser.send('GET', '/sign-in/second-factor?next=%2F%2Fevil.test%2F');
    expect(offsite.body).toContain('href="/"');
  });
});
