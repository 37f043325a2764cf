// The server-rendered second step of a sign-in in Debian's Chromium, at a desktop and a phone size: an
// authorization request signed into with the keyboard alone (password, a wrong code, then the right one),
// checked by axe-core (no serious or critical violation) with and without the error, no sideways scrolling, and
// screenshots kept for a person to look at (KEYWARD_SCREENSHOT_DIR, else the temp directory).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { MINUTE } from '../src/core/clock.js';
import { totpCodeAt } from '../src/identity/factors/totp.js';
import { accessibilityViolations, launchChromium, SHOTS, tabTo } from './support/chromium.js';
import { call, signIn } from './support/http.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const EMAIL = 'tess@example.test';
const PASSWORD = 'second step page passphrase';

let server: TestServer & { url: string };
let application: Server;
let callback: string;
let app: OAuthApp;
let totpSecret: string;

beforeAll(async () => {
  server = await startListeningServer();
  application = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<!doctype html><title>Back at the application</title><p>Signed in</p>');
  });
  await new Promise<void>((resolve) => application.listen(0, '127.0.0.1', resolve));
  callback = `http://127.0.0.1:${(application.address() as AddressInfo).port}/cb`;
  const orgId = server.firstRun?.orgId as string;
  const operator = operatorCaller();
  const user = await server.container.users.create(operator, { email: EMAIL, password: PASSWORD });
  await server.container.members.add(operator, orgId, {
    email: user.email,
    orgRoles: ['org_member'],
    serviceRoles: [],
  });
  ({ app } = await server.container.apps.create(operator, orgId, {
    type: 'web',
    name: 'Rocket Dashboard',
    redirectUris: [callback],
    scopes: { allRoles: true },
  }));
  // An authenticator app enrolled through the API, as the console does it.
  const session = await signIn(server.app, EMAIL, PASSWORD);
  const started = (await call(server.app, session, 'POST', '/api/v1/me/factors/totp', {})).json();
  totpSecret = started.secret;
  const confirmed = await call(
    server.app,
    session,
    'POST',
    `/api/v1/me/factors/totp/${started.factor.id}/confirm`,
    { code: totpCodeAt(totpSecret, server.clock.now()) },
  );
  expect(confirmed.statusCode, confirmed.body).toBe(200);
});

afterAll(async () => {
  await new Promise((resolve) => application.close(resolve));
  await server.close();
});

function authorizationUrl(state: string): string {
  const url = new URL('/oauth/authorize', server.url);
  url.search = new URLSearchParams({
    client_id: app.id,
    redirect_uri: callback,
    response_type: 'code',
    scope: 'openid',
    state,
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
    // Ask again each round, though the first round's consent is on record.
    prompt: 'consent',
  }).toString();
  return url.href;
}

describe('the second-factor page in Chromium', () => {
  it('is accessible at 1280×800 and 390×844 and is answered with the keyboard alone', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Debian's Chromium, never a downloaded browser; a missing one fails the test rather than skipping it.
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        // Each round uses a code of its own: a code is good once within its window.
        server.clock.advance(MINUTE);
        // The page allows no script at all; only axe, injected by the test, needs one.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        const size = `${viewport.width}x${viewport.height}`;
        const state = randomBytes(8).toString('hex');
        await page.goto(authorizationUrl(state));

        // The password, by keyboard.
        await tabTo(page, '#email');
        await page.keyboard.type(EMAIL);
        await page.keyboard.press('Tab');
        await page.keyboard.type(PASSWORD);
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.pathname === '/sign-in/second-factor');
        expect(await page.title()).toBe('Two-step verification - Keyward');
        // The code field has the focus already: a person types straight away.
        expect(await page.evaluate('document.activeElement?.id')).toBe('code');
        await page.screenshot({ path: join(SHOTS, `second-factor-${size}.png`), fullPage: true });
        expect(await accessibilityViolations(page), `at ${size}`).toEqual([]);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );

        // A wrong code: the page says so, keeps the form, and is still accessible.
        await page.keyboard.type('000000');
        await page.keyboard.press('Enter');
        await page.getByRole('alert').waitFor();
        expect(await page.getByRole('alert').textContent()).toContain('The code is wrong');
        await page.screenshot({ path: join(SHOTS, `second-factor-wrong-${size}.png`), fullPage: true });
        expect(await accessibilityViolations(page), `with the error at ${size}`).toEqual([]);

        // The right code, by keyboard, to the consent page and back to the application.
        await tabTo(page, '#code');
        await page.keyboard.type(totpCodeAt(totpSecret, server.clock.now()));
        await page.keyboard.press('Enter');
        await page.waitForSelector('button[value=allow]');
        await tabTo(page, 'button[value=allow]');
        await page.keyboard.press('Enter');
        await page.waitForURL((target) => target.href.startsWith(callback));
        const back = new URL(page.url());
        expect(back.searchParams.get('state')).toBe(state);
        expect(back.searchParams.get('code')).toBeTruthy();
        await context.close();
      }
    } finally {
      await browser.close();
    }
    // Two browser contexts, four page loads and three axe runs: more than the default on a busy machine.
  }, 90_000);
});
