// The browser half of the authorization-code flow: /oauth/authorize and CSP's /csp/gateway/discovery, the
// sign-in, org-choice and consent pages, and the code they end with, redeemed at the token endpoint. Driven
// with raw HTTP as a browser would: cookies kept by hand, forms posted from the served HTML's hidden inputs,
// redirects followed one at a time. Rows of the security checklist are named where a test pins one.
import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { systemCaller } from '../src/core/principal.js';
import { call, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const FORM = 'application/x-www-form-urlencoded';
const WEB_CB = 'https://rp.test/cb';
const PASSWORD = 'authorize flow passphrase';
const TOKEN_WORDS = /access_token|refresh_token|id_token=/;

let server: TestServer;
let orgId: string;
let orgName: string;
let issuer: string;
const apps: Record<
  'web' | 'native' | 'loose' | 'evil' | 'server' | 'narrow',
  { app: OAuthApp; secret: string }
> = {} as never;

/** A browser: a cookie jar, and every page it was shown (to check that no token ever reaches it). */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly seen: string[] = [];

  get(url: string, headers: Record<string, string> = {}) {
    return this.#send('GET', url, undefined, headers);
  }

  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.#send('POST', url, new URLSearchParams(form).toString(), {
      'content-type': FORM,
      ...headers,
    });
  }

  async #send(
    method: 'GET' | 'POST',
    url: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await server.app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [name = '', value = ''] = (line.split(';')[0] ?? '').split('=');
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    this.seen.push(response.body, String(response.headers.location ?? ''));
    return response;
  }
}

async function browserSignedInAs(email: string): Promise<Browser> {
  const browser = new Browser();
  const session: Session = await signIn(server.app, email, PASSWORD);
  const [name = '', value = ''] = session.cookie.split('=');
  browser.cookies.set(name, value);
  return browser;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The values of the hidden inputs of a page, unescaped. */
function hidden(page: string): Record<string, string> {
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const [, name = '', value = ''] of page.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  ))
    fields[name] = decode(value);
  return fields;
}

function formAction(page: string, step: string): string {
  const action = [...page.matchAll(/<form method="post" action="([^"]+)">/g)].find(([, url]) =>
    url?.endsWith(step),
  );
  if (!action?.[1]) throw new Error(`no ${step} form on the page:\n${page}`);
  return action[1];
}

/** A server page: HTML5, its own strict CSP, unframeable, uncached, no Referer, nothing loaded off-origin. */
function expectPage(response: LightMyRequestResponse, status = 200): string {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers.location).toBeUndefined();
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  const csp = String(response.headers['content-security-policy']);
  for (const directive of [
    "default-src 'none'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ])
    expect(csp).toContain(directive);
  expect(csp).not.toContain('unsafe-inline');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  const page = response.body;
  expect(page.startsWith('<!doctype html>')).toBe(true);
  expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(page).not.toMatch(/<script/i);
  for (const [, url = ''] of page.matchAll(/(?:src|href|action)="([^"]*)"/g))
    expect(url).toMatch(/^\/(?!\/)/);
  return page;
}

function authorizeUrl(params: Record<string, string>, path = '/oauth/authorize'): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}

/** Parameters of a good request for `client`; `extra` overrides or adds. */
function request(client: OAuthApp, challenge: string | null, extra: Record<string, string> = {}) {
  return {
    client_id: client.id,
    redirect_uri: client.redirectUris[0] ?? '',
    response_type: 'code',
    scope: 'openid email offline_access',
    state: `st-${randomBytes(6).toString('hex')}`,
    nonce: `n-${randomBytes(6).toString('hex')}`,
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  };
}

/** GET the authorize URL and follow redirects until a page or a redirect off this server. */
async function open(browser: Browser, url: string): Promise<LightMyRequestResponse> {
  let response = await browser.get(url);
  while (response.statusCode === 303 && String(response.headers.location).startsWith('/')) {
    response = await browser.get(String(response.headers.location));
  }
  return response;
}

/** POST a page's form with its hidden fields plus `fields`, then follow same-origin redirects. */
async function submit(browser: Browser, page: string, step: string, fields: Record<string, string> = {}) {
  const first = await browser.post(formAction(page, step), { ...hidden(page), ...fields });
  expect([303, 200, 400, 403, 429]).toContain(first.statusCode);
  return first.statusCode === 303 && String(first.headers.location).startsWith('/')
    ? open(browser, String(first.headers.location))
    : first;
}

/** The 303 to the app: its query, with iss on every response (RFC 9207) and never a token (ASVS 10.1.1). */
function expectReturn(response: LightMyRequestResponse, redirectUri: string, state: string | null) {
  expect(response.statusCode, response.body).toBe(303);
  const location = String(response.headers.location);
  expect(location.startsWith(`${redirectUri}?`), location).toBe(true);
  expect(location).not.toMatch(TOKEN_WORDS);
  const query = new URL(location).searchParams;
  expect(query.get('iss')).toBe(issuer);
  expect(query.get('state')).toBe(state);
  return query;
}

function redeem(
  form: Record<string, string>,
  client?: { app: OAuthApp; secret: string },
  path = '/oauth/token',
) {
  const authorization = client
    ? `Basic ${Buffer.from(`${client.app.id}:${client.secret}`).toString('base64')}`
    : undefined;
  return server.app.inject({
    method: 'POST',
    url: path,
    payload: new URLSearchParams({ grant_type: 'authorization_code', ...form }).toString(),
    headers: { 'content-type': FORM, ...(authorization ? { authorization } : {}) },
  });
}

/** The whole flow for a signed-in browser with a remembered consent, or through the consent page. */
async function codeFor(browser: Browser, client: OAuthApp, challenge: string | null, extra = {}) {
  const params = request(client, challenge, extra);
  let response = await open(browser, authorizeUrl(params));
  if (response.statusCode === 200)
    response = await submit(browser, response.body, '/consent', { decision: 'allow' });
  return { params, code: expectReturn(response, params.redirect_uri, params.state).get('code') ?? '' };
}

beforeAll(async () => {
  server = await startTestServer();
  issuer = server.config.issuer;
  orgId = server.firstRun?.orgId as string;
  orgName = (await server.container.storage.stores.orgs.findById(orgId))?.displayName ?? '';
  const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  await server.container.services.create(operatorCaller(), {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
    ],
  });
  for (const name of ['ada', 'bob', 'carol', 'dora']) {
    await server.container.users.create(operatorCaller(), {
      email: `${name}@example.test`,
      password: PASSWORD,
    });
    const added = await call(server.app, operator, 'POST', `/api/v1/orgs/${orgId}/members`, {
      email: `${name}@example.test`,
      orgRoles: ['org_member'],
      ...(name === 'dora' ? { serviceRoles: ['billing:viewer'] } : {}),
    });
    expect(added.statusCode, added.body).toBe(201);
  }
  const bob = await signIn(server.app, 'bob@example.test', PASSWORD);
  expect((await call(server.app, bob, 'POST', '/api/v1/orgs', { name: "Bob's Lab" })).statusCode).toBe(201);
  const carol = await signIn(server.app, 'carol@example.test', PASSWORD);
  expect((await call(server.app, carol, 'POST', '/api/v1/orgs', { name: 'Carol Corp' })).statusCode).toBe(
    201,
  );
  const create = async (input: Parameters<typeof server.container.apps.create>[2]) => {
    const { app, secret } = await server.container.apps.create(systemCaller('test'), orgId, input);
    return { app, secret: secret ?? '' };
  };
  const scopes = { allRoles: true };
  apps.web = await create({ type: 'web', name: 'Rocket Dashboard', redirectUris: [WEB_CB], scopes });
  apps.native = await create({
    type: 'native',
    name: 'Rocket CLI',
    redirectUris: ['http://127.0.0.1/cb', 'com.example.app:/cb'],
    scopes,
  });
  apps.loose = await create({
    type: 'web',
    name: 'Old RP',
    redirectUris: [WEB_CB],
    scopes,
    requirePkce: false,
  });
  apps.evil = await create({
    type: 'web',
    name: '<script>alert(1)</script>',
    redirectUris: [WEB_CB],
    scopes,
  });
  apps.server = await create({ type: 'server', name: 'Batch', scopes });
  apps.narrow = await create({
    type: 'web',
    name: 'Members only',
    redirectUris: [WEB_CB],
    scopes: { orgRoles: ['org_member'] },
  });
});
afterAll(async () => server.close());

describe('the authorization request', () => {
  it('is published in both discovery documents, code + S256 + query only, with iss (RFC 9207 §3)', async () => {
    const native = (await server.app.inject('/.well-known/openid-configuration')).json();
    expect(native).toMatchObject({
      authorization_endpoint: `${issuer}/oauth/authorize`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    const csp = (await server.app.inject('/csp/gateway/am/api/.well-known/openid-configuration')).json();
    expect(csp.authorization_endpoint).toBe(`${issuer}/csp/gateway/discovery`);
    expect(csp.response_types_supported).toEqual(['code']);
    const sheet = await server.app.inject('/static/keyward.css');
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toBe('text/css; charset=utf-8');
    // A GET here has effects (an interaction, a code): no automatic HEAD route runs it for a link prefetcher.
    const head = await server.app.inject({ method: 'HEAD', url: authorizeUrl(request(apps.web.app, null)) });
    expect(head.statusCode).toBe(404);
  });

  it('shows a page, never a redirect, when the client or redirect URI cannot be trusted (9700-2.1a, 4.11.2a, 3.1)', async () => {
    const browser = await browserSignedInAs('ada@example.test');
    const { challenge } = pkce();
    const web = request(apps.web.app, challenge);
    const native = request(apps.native.app, challenge);
    const cases: string[] = [
      authorizeUrl({ ...web, client_id: 'no-such-client' }),
      authorizeUrl({ ...web, client_id: '' }),
      authorizeUrl({ ...request(apps.server.app, challenge), redirect_uri: WEB_CB }),
      authorizeUrl({ ...web, redirect_uri: '' }),
      ...[
        'https://rp.test/cb/',
        'https://rp.test/cb?x=1',
        'https://rp.test/CB',
        'HTTPS://rp.test/cb',
        'https://rp.test:443/cb',
        'https://rp.test/cb#x',
        'https://rp.test/x/../cb',
        'https://rp.test/%63b',
        'https://rp.test.evil.test/cb',
        'https://evil.test\\@rp.test/cb',
        'https://rp.test%EF%BC%BC.evil.test/cb',
      ].map((uri) => authorizeUrl({ ...web, redirect_uri: uri })),
      ...[
        'http://127.0.0.1:53124/cb2',
        'http://localhost:53124/cb',
        'com.example.app:/cb2',
        'com.example.app://cb',
      ].map((uri) => authorizeUrl({ ...native, redirect_uri: uri })),
      `${authorizeUrl(web)}&redirect_uri=${encodeURIComponent('https://evil.test/cb')}`,
      `${authorizeUrl(web)}&state=again`,
    ];
    for (const url of cases) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(400);
      expectPage(response, 400);
    }
  });

  it('redirects every other error to the registered URI with error, state and iss (9700-2.1.2, 10.4.6, 7636-4.4.1)', async () => {
    const browser = await browserSignedInAs('ada@example.test');
    const { challenge } = pkce();
    const loopback = 'http://127.0.0.1:53124/cb';
    const nat = (extra: Record<string, string>) =>
      request(apps.native.app, null, { redirect_uri: loopback, ...extra });
    const cases: [Record<string, string>, string][] = [
      [request(apps.web.app, challenge, { response_type: 'token' }), 'unsupported_response_type'],
      [request(apps.web.app, challenge, { response_type: 'code token' }), 'unsupported_response_type'],
      [request(apps.native.app, challenge, { response_type: 'id_token token' }), 'unsupported_response_type'],
      [request(apps.web.app, null), 'invalid_request'],
      [nat({}), 'invalid_request'],
      [nat({ code_challenge: challenge, code_challenge_method: 'plain' }), 'invalid_request'],
      [nat({ code_challenge: challenge }), 'invalid_request'],
      [nat({ code_challenge: challenge, code_challenge_method: 'S512' }), 'invalid_request'],
      [nat({ code_challenge: `${challenge}=`, code_challenge_method: 'S256' }), 'invalid_request'],
      [nat({ code_challenge: challenge.slice(1), code_challenge_method: 'S256' }), 'invalid_request'],
      [request(apps.web.app, challenge, { scope: 'openid bogus' }), 'invalid_scope'],
      // Beyond the app's registration (its scopes allow org_member only): an error, whatever the user holds.
      [request(apps.narrow.app, challenge, { scope: 'openid org_owner' }), 'invalid_scope'],
      [request(apps.web.app, challenge, { prompt: 'none login' }), 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const query = expectReturn(
        await browser.get(authorizeUrl(params)),
        params.redirect_uri ?? '',
        params.state ?? null,
      );
      expect(query.get('error'), JSON.stringify(params)).toBe(error);
      expect(query.get('error_description')?.length).toBeGreaterThan(0);
      expect(query.get('code')).toBeNull();
    }
  });

  it('reports a broken request to the registered URI at once, before anyone signs in (6749-4.1.2.1, adr 0002)', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const cases: [Record<string, string>, string][] = [
      [request(apps.web.app, challenge, { scope: 'bogus' }), 'invalid_scope'],
      [request(apps.web.app, challenge, { response_type: 'token' }), 'unsupported_response_type'],
      [request(apps.web.app, challenge, { code_challenge_method: 'plain' }), 'invalid_request'],
      [request(apps.web.app, null), 'invalid_request'],
      [request(apps.web.app, challenge, { prompt: 'sometimes' }), 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const query = expectReturn(await browser.get(authorizeUrl(params)), WEB_CB, params.state ?? null);
      expect(query.get('error'), JSON.stringify(params)).toBe(error);
      expect(query.get('error_description')?.length).toBeGreaterThan(0);
    }
    // No interaction was started and no page asked anyone to sign in first.
    expect(browser.cookies.size).toBe(0);
    expect(browser.seen.join('\n')).not.toContain('Sign in');
  });

  it('answers prompt=none at once: login_required, consent_required (OIDC Core §3.1.2.6)', async () => {
    const { challenge } = pkce();
    const params = request(apps.web.app, challenge, { prompt: 'none' });
    const anonymous = expectReturn(await new Browser().get(authorizeUrl(params)), WEB_CB, params.state);
    expect(anonymous.get('error')).toBe('login_required');
    const ada = await browserSignedInAs('ada@example.test');
    const silent = request(apps.loose.app, null, { prompt: 'none' });
    expect(expectReturn(await ada.get(authorizeUrl(silent)), WEB_CB, silent.state).get('error')).toBe(
      'consent_required',
    );
  });
});

describe('a web app, end to end', () => {
  it('signs in, asks consent, returns a code that yields tokens, and never shows a token to the browser', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const params = request(apps.web.app, challenge, { orgId });
    const first = await browser.get(authorizeUrl(params));
    expect(first.statusCode).toBe(303);
    expect(String(first.headers.location)).toMatch(/^\/oauth\/interaction\/[\w-]{22}$/);
    const binding = String(first.headers['set-cookie']);
    expect(binding).toMatch(/^keyward_interaction=[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);

    const signInPage = expectPage(await browser.get(String(first.headers.location)));
    expect(signInPage).toContain('Rocket Dashboard');
    expect(signInPage).toMatch(/<input id="password" name="password" type="password"/);
    const signedIn = await browser.post(formAction(signInPage, '/sign-in'), {
      ...hidden(signInPage),
      email: 'ada@example.test',
      password: PASSWORD,
    });
    expect(signedIn.statusCode).toBe(303); // 9700-2.1c: never 307 after credentials
    expect(browser.cookies.has(server.container.auth.cookieName)).toBe(true);

    const consentResponse = await open(browser, String(signedIn.headers.location));
    const consent = expectPage(consentResponse);
    expect(consentResponse.headers['content-security-policy']).toContain(
      "form-action 'self' https://rp.test;",
    );
    for (const text of [
      'Rocket Dashboard',
      `registered by ${orgName}`,
      'rp.test',
      'ada@example.test',
      'Know who you are',
      'See your e-mail address',
      'Keep its access while you are away',
      `Act with your role member in ${orgName}`,
      'lasts 10 minutes',
      'up to 90 days',
    ])
      expect(consent, text).toContain(text);

    const allowed = await browser.post(formAction(consent, '/consent'), {
      ...hidden(consent),
      decision: 'allow',
    });
    const code = expectReturn(allowed, WEB_CB, params.state).get('code') ?? '';
    expect(code.length).toBeGreaterThan(20);

    const tokens = await redeem({ code, redirect_uri: WEB_CB, code_verifier: verifier }, apps.web);
    expect(tokens.statusCode, tokens.body).toBe(200);
    const body = tokens.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const idToken = decodeJwt(body.id_token);
    expect(idToken).toMatchObject({ iss: issuer, aud: apps.web.app.id, nonce: params.nonce });
    expect(decodeJwt(body.access_token)).toMatchObject({ context_name: orgId, client_id: apps.web.app.id });
    for (const shown of browser.seen) expect(shown).not.toMatch(TOKEN_WORDS); // ASVS 10.1.1
    for (const token of [body.access_token, body.refresh_token, body.id_token])
      expect(browser.seen.some((shown) => shown.includes(token))).toBe(false);

    const { items } = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 10 },
      { action: 'oauth.consent_given' },
    );
    expect(items.find((event) => event.target.id === apps.web.app.id)).toMatchObject({
      orgId,
      details: { remembered: true, allRoles: true },
    });

    // A replayed code fails and revokes what the first redemption issued.
    const me = () =>
      server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${body.access_token}` } });
    expect((await me()).statusCode).toBe(200);
    const replay = await redeem({ code, redirect_uri: WEB_CB, code_verifier: verifier }, apps.web);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error).toBe('invalid_grant');
    expect((await me()).statusCode).toBe(401);

    // Remembered consent: the next authorization goes straight back with a code; prompt=consent asks again.
    const again = request(apps.web.app, pkce().challenge);
    expect(
      expectReturn(await open(browser, authorizeUrl(again)), WEB_CB, again.state).get('code'),
    ).toBeTruthy();
    const asked = await open(
      browser,
      authorizeUrl(request(apps.web.app, pkce().challenge, { prompt: 'consent' })),
    );
    expect(expectPage(asked)).toContain('Allow');
    const prompted = request(apps.web.app, pkce().challenge, { prompt: 'login' });
    expect(expectPage(await open(browser, authorizeUrl(prompted)))).toContain('name="password"');
  });

  it('promises renewal on the consent page only when a refresh token will come (offline_access)', async () => {
    const browser = await browserSignedInAs('carol@example.test');
    const { verifier, challenge } = pkce();
    const params = request(apps.web.app, challenge, { orgId, scope: 'openid', prompt: 'consent' });
    const consent = expectPage(await open(browser, authorizeUrl(params)));
    expect(consent).not.toContain('Keep its access while you are away');
    expect(consent).not.toContain('renew');
    expect(consent).toContain('After that it must ask you again.');
    const code =
      expectReturn(
        await submit(browser, consent, '/consent', { decision: 'allow' }),
        WEB_CB,
        params.state,
      ).get('code') ?? '';
    const tokens = (await redeem({ code, redirect_uri: WEB_CB, code_verifier: verifier }, apps.web)).json();
    expect(tokens.refresh_token).toBeUndefined();
    const offline = request(apps.web.app, challenge, {
      orgId,
      scope: 'openid offline_access',
      prompt: 'consent',
    });
    expect(expectPage(await open(browser, authorizeUrl(offline)))).toContain(
      'without asking you for up to 90 days',
    );
  });

  it('sends access_denied with state and iss when the user denies', async () => {
    const browser = await browserSignedInAs('carol@example.test');
    const params = request(apps.web.app, pkce().challenge, { orgId });
    const consent = expectPage(await open(browser, authorizeUrl(params)));
    const denied = await browser.post(formAction(consent, '/consent'), {
      ...hidden(consent),
      decision: 'deny',
    });
    const query = expectReturn(denied, WEB_CB, params.state);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('code')).toBeNull();
  });

  it('binds codes to client, redirect URI and PKCE, for two minutes (9700-2.1.1b/c, 7636-4.6)', async () => {
    const browser = await browserSignedInAs('ada@example.test');
    const redeemWith = async (form: Record<string, string>, client = apps.web) => {
      const response = await redeem(form, client);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toBe('invalid_grant');
    };
    const pair = pkce();
    let { code } = await codeFor(browser, apps.web.app, pair.challenge);
    server.clock.advance(2 * 60 * 1000 + 1000);
    await redeemWith({ code, redirect_uri: WEB_CB, code_verifier: pair.verifier });

    ({ code } = await codeFor(browser, apps.web.app, pair.challenge));
    await redeemWith({ code, redirect_uri: 'https://rp.test/other', code_verifier: pair.verifier });
    await redeemWith({ code, redirect_uri: WEB_CB, code_verifier: pair.verifier }, apps.loose);
    await redeemWith({ code, redirect_uri: WEB_CB });
    await redeemWith({ code, redirect_uri: WEB_CB, code_verifier: pkce().verifier });
    // None of those mistakes used the code up (adr 0001): the right request still redeems it, once.
    expect(
      (await redeem({ code, redirect_uri: WEB_CB, code_verifier: pair.verifier }, apps.web)).statusCode,
    ).toBe(200);
    await redeemWith({ code, redirect_uri: WEB_CB, code_verifier: pair.verifier });
    // PKCE downgrade (9700-4.8): a verifier for a request that had no challenge ends the code's grant.
    ({ code } = await codeFor(browser, apps.loose.app, null));
    await redeemWith({ code, redirect_uri: WEB_CB, code_verifier: pair.verifier }, apps.loose);
    const downgraded = await redeem({ code, redirect_uri: WEB_CB }, apps.loose);
    expect(downgraded.json()).toMatchObject({ error: 'invalid_grant' });
    expect(downgraded.json().error_description).toContain('revoked');
    ({ code } = await codeFor(browser, apps.loose.app, null));
    expect((await redeem({ code, redirect_uri: WEB_CB }, apps.loose)).statusCode).toBe(200);
  });
});

describe('a native app', () => {
  it('uses any loopback port, redeems with PKCE and no secret, and asks consent every time (8252-7.3, 8.6)', async () => {
    const browser = await browserSignedInAs('ada@example.test');
    const loopback = 'http://127.0.0.1:53124/cb';
    for (const round of [1, 2]) {
      const { verifier, challenge } = pkce();
      const params = request(apps.native.app, challenge, { redirect_uri: loopback });
      const consent = await open(browser, authorizeUrl(params));
      expect(expectPage(consent), `round ${round}`).toContain('Rocket CLI');
      expect(consent.headers['content-security-policy']).toContain(
        "form-action 'self' http://127.0.0.1:53124;",
      );
      const allowed = await browser.post(formAction(consent.body, '/consent'), {
        ...hidden(consent.body),
        decision: 'allow',
      });
      const code = expectReturn(allowed, loopback, params.state).get('code') ?? '';
      const tokens = await redeem({
        code,
        client_id: apps.native.app.id,
        redirect_uri: loopback,
        code_verifier: verifier,
      });
      expect(tokens.statusCode, tokens.body).toBe(200);
      expect(tokens.json()).toMatchObject({
        refresh_token: expect.any(String),
        id_token: expect.any(String),
      });
    }
    // Nothing is remembered for a public client, and a consent stored anyway would not be used.
    const { oauth, users } = server.container.storage.stores;
    const adaId = (await users.findByEmail('ada@example.test'))?.id ?? '';
    expect(await oauth.findConsent(adaId, apps.native.app.id, orgId)).toBeUndefined();
    const scope = {
      oidc: ['email', 'offline_access', 'openid'],
      roles: { ...apps.native.app.scopes, allRoles: true },
    };
    await oauth.putConsent({
      userId: adaId,
      appId: apps.native.app.id,
      orgId,
      scope,
      createdAt: 1,
      updatedAt: 1,
    });
    const third = request(apps.native.app, pkce().challenge, { redirect_uri: loopback });
    expect(expectPage(await open(browser, authorizeUrl(third)))).toContain('Rocket CLI');
    const silent = request(apps.native.app, pkce().challenge, { redirect_uri: loopback, prompt: 'none' });
    expect(expectReturn(await browser.get(authorizeUrl(silent)), loopback, silent.state).get('error')).toBe(
      'consent_required',
    );
    const scheme = request(apps.native.app, pkce().challenge, { redirect_uri: 'com.example.app:/cb' });
    const page = await open(browser, authorizeUrl(scheme));
    expect(page.headers['content-security-policy']).toContain("form-action 'self' com.example.app:;");
    expect(
      expectReturn(
        await submit(browser, page.body, '/consent', { decision: 'allow' }),
        'com.example.app:/cb',
        scheme.state,
      ).get('code'),
    ).toBeTruthy();
  });
});

describe('the consent page', () => {
  it('shows what the tokens will carry in the chosen org, never "…if you hold it", and says what is not granted', async () => {
    const browser = await browserSignedInAs('dora@example.test');
    const { verifier, challenge } = pkce();
    const scope = 'openid org_member developer billing:viewer billing:admin billing:write';
    const params = request(apps.web.app, challenge, { orgId, scope });
    const consent = expectPage(await open(browser, authorizeUrl(params)));
    expect(consent).not.toContain('if you hold it');
    for (const line of [
      'Know who you are',
      `Act with your role member in ${orgName}`,
      `Act with your role viewer of Billing in ${orgName} (billing:read)`,
      `It also asked for developer, billing:admin, billing:write, which you do not hold in ${orgName}`,
    ])
      expect(consent, line).toContain(line);
    expect(consent).not.toContain('Act with your role developer');
    expect(consent).not.toContain('Act with your role admin');
    const allowed = await submit(browser, consent, '/consent', { decision: 'allow' });
    const code = expectReturn(allowed, WEB_CB, params.state).get('code') ?? '';
    const tokens = (await redeem({ code, redirect_uri: WEB_CB, code_verifier: verifier }, apps.web)).json();
    // Exactly what the page listed.
    expect(decodeJwt(tokens.access_token).perms).toEqual([
      'csp:org_member',
      'external/billing/viewer',
      'external/billing/billing:read',
    ]);
  });

  it('offers "Not you? Sign out": the session ends and the same request asks who signs in', async () => {
    const browser = await browserSignedInAs('ada@example.test');
    const params = request(apps.web.app, pkce().challenge, { orgId, prompt: 'consent' });
    const consent = expectPage(await open(browser, authorizeUrl(params)));
    expect(consent).toContain('Not ada@example.test?');
    const session = browser.cookies.get(server.container.auth.cookieName);
    // Without its CSRF token the form does nothing.
    const { csrf_token: _dropped, ...forged } = hidden(consent);
    expectPage(await browser.post(formAction(consent, '/sign-out'), forged), 403);
    expect(browser.cookies.get(server.container.auth.cookieName)).toBe(session);
    const signInPage = expectPage(await submit(browser, consent, '/sign-out'));
    expect(browser.cookies.has(server.container.auth.cookieName)).toBe(false);
    expect(signInPage).toContain('name="password"');
    const asBob = await submit(browser, signInPage, '/sign-in', {
      email: 'bob@example.test',
      password: PASSWORD,
    });
    const bobsPage = expectPage(asBob);
    expect(bobsPage).toContain('bob@example.test');
    const answer = await submit(browser, bobsPage, '/consent', { decision: 'deny' });
    expect(expectReturn(answer, WEB_CB, params.state).get('error')).toBe('access_denied');
  });
});

describe('the interaction', () => {
  it('answers only the browser that started it, with its CSRF token, once (consent-bind, 3.5.1)', async () => {
    const browser = await browserSignedInAs('carol@example.test');
    const params = request(apps.web.app, pkce().challenge, { orgId });
    const consentResponse = await open(browser, authorizeUrl(params));
    const consent = expectPage(consentResponse);
    const action = formAction(consent, '/consent');
    const pageUrl = action.replace(/\/consent$/, '');
    const fields: Record<string, string> = { ...hidden(consent), decision: 'allow' };

    const other = await browserSignedInAs('bob@example.test');
    expect(expectPage(await other.get(pageUrl), 403)).toContain('another browser');
    expectPage(await other.post(action, fields), 403);
    await open(other, authorizeUrl(request(apps.web.app, pkce().challenge))); // other now holds its own binding
    expectPage(await other.get(pageUrl), 403);
    expectPage(await other.post(action, fields), 403);

    const { csrf_token: _dropped, ...withoutToken } = fields;
    expectPage(await browser.post(action, withoutToken), 403);
    expectPage(await browser.post(action, { ...fields, csrf_token: `${fields.csrf_token}x` }), 403);
    expectPage(await browser.post(action, fields, { origin: 'https://evil.test' }), 403);
    // With Referrer-Policy: no-referrer, browsers send Origin: null on a same-origin form post.
    const allowed = await browser.post(action, fields, { origin: 'null' });
    expect(expectReturn(allowed, WEB_CB, params.state).get('code')).toBeTruthy();
    expect(expectPage(await browser.post(action, fields), 400)).toContain('already finished');
    expectPage(await browser.get(pageUrl), 400);
  });

  it('expires after ten minutes', async () => {
    const browser = new Browser();
    const first = await browser.get(authorizeUrl(request(apps.web.app, pkce().challenge)));
    server.clock.advance(10 * 60 * 1000 + 1000);
    expect(expectPage(await browser.get(String(first.headers.location)), 400)).toContain('expired');
  });

  it('says the same thing for a wrong password and an unknown e-mail, and refuses a sign-in without its token', async () => {
    const browser = new Browser();
    const page = expectPage(await open(browser, authorizeUrl(request(apps.web.app, pkce().challenge))));
    const wrong = await submit(browser, page, '/sign-in', {
      email: 'carol@example.test',
      password: 'not it at all',
    });
    const unknown = await submit(browser, page, '/sign-in', {
      email: 'nobody@example.test',
      password: 'not it at all',
    });
    for (const response of [wrong, unknown]) {
      expect(expectPage(response, 400)).toContain('The e-mail or password is not correct.');
      expect(response.body).toContain('name="password"');
    }
    expect(wrong.body.replace('carol@', 'x@')).toBe(unknown.body.replace('nobody@', 'x@'));
    const { csrf_token: _dropped, ...withoutToken } = hidden(page);
    const forged = await browser.post(formAction(page, '/sign-in'), {
      ...withoutToken,
      email: 'carol@example.test',
      password: PASSWORD,
    });
    expectPage(forged, 403);
    expect(browser.cookies.has(server.container.auth.cookieName)).toBe(false);
  });
});

describe('organizations', () => {
  it('lets a member of several orgs choose among their own, and acts in the chosen one', async () => {
    const browser = await browserSignedInAs('bob@example.test');
    const { verifier, challenge } = pkce();
    const params = request(apps.web.app, challenge);
    const choice = expectPage(await open(browser, authorizeUrl(params)));
    expect(choice).toContain('Bob&#39;s Lab');
    expect(choice).toContain(orgName);
    expect(choice).not.toContain('Carol Corp');
    const labId =
      [...choice.matchAll(/name="org" value="([^"]+)"/g)].map(([, id]) => id).find((id) => id !== orgId) ??
      '';
    const consent = expectPage(await submit(browser, choice, '/org', { org: labId }));
    expect(consent).toContain('Act with your role owner in Bob&#39;s Lab');
    // An answer for another org than the page showed is not taken: the page is shown again.
    const swapped = await browser.post(formAction(consent, '/consent'), {
      ...hidden(consent),
      org: orgId,
      decision: 'allow',
    });
    expect(swapped.headers.location).toBe(formAction(consent, '/consent').replace(/\/consent$/, ''));
    const allowed = await browser.post(formAction(consent, '/consent'), {
      ...hidden(consent),
      decision: 'allow',
    });
    const code = expectReturn(allowed, WEB_CB, params.state).get('code') ?? '';
    const tokens = (await redeem({ code, redirect_uri: WEB_CB, code_verifier: verifier }, apps.web)).json();
    expect(decodeJwt(tokens.access_token).context_name).toBe(labId);

    const carolOrg = (
      await server.container.storage.stores.orgs.listForUser(
        (await server.container.storage.stores.users.findByEmail('carol@example.test'))?.id ?? '',
        { pageStart: 1, pageLimit: 10 },
      )
    ).items.find((org) => org.id !== orgId);
    const foreign = expectPage(
      await open(browser, authorizeUrl(request(apps.web.app, challenge, { orgId: carolOrg?.id ?? '' }))),
    );
    expect(foreign).toContain('You are not a member of the organization the application asked for');
    expect(foreign).not.toContain('Carol Corp');
    const given = expectPage(await open(browser, authorizeUrl(request(apps.web.app, challenge, { orgId }))));
    expect(given).toContain(`Act with your role member in ${orgName}`);
    const select = { orgId, prompt: 'select_account' };
    expect(expectPage(await open(browser, authorizeUrl(request(apps.web.app, challenge, select))))).toContain(
      'Choose an organization',
    );
  });
});

describe("CSP's /csp/gateway/discovery", () => {
  it('runs the same flow with orgId or orgLink and no response_type', async () => {
    const browser = await browserSignedInAs('carol@example.test');
    const spellings: Record<string, string>[] = [{ orgId }, { orgLink: `/csp/am/api/orgs/${orgId}` }];
    for (const org of spellings) {
      const { verifier, challenge } = pkce();
      const {
        response_type: _omitted,
        nonce: _none,
        ...params
      }: Record<string, string> = {
        ...request(apps.web.app, challenge, { scope: 'openid offline_access' }),
        ...org,
      };
      let response = await open(browser, authorizeUrl(params, '/csp/gateway/discovery'));
      if (response.statusCode === 200)
        response = await submit(browser, response.body, '/consent', { decision: 'allow' });
      const code = expectReturn(response, WEB_CB, params.state ?? null).get('code') ?? '';
      const tokens = await redeem(
        { code, redirect_uri: WEB_CB, code_verifier: verifier },
        apps.web,
        '/csp/gateway/am/api/auth/token',
      );
      expect(tokens.statusCode, tokens.body).toBe(200);
      expect(decodeJwt(tokens.json().access_token).context_name).toBe(orgId);
    }
    // tanzu-cli sends no scope and needs an ID token and a refresh token (CSP grants the app's general scopes).
    const { verifier, challenge } = pkce();
    const { scope: _none, ...bare } = { ...request(apps.web.app, challenge), orgId, prompt: 'consent' };
    const page = expectPage(await open(browser, authorizeUrl(bare, '/csp/gateway/discovery')));
    for (const line of ['Know who you are', 'See your name', 'See your e-mail address', 'up to 90 days'])
      expect(page, line).toContain(line);
    const answer = await submit(browser, page, '/consent', { decision: 'allow' });
    const code = expectReturn(answer, WEB_CB, bare.state).get('code') ?? '';
    const tokens = (
      await redeem(
        { code, redirect_uri: WEB_CB, code_verifier: verifier },
        apps.web,
        '/csp/gateway/am/api/auth/authorize',
      )
    ).json();
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope.split(' ').slice(0, 4)).toEqual(['openid', 'profile', 'email', 'offline_access']);
    expect(decodeJwt(tokens.id_token)).toMatchObject({ email: 'carol@example.test', context_name: orgId });

    const bad = { ...request(apps.web.app, pkce().challenge), orgLink: '/elsewhere' };
    const query = expectReturn(
      await browser.get(authorizeUrl(bad, '/csp/gateway/discovery')),
      WEB_CB,
      bad.state,
    );
    expect(query.get('error')).toBe('invalid_request');
  });
});

describe('pages', () => {
  it('escape everything they show', async () => {
    const browser = await browserSignedInAs('ada@example.test');
    const page = expectPage(await open(browser, authorizeUrl(request(apps.evil.app, pkce().challenge))));
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
  });

  it('use a __Host- binding cookie, Secure, when the issuer is https', async () => {
    const secure = await startTestServer({ env: { KEYWARD_ISSUER: 'https://id.example.test' } });
    try {
      const { app } = await secure.container.apps.create(
        systemCaller('test'),
        secure.firstRun?.orgId as string,
        {
          type: 'web',
          name: 'Secure RP',
          redirectUris: [WEB_CB],
          scopes: { allRoles: true },
        },
      );
      const response = await secure.app.inject(authorizeUrl(request(app, pkce().challenge)));
      expect(response.statusCode).toBe(303);
      expect(String(response.headers['set-cookie'])).toMatch(
        /^__Host-keyward_interaction=[\w-]{43}; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
    } finally {
      await secure.close();
    }
  });
});
