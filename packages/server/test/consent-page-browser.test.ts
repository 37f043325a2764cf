// The consent page in Debian's Chromium, driven by playwright-core, at a desktop and a phone size: signed in
// and answered with the keyboard alone, checked by axe-core (no serious or critical violation), no sideways
// scrolling, and screenshots kept for a person to look at (KEYWARD_SCREENSHOT_DIR, else the temp directory).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { accessibilityViolations, launchChromium, SHOTS, tabTo } from './support/chromium.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const EMAIL = 'erin@example.test';
const PASSWORD = 'consent page passphrase';

let server: TestServer & { url: string };
let application: Server;
let callback: string;
let app: OAuthApp;

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
  await server.container.services.create(operator, {
    id: 'billing',
    name: 'Billing',
    permissions: [{ id: 'read', description: 'read invoices' }],
    roles: [{ name: 'viewer', permissions: ['read'] }],
  });
  const user = await server.container.users.create(operator, {
    email: EMAIL,
    password: PASSWORD,
    name: 'Erin Example',
  });
  await server.container.members.add(operator, orgId, {
    email: user.email,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
  });
  ({ app } = await server.container.apps.create(operator, orgId, {
    type: 'web',
    name: 'Invoice Viewer',
    redirectUris: [callback],
    scopes: { allRoles: true },
  }));
});

afterAll(async () => {
  await new Promise((resolve) => application.close(resolve));
  await server.close();
});

describe('the consent page in Chromium', () => {
  it('is accessible at 1280×800 and 390×844 and is answered with the keyboard alone', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Debian's Chromium, never a downloaded browser; a missing one fails the test rather than skipping it.
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        // The page's Content-Security-Policy allows no script at all; only axe, injected by the test, needs one.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        const verifier = randomBytes(32).toString('base64url');
        const state = randomBytes(8).toString('hex');
        const url = new URL('/oauth/authorize', server.url);
        url.search = new URLSearchParams({
          client_id: app.id,
          redirect_uri: callback,
          response_type: 'code',
          scope: 'openid profile email offline_access org_member developer billing:viewer',
          state,
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
          prompt: 'consent',
        }).toString();
        await page.goto(url.href);

        // Sign in by keyboard.
        await tabTo(page, '#email');
        await page.keyboard.type(EMAIL);
        await page.keyboard.press('Tab');
        await page.keyboard.type(PASSWORD);
        await page.keyboard.press('Enter');
        await page.waitForSelector('button[value=allow]');
        expect(await page.title()).toBe('Allow Invoice Viewer? - Keyward');
        const text = (await page.locator('main').textContent()) ?? '';
        expect(text).toContain('Act with your role viewer of Billing in Default organization (billing:read)');
        expect(text).toContain('It also asked for developer, which you do not hold in Default organization');
        expect(text).toContain('Not erin@example.test? Sign out');
        expect(text).not.toContain('if you hold it');

        await page.screenshot({
          path: join(SHOTS, `consent-${viewport.width}x${viewport.height}.png`),
          fullPage: true,
        });
        expect(await accessibilityViolations(page), `at ${viewport.width}×${viewport.height}`).toEqual([]);
        // Nothing sticks out sideways on a phone.
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );

        // Answer by keyboard: Tab to Allow, which shows where the focus is, and press Enter.
        await tabTo(page, 'button[value=allow]');
        expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
        await page.keyboard.press('Enter');
        await page.waitForURL((target) => target.href.startsWith(callback));
        const back = new URL(page.url());
        expect(back.searchParams.get('state')).toBe(state);
        expect(back.searchParams.get('code')).toBeTruthy();
        expect(back.searchParams.get('iss')).toBe(server.url);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
