// The browser pages of delegated access (docs/wire/ovh.md#validation), over inject: the validation page at
// /auth/?credentialToken= (sign-in, what the application asks, validity, authorize or refuse, once, for 24 hours)
// and the registration page at /createApp/ (the secret shown once). Then once in Debian's Chromium, driven by
// playwright-core, from the validation URL to the application's redirection.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecretContext } from '../src/consumer-keys/format.js';
import { VALIDITY_CHOICES } from '../src/consumer-keys/requests.js';
import { DAY, MINUTE, SECOND } from '../src/core/clock.js';
import { Page } from './support/browser.js';
import { postForm, type Session, signIn } from './support/http.js';
import { userCaller } from './support/ovh.js';
import { operatorCaller, startListeningServer, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'consumer key pages passphrase';
const CUSTOMER = 'customer@example.test';
const CHROMIUM = '/usr/bin/chromium';

let server: TestServer;
let developerId: string;
let customerId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ developerId, customerId } = await seedPeople(server));
});
afterAll(async () => server.close());

async function seedPeople(on: TestServer) {
  const developer = await on.container.users.create(operatorCaller(), {
    email: 'dev@example.test',
    password: PASSWORD,
    name: 'Dana Developer',
  });
  const customer = await on.container.users.create(operatorCaller(), {
    email: CUSTOMER,
    password: PASSWORD,
    name: 'Chris Customer',
  });
  return { developerId: developer.id, customerId: customer.id };
}

/** An application of the developer asks for a consumer key; what its validation link leads to. */
async function requestAccess(
  options: {
    on?: TestServer;
    developer?: string;
    app?: { name: string; description: string };
    rules?: { method: string; path: string }[];
    redirection?: string;
    allowedIPs?: string[];
  } = {},
) {
  const on = options.on ?? server;
  const { consumerKeys, credentialRequests } = on.container;
  const { app } = await consumerKeys.createApp(
    userCaller(options.developer ?? developerId),
    options.app ?? { name: 'Marketplace', description: 'my little marketplace' },
  );
  const requested = await credentialRequests.requestCredential(
    app.appKey,
    {
      accessRules: options.rules ?? [{ method: 'GET', path: '/me/*' }],
      redirection: options.redirection ?? null,
      allowedIPs: options.allowedIPs ?? null,
    },
    { ip: '127.0.0.1', requestId: 'test' },
  );
  const url = new URL(requested.validationUrl);
  const token = url.searchParams.get('credentialToken') ?? '';
  const { credential } = await credentialRequests.pendingRequest(token);
  return {
    token,
    credentialId: credential.id,
    url: requested.validationUrl,
    path: url.pathname + url.search,
  };
}

function get(url: string, cookie?: string) {
  return server.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
}

/** A form post as a page with Referrer-Policy: no-referrer sends it: Origin null. */
function post(
  url: string,
  form: Record<string, string>,
  cookie?: string,
  headers: Record<string, string> = {},
) {
  return postForm(server.app, url, form, { origin: 'null', ...(cookie ? { cookie } : {}), ...headers });
}

/** A server page: HTML, no script, the strict page CSP, never cached or framed. */
function expectPage(response: LightMyRequestResponse, status = 200): string {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers.location).toBeUndefined();
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.body.startsWith('<!doctype html>')).toBe(true);
  expect(response.body).not.toMatch(/<script/i);
  return response.body;
}

/** The page's form as a browser would send it: its action (a path) and fields, with `fields` filled in. */
function formOf(page: string, fields: Record<string, string> = {}) {
  const form = new Page('http://localhost/', 200, page).form(fields);
  const action = new URL(form.action);
  return { action: action.pathname + action.search, fields: form.fields };
}

/** The `name=value` of the first cookie a response sets with `name`. */
function cookieSet(response: LightMyRequestResponse, name: string): string {
  const line = response.cookies.find((cookie) => cookie.name === name);
  if (!line) throw new Error(`no ${name} cookie set`);
  return `${line.name}=${line.value}`;
}

const signInCustomer = (): Promise<Session> => signIn(server.app, CUSTOMER, PASSWORD);
const stored = (id: number) => server.container.storage.stores.consumerKeys.findCredential(id);

describe('the validation page', () => {
  it('signs the browser in on the page, then shows what the application asks, in words', async () => {
    const { token, path } = await requestAccess({
      rules: [
        { method: 'GET', path: '/me/*' },
        { method: 'POST', path: '/domain/zone/*/record' },
      ],
      redirection: 'https://app.example.com/done?step=2',
      allowedIPs: ['203.0.113.0/24'],
    });
    for (const url of [path, path.replace('/auth/', '/auth')]) {
      expect(expectPage(await get(url))).toContain('name="password"');
    }
    const first = await get(path);
    const binding = cookieSet(first, 'keyward_interaction');
    expect(expectPage(first)).toContain('<strong>Marketplace</strong>');

    const wrong = formOf(first.body, { email: CUSTOMER, password: 'not it' });
    const refused = expectPage(await post(wrong.action, wrong.fields, binding), 400);
    expect(refused).toContain('The e-mail or password is not correct.');
    expect(refused).toContain(`value="${CUSTOMER}"`);

    const right = formOf(refused, { email: CUSTOMER, password: PASSWORD });
    const signedIn = await post(right.action, right.fields, binding);
    expect(signedIn.statusCode, signedIn.body).toBe(303);
    expect(signedIn.headers.location).toBe(`/auth/?credentialToken=${token}`);
    const session = cookieSet(signedIn, server.container.auth.cookieName);
    // A sign-in on a page also makes the browser trusted for the account (docs/accounts.md#device-cookies).
    expect(cookieSet(signedIn, 'keyward_device')).toMatch(/^keyward_device=[A-Za-z0-9_-]{43}$/);

    const shown = await get(String(signedIn.headers.location), session);
    const page = expectPage(shown);
    for (const text of [
      'Authorize <strong>Marketplace</strong> to use your account?',
      'my little marketplace',
      'Dana Developer (dev@example.test)',
      '<code>GET /me/*</code>: read everything under /me/',
      '<code>POST /domain/zone/*/record</code>: create every path matching /domain/zone/*/record',
      '203.0.113.0/24',
      'you will then return to https://app.example.com',
      `Signed in as ${CUSTOMER}`,
      '<a href="/oauth/logout">Sign out</a>',
      '<button type="submit" name="decision" value="authorize">',
      '<button type="submit" name="decision" value="refuse"',
    ]) {
      expect(page).toContain(text);
    }
    expect([...page.matchAll(/type="radio" name="validity" value="(\w+)"/g)].map((m) => m[1])).toEqual([
      '3600',
      '86400',
      '604800',
      '2592000',
      'unlimited',
    ]);
    expect(formOf(page).fields.validity).toBe('86400');
    // The authorize answer is a 303 to the application, which form-action must allow.
    expect(shown.headers['content-security-policy']).toContain("form-action 'self' https://app.example.com;");
  });

  it('grants each validity, stores its expiry, and audits it', async () => {
    const session = await signInCustomer();
    for (const choice of VALIDITY_CHOICES) {
      const { path, credentialId } = await requestAccess();
      const validity = choice.seconds === null ? 'unlimited' : String(choice.seconds);
      const form = formOf(expectPage(await get(path, session.cookie)), { validity, decision: 'authorize' });
      const granted = expectPage(await post(form.action, form.fields, session.cookie));
      const expiresAt = choice.seconds === null ? null : server.clock.now() + choice.seconds * SECOND;
      expect(granted).toContain(
        expiresAt === null
          ? 'Access granted to <strong>Marketplace</strong> with no end date.'
          : `Access granted to <strong>Marketplace</strong> until ${new Date(expiresAt).toUTCString()}.`,
      );
      expect(granted).toContain(`DELETE /1.0/me/api/credential/${credentialId}`);
      expect(granted).toContain('<a href="/console/account/delegated-access">');
      expect(await stored(credentialId)).toMatchObject({ state: 'validated', userId: customerId, expiresAt });
      const { items } = await server.container.storage.stores.audit.list(
        { pageStart: 1, pageLimit: 10 },
        { action: 'consumer_credential.validated' },
      );
      expect(items.find((event) => event.target.id === String(credentialId))).toMatchObject({
        actor: { id: customerId },
        details: { validitySeconds: choice.seconds },
      });
    }
  });

  it('sends the browser to the redirection exactly as the application gave it', async () => {
    const redirection = 'https://app.example.com/after?x=1&y=%C3%A9&state=a%20b#done';
    const { path, credentialId } = await requestAccess({ redirection });
    const session = await signInCustomer();
    const form = formOf(expectPage(await get(path, session.cookie)), { decision: 'authorize' });
    const answer = await post(form.action, form.fields, session.cookie);
    expect(answer.statusCode, answer.body).toBe(303);
    expect(answer.headers.location).toBe(redirection);
    expect((await stored(credentialId))?.state).toBe('validated');

    // No header can carry a non-ASCII redirection as sent: it goes as the browser would write it.
    const unicode = 'https://app.example.com/café?price=5€';
    const second = await requestAccess({ redirection: unicode });
    const page = formOf(expectPage(await get(second.path, session.cookie)), { decision: 'authorize' });
    const sent = await post(page.action, page.fields, session.cookie);
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toBe('https://app.example.com/caf%C3%A9?price=5%E2%82%AC');
  });

  it('shows a page when the user refuses, with a link back and no redirect', async () => {
    const { path, credentialId } = await requestAccess({ redirection: 'https://app.example.com/done' });
    const session = await signInCustomer();
    const form = formOf(expectPage(await get(path, session.cookie)), { decision: 'refuse' });
    const page = expectPage(await post(form.action, form.fields, session.cookie));
    expect(page).toContain('You refused <strong>Marketplace</strong> access to your account.');
    expect(page).toContain('<a href="https://app.example.com/done">Return to https://app.example.com</a>');
    expect(await stored(credentialId)).toMatchObject({ state: 'refused', expiresAt: null });
    const { items } = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 5 },
      { action: 'consumer_credential.refused' },
    );
    expect(items.some((event) => event.target.id === String(credentialId))).toBe(true);
  });

  it('answers a link once: a second answer, or a second look, gets the 404 page', async () => {
    const { path } = await requestAccess();
    const session = await signInCustomer();
    const form = formOf(expectPage(await get(path, session.cookie)), { decision: 'authorize' });
    expectPage(await post(form.action, form.fields, session.cookie));
    for (const decision of ['authorize', 'refuse']) {
      const again = expectPage(await post(form.action, { ...form.fields, decision }, session.cookie), 404);
      expect(again).toContain('This validation link cannot be used: it was already used or never existed.');
      expect(again).toContain('Ask the application to request access again.');
    }
    expectPage(await get(path, session.cookie), 404);
    expectPage(await get(path), 404);
  });

  it('shows the 404 page for a malformed or missing token, without echoing it', async () => {
    const session = await signInCustomer();
    for (const url of [
      '/auth/',
      '/auth/?credentialToken=short',
      `/auth/?credentialToken=${'a'.repeat(63)}<b>`,
      `/auth/?credentialToken=${'a'.repeat(64)}&credentialToken=${'b'.repeat(64)}`,
    ]) {
      for (const cookie of [undefined, session.cookie]) {
        const page = expectPage(await get(url, cookie), 404);
        expect(page).toContain('Ask the application to request access again.');
        expect(page).not.toContain('aaaa');
      }
    }
  });

  it('lasts 24 hours from the request', async () => {
    const { path } = await requestAccess();
    server.clock.advance(DAY - MINUTE);
    let session = await signInCustomer();
    const form = formOf(expectPage(await get(path, session.cookie)), { decision: 'authorize' });
    server.clock.advance(MINUTE);
    session = await signInCustomer();
    const late = expectPage(
      await post(form.action, { ...form.fields, csrf_token: session.csrfToken }, session.cookie),
      404,
    );
    expect(late).toContain('it expired 24 hours after the application asked');
    expectPage(await get(path), 404);
  });

  it('takes an answer only with the session CSRF token, from this origin; sign-in too', async () => {
    const { path, credentialId, token } = await requestAccess();
    const session = await signInCustomer();
    const form = formOf(expectPage(await get(path, session.cookie)), { decision: 'authorize' });
    const { csrf_token: _, ...withoutToken } = form.fields;
    for (const [fields, headers] of [
      [withoutToken, {}],
      [{ ...form.fields, csrf_token: `${form.fields.csrf_token}x` }, {}],
      [{ ...form.fields, csrf_token: server.container.serverKey.csrfTokenFor('another session') }, {}],
      [form.fields, { origin: 'https://evil.example' }],
    ] as const) {
      expect(expectPage(await post(form.action, fields, session.cookie, headers), 403)).toContain(
        'This form has expired',
      );
    }
    expect((await stored(credentialId))?.state).toBe('pendingValidation');

    // Login CSRF: the sign-in form's token is bound to a cookie of the browser that was shown the form.
    const signInPage = await get(path);
    const binding = cookieSet(signInPage, 'keyward_interaction');
    const signInForm = formOf(signInPage.body, { email: CUSTOMER, password: PASSWORD });
    expectPage(await post(signInForm.action, signInForm.fields), 403);
    expectPage(await post(signInForm.action, signInForm.fields, 'keyward_interaction=another-browser'), 403);
    expectPage(
      await post(signInForm.action, signInForm.fields, binding, { origin: 'https://evil.example' }),
      403,
    );
    expect((await post(signInForm.action, signInForm.fields, binding)).statusCode).toBe(303);

    // Without a session, an answer shows the page again, which asks to sign in.
    const anonymous = await post(form.action, form.fields);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/auth/?credentialToken=${token}`);
    expect((await stored(credentialId))?.state).toBe('pendingValidation');
  });

  it('escapes everything the application wrote', async () => {
    const hostile = '<script>alert(1)</script>';
    const { path } = await requestAccess({
      app: { name: hostile, description: `"><img src=x onerror=alert(1)>` },
      rules: [{ method: 'DELETE', path: `/me/${hostile}/*` }],
      redirection: `https://app.example.com/cb?q="><script>alert(1)</script>`,
    });
    const session = await signInCustomer();
    const sign = expectPage(await get(path));
    const page = expectPage(await get(path, session.cookie));
    for (const shown of [sign, page]) expect(shown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img');
    const form = formOf(page, { decision: 'refuse' });
    const refused = expectPage(await post(form.action, form.fields, session.cookie));
    expect(refused).toContain('href="https://app.example.com/cb?q=&quot;&gt;&lt;script&gt;');
  });
});

describe('the application registration page', () => {
  it('signs in, checks the form, and shows the key and the secret once', async () => {
    const first = await get('/createApp/');
    const binding = cookieSet(first, 'keyward_interaction');
    const signInForm = formOf(expectPage(first), { email: 'dev@example.test', password: PASSWORD });
    const signedIn = await post(signInForm.action, signInForm.fields, binding);
    expect(signedIn.statusCode, signedIn.body).toBe(303);
    expect(signedIn.headers.location).toBe('/createApp/');
    const session = cookieSet(signedIn, server.container.auth.cookieName);
    const empty = expectPage(await get('/createApp', session));
    expect(empty).toContain('name="description"');

    const blank = formOf(empty, { name: '   ', description: 'keeps <what> was typed' });
    const noName = expectPage(await post(blank.action, blank.fields, session), 400);
    expect(noName).toContain('Name must be 1 to 100 characters.');
    expect(noName).toContain('keeps &lt;what&gt; was typed</textarea>');
    const long = expectPage(
      await post(blank.action, { ...blank.fields, name: 'x'.repeat(101) }, session),
      400,
    );
    expect(long).toContain(`value="${'x'.repeat(101)}"`);

    const { csrf_token: _, ...withoutToken } = blank.fields;
    expectPage(await post(blank.action, { ...withoutToken, name: 'Forged' }, session), 403);

    const form = formOf(noName, { name: 'Zone editor', description: 'edits DNS zones' });
    const created = expectPage(await post(form.action, form.fields, session));
    const appKey = /<dt>Application Key<\/dt><dd><code>([0-9A-Za-z]{16})<\/code>/.exec(created)?.[1] ?? '';
    const secret = /<dt>Application Secret<\/dt><dd><code>([0-9A-Za-z]{32})<\/code>/.exec(created)?.[1] ?? '';
    expect(created).toContain('it will never be shown again');
    expect(created).toContain(`POST ${server.config.issuer}/1.0/auth/credential`);
    expect(created).toContain(`X-Ovh-Application: ${appKey}`);

    const mine = await server.container.consumerKeys.listMyApps(userCaller(developerId));
    expect(mine.map((app) => app.name)).not.toContain('Forged');
    const app = mine.find((candidate) => candidate.appKey === appKey);
    expect(app).toMatchObject({ name: 'Zone editor', description: 'edits DNS zones' });
    expect(
      server.container.serverKey.decrypt(app?.secretEnc ?? '', appSecretContext(app?.id ?? 0)).toString(),
    ).toBe(secret);
    expect(await get('/createApp/', session).then((again) => again.body)).not.toContain(secret);

    const requested = await server.app.inject({
      method: 'POST',
      url: '/1.0/auth/credential',
      headers: { 'x-ovh-application': appKey, 'content-type': 'application/json' },
      payload: { accessRules: [{ method: 'GET', path: '/me' }] },
    });
    expect(requested.statusCode, requested.body).toBe(200);
  });
});

describe('signing in on these pages', () => {
  it('counts failed attempts with every other sign-in, and stops them at the limit', async () => {
    const first = await get('/createApp/');
    const binding = cookieSet(first, 'keyward_interaction');
    const form = formOf(first.body, { email: 'guesser@example.test', password: 'wrong' });
    for (let attempt = 1; attempt <= 10; attempt++) {
      expectPage(await post(form.action, form.fields, binding), 400);
    }
    const limited = await post(form.action, form.fields, binding);
    expect(expectPage(limited, 429)).toContain('too many failed sign-ins for this account');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('the validation token', () => {
  it('never reaches the log', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({ logLines: lines });
    try {
      const people = await seedPeople(logged);
      const { path, token } = await requestAccess({ on: logged, developer: people.developerId });
      const first = await logged.app.inject({ method: 'GET', url: path });
      const fields = formOf(first.body, { email: CUSTOMER, password: PASSWORD });
      const signedIn = await logged.app.inject({
        method: 'POST',
        url: fields.action,
        payload: new URLSearchParams(fields.fields).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: cookieSet(first, 'keyward_interaction'),
        },
      });
      expect(signedIn.statusCode).toBe(303);
      expect(lines.some((line) => line.includes('/auth/?credentialToken=[redacted]'))).toBe(true);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await logged.close();
    }
  });
});

describe('in Chromium', () => {
  it('signs in, picks one week, authorizes and lands on the redirection', async () => {
    const listening = await startListeningServer();
    const application = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end('<!doctype html><title>Back at the application</title><p>Thanks</p>');
    });
    await new Promise<void>((resolve) => application.listen(0, '127.0.0.1', resolve));
    const redirection = `http://127.0.0.1:${(application.address() as AddressInfo).port}/ovh/done?state=xyz`;
    // Debian's Chromium, never a downloaded browser; a missing one fails the test rather than skipping it.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const people = await seedPeople(listening);
      const { url, credentialId } = await requestAccess({
        on: listening,
        developer: people.developerId,
        redirection,
      });
      const page = await browser.newPage();
      await page.goto(url);
      await page.fill('#email', CUSTOMER);
      await page.fill('#password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('button[value=authorize]');
      expect(await page.title()).toBe('Authorize Marketplace? - Keyward');
      await page.check('input[name=validity][value="604800"]');
      await page.click('button[value=authorize]');
      await page.waitForURL(redirection);
      expect(await page.title()).toBe('Back at the application');
      const credential = await listening.container.storage.stores.consumerKeys.findCredential(credentialId);
      expect(credential).toMatchObject({ state: 'validated', userId: people.customerId });
      expect(credential?.expiresAt).toBe((credential?.validatedAt ?? 0) + 7 * DAY);
    } finally {
      await browser.close();
      application.close();
      await listening.close();
    }
  });
});
