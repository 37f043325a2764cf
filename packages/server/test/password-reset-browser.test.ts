// "Forgot password?" in Debian's Chromium, driven by playwright-core with the keyboard alone, at a desktop and a
// phone size: from the sign-in page to the request form, the e-mail (received by a real SMTP server), the page
// its link opens, the new password, and a sign-in with it. axe-core finds no serious or critical violation on
// any step, nothing scrolls sideways, and each step is photographed (KEYWARD_SCREENSHOT_DIR, else the temp
// directory; docs/console holds the ones a person looked at).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStep, launchChromium, SHOTS, tabTo } from './support/chromium.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const OLD_PASSWORD = 'the password grace forgot';

let server: TestServer & { url: string };
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startListeningServer({
    env: { KEYWARD_SMTP_URL: smtp.url, KEYWARD_MAIL_FROM: 'Keyward <keyward@example.test>' },
  });
});

afterAll(async () => {
  await server.close();
  await smtp.close();
});

/** The reset link of the newest e-mail to `email`, once the outbox has sent it. */
async function resetLinkFor(email: string): Promise<string> {
  await server.container.background.outbox.runOnce();
  const mail = smtp.received.filter((m) => m.envelopeTo.includes(email)).at(-1);
  const link = /(https?:\/\/\S+\/account\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(
    mail?.body ?? '',
  )?.[1];
  if (!link) throw new Error(`no reset link e-mailed to ${email}`);
  return link;
}

describe('forgot password in Chromium', () => {
  // Seven pages per size through a real browser and axe: generous on a busy machine (no timing is asserted).
  it('asks for a link, follows it, sets a new password and signs in, with the keyboard alone', {
    timeout: 180_000,
  }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Debian's Chromium, never a downloaded browser; a missing one fails the test rather than skipping it.
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const email = `grace-${viewport.width}@example.test`;
        const newPassword = `a new passphrase for ${viewport.width}`;
        await server.container.users.create(operatorCaller(), { email, password: OLD_PASSWORD });
        // The pages allow no script at all; only axe, injected by the test, needs one.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();

        // The device page asks for a sign-in first: its sign-in form offers "Forgot password?".
        await page.goto(`${server.url}/device`);
        await tabTo(page, 'a[href="/account/forgot-password"]');
        await page.keyboard.press('Enter');
        await page.waitForSelector('text=Forgot your password?');
        await checkStep(page, 'forgot-password', viewport);
        await tabTo(page, '#email');
        await page.keyboard.type(email);
        await page.keyboard.press('Enter');

        await page.waitForSelector('text=Check your mailbox');
        await checkStep(page, 'forgot-password-sent', viewport);

        await page.goto(await resetLinkFor(email));
        expect(await page.title()).toBe('Choose a new password - Keyward');
        expect((await page.locator('main').textContent()) ?? '').toContain(email);
        await checkStep(page, 'reset-password', viewport);
        await tabTo(page, '#password');
        await page.keyboard.type(newPassword);
        await page.keyboard.press('Tab');
        await page.keyboard.type(newPassword);
        await page.keyboard.press('Enter');

        await page.waitForSelector('text=Your password was changed');
        await checkStep(page, 'reset-password-done', viewport);

        // The link worked once: opened again, it says so and offers a new one.
        await page.goBack();
        await page.reload();
        await page.waitForSelector('text=This link is not valid');
        await checkStep(page, 'reset-link-used', viewport);

        // Signing in with the new password reaches the page that asked for it.
        await page.goto(`${server.url}/device`);
        await tabTo(page, '#email');
        await page.keyboard.type(email);
        await page.keyboard.press('Tab');
        await page.keyboard.type(newPassword);
        await page.keyboard.press('Enter');
        await page.waitForSelector('#user_code');
        expect(await page.title()).toBe('Connect a device - Keyward');
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
