// Accepting an invitation in Debian's Chromium, driven by playwright-core with the keyboard alone, at a desktop
// and a phone size: an owner invites an address with no account, the e-mail reaches a real SMTP server, its
// link opens the page to join, and the new member is signed in with the invited role. axe-core finds no serious or critical violation on
// any step, nothing scrolls sideways, and each step is photographed (KEYWARD_SCREENSHOT_DIR, else the temp
// directory; docs/console holds the ones a person looked at).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStep, launchChromium, SHOTS, tabTo } from './support/chromium.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

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

/** The invitation link of the newest e-mail to `email`, once the outbox has sent it. */
async function invitationLinkFor(email: string): Promise<string> {
  await server.container.background.outbox.runOnce();
  const mail = smtp.received.filter((m) => m.envelopeTo.includes(email)).at(-1);
  const link = /(https?:\/\/\S+\/account\/invitation\?token=[A-Za-z0-9_-]{43})/.exec(mail?.body ?? '')?.[1];
  if (!link) throw new Error(`no invitation e-mailed to ${email}`);
  return link;
}

describe('accepting an invitation in Chromium', () => {
  // Two pages per size through a real browser and axe: generous on a busy machine (no timing is asserted).
  it('joins with a name and password typed with the keyboard alone, and is signed in', {
    timeout: 180_000,
  }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const orgId = server.firstRun?.orgId as string;
    // Debian's Chromium, never a downloaded browser; a missing one fails the test rather than skipping it.
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const email = `henry-${viewport.width}@example.test`;
        const password = `henry joins at ${viewport.width} pixels`;
        await server.container.invitations.invite(operatorCaller(), orgId, {
          email,
          orgRoles: ['developer', 'org_member'],
          serviceRoles: [],
        });
        // The pages allow no script at all; only axe, injected by the test, needs one.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();

        await page.goto(await invitationLinkFor(email));
        expect(await page.title()).toBe('Join an organization - Keyward');
        expect((await page.locator('main').textContent()) ?? '').toContain(email);
        await checkStep(page, 'invitation-accept', viewport);
        await tabTo(page, '#name');
        await page.keyboard.type('Henry Example');
        await page.keyboard.press('Tab');
        await page.keyboard.type(password);
        await page.keyboard.press('Tab');
        await page.keyboard.type(password);
        await page.keyboard.press('Enter');

        await page.waitForSelector('text=Welcome to Default organization');
        await checkStep(page, 'invitation-accepted', viewport);
        // The browser holds a session of the new member, with the invited roles.
        const me = await page.request.get(`${server.url}/api/v1/me`);
        expect(me.status()).toBe(200);
        const body = (await me.json()) as {
          user: { email: string; emailVerified: boolean };
          memberships: { orgRoles: string[] }[];
        };
        expect(body.user).toMatchObject({ email, emailVerified: true });
        expect(body.memberships[0]?.orgRoles).toEqual(['developer', 'org_member']);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
