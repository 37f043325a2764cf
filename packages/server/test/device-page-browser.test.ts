// The device verification page (/device) in Debian's Chromium, driven by playwright-core with the keyboard
// alone, at a desktop and a phone size: sign in, type the code a command-line tool shows, approve on the
// consent page; the tool's next poll gets its tokens. axe-core finds no serious or critical violation on any
// step, nothing scrolls sideways, and each step is photographed (KEYWARD_SCREENSHOT_DIR, else the temp
// directory; docs/screenshots holds the ones a person looked at).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_CODE_GRANT, type OAuthApp } from '../src/apps/store.js';
import { checkStep, launchChromium, SHOTS, tabTo } from './support/chromium.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const EMAIL = 'frank@example.test';
const PASSWORD = 'device page passphrase';

let server: TestServer & { url: string };
let app: OAuthApp;

beforeAll(async () => {
  server = await startListeningServer();
  const orgId = server.firstRun?.orgId as string;
  const operator = operatorCaller();
  const user = await server.container.users.create(operator, {
    email: EMAIL,
    password: PASSWORD,
    name: 'Frank Example',
  });
  await server.container.members.add(operator, orgId, {
    email: user.email,
    orgRoles: ['org_member'],
    serviceRoles: [],
  });
  ({ app } = await server.container.apps.create(operator, orgId, {
    type: 'native',
    name: 'Rocket CLI',
    grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
    scopes: { allRoles: true },
  }));
});

afterAll(() => server.close());

function form(path: string, fields: Record<string, string>) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: app.id, ...fields }).toString(),
  });
}

describe('the device page in Chromium', () => {
  // Eight pages through a real browser and axe: generous on a busy machine (no timing is asserted).
  it('signs in, takes the code and approves with the keyboard alone, at 1280×800 and 390×844', {
    timeout: 120_000,
  }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Debian's Chromium, never a downloaded browser; a missing one fails the test rather than skipping it.
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const started = (await (
          await form('/oauth/device_authorization', { scope: 'openid offline_access' })
        ).json()) as {
          device_code: string;
          user_code: string;
          verification_uri: string;
        };
        // The pages allow no script at all; only axe, injected by the test, needs one.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(started.verification_uri);

        await checkStep(page, 'device-sign-in', viewport);
        await tabTo(page, '#email');
        await page.keyboard.type(EMAIL);
        await page.keyboard.press('Tab');
        await page.keyboard.type(PASSWORD);
        await page.keyboard.press('Enter');

        await page.waitForSelector('#user_code');
        expect(await page.title()).toBe('Connect a device - Keyward');
        await checkStep(page, 'device-code', viewport);
        await tabTo(page, '#user_code');
        // Typed as people type it: lower case, no dash.
        await page.keyboard.type(started.user_code.replace('-', '').toLowerCase());
        await page.keyboard.press('Enter');

        await page.waitForSelector('button[value=allow]');
        const text = (await page.locator('main').textContent()) ?? '';
        expect(text).toContain('Allow Rocket CLI to use your account?');
        expect(text).toContain(started.user_code);
        expect(text).toContain('Act with your role member in Default organization');
        await checkStep(page, 'device-consent', viewport);
        await tabTo(page, 'button[value=allow]');
        expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
        await page.keyboard.press('Enter');

        await page.waitForSelector('text=Device connected');
        await checkStep(page, 'device-connected', viewport);
        await context.close();

        const tokens = await form('/oauth/token', {
          grant_type: DEVICE_CODE_GRANT,
          device_code: started.device_code,
        });
        expect(tokens.status).toBe(200);
        expect(await tokens.json()).toMatchObject({
          token_type: 'Bearer',
          refresh_token: expect.stringMatching(/^kwr/),
        });
      }
    } finally {
      await browser.close();
    }
  });
});
