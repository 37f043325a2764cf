// My Account → Sessions and Profile in Debian's Chromium: see where the account is signed in, end one session
// with the keyboard alone, end all the others; resend the verification link and change the e-mail address
// (within the step-up window, then past it with a password step-up, then to a taken address); axe-core checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCaller } from '../../server/test/support/server.js';
import {
  apiCall,
  expectAccessible,
  type ListeningServer,
  screenshot,
  signInThroughConsole,
  startConsole,
  tabTo,
} from './support/console.js';

const ACCOUNT = { email: 'sessions@example.test', password: 'sessions page passphrase' };
const PROFILE = { email: 'profile@example.test', password: 'profile page passphrase' };
const OTHER = { email: 'taken@example.test', password: 'other account passphrase' };
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  await server.container.users.create(operatorCaller(), ACCOUNT);
  await server.container.users.create(operatorCaller(), PROFILE);
  await server.container.users.create(operatorCaller(), OTHER);
});
afterAll(async () => harness?.close());

/** Signs in over HTTP from another "browser" (its User-Agent names the device the Sessions page shows). */
async function signInElsewhere(
  account: { email: string; password: string },
  userAgent: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(new URL('/api/v1/session', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: body.csrfToken };
}

describe('Sessions', () => {
  it('lists the sessions, ends one with the keyboard alone, then ends all the others', async () => {
    const firefox = await signInElsewhere(ACCOUNT, FIREFOX);
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/sessions', ACCOUNT);
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    const rows = page.getByRole('row');
    await page.getByText('This session').waitFor();
    await page.getByText('Firefox 128 on Linux (desktop)').waitFor();
    expect(await rows.count()).toBe(3); // the header and two sessions
    // The current session cannot be ended from its own row (signing out does that).
    const current = rows.filter({ hasText: 'This session' });
    expect(await current.getByRole('button').count()).toBe(0);
    await expectAccessible(page, 'the sessions list');
    await screenshot(page, 'sessions');

    // With the keyboard alone: Tab to the row's End, Enter opens the confirmation, Enter confirms.
    const end = page.getByRole('button', { name: 'End the session on Firefox 128 on Linux (desktop)' });
    await tabTo(page, end);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'End the session on Firefox 128 on Linux (desktop)?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the end-session confirmation');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('You are signed in nowhere else.').waitFor();
    expect((await apiCall(server, firefox, 'GET', '/api/v1/me')).status).toBe(401);

    // Two more elsewhere: one confirmation ends both, this one stays signed in.
    const again = await signInElsewhere(ACCOUNT, FIREFOX);
    const phone = await signInElsewhere(ACCOUNT, SAFARI);
    await page.reload();
    await page.getByRole('button', { name: 'End all other sessions' }).click();
    const all = page.getByRole('dialog', { name: 'End all other sessions?' });
    await all.getByText('All 2 other sessions will end').waitFor();
    await all.getByRole('button', { name: 'End other sessions' }).click();
    await page.getByText('2 other sessions ended.').waitFor();
    await page.getByText('You are signed in nowhere else.').waitFor();
    expect((await apiCall(server, again, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await apiCall(server, phone, 'GET', '/api/v1/me')).status).toBe(401);
    expect(await rows.count()).toBe(2);

    const { items } = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 10 },
      { action: 'session.others_ended' },
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.details).toMatchObject({ sessionsEnded: 2 });
  });
});

describe('Profile', () => {
  it('resends the verification link and changes the e-mail address, with a step-up past the window', async () => {
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/profile', PROFILE);
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await page.getByText(PROFILE.email).waitFor();
    await page.getByText('Not verified').waitFor();
    await expectAccessible(page, 'the profile');

    await page.getByRole('button', { name: 'Resend verification' }).click();
    await page.getByText(`A new link is on its way to ${PROFILE.email}.`).waitFor();
    await screenshot(page, 'profile');

    // Just signed in: within the step-up window, the change goes through at once.
    await page.getByLabel('New e-mail address').fill('profile-new@example.test');
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    await page.getByText('Your e-mail address is now profile-new@example.test.').waitFor();
    await page.getByText('profile-new@example.test', { exact: true }).waitFor();
    await page.getByText('Not verified').waitFor();

    // Another account's address: said at the field, nothing changes.
    await page.getByLabel('New e-mail address').fill(OTHER.email);
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    await page.getByText('Another account already uses this address.').waitFor();
    await expectAccessible(page, 'the taken-address error');

    // Past the window: a fresh proof first (this account has no second factor: its password), then the change.
    server.clock.advance(20 * 60_000);
    await page.getByLabel('New e-mail address').fill('profile-newer@example.test');
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await expectAccessible(page, 'the step-up dialog');
    await stepUp.getByLabel('Password').fill(PROFILE.password);
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Your e-mail address is now profile-newer@example.test.').waitFor();
    await stepUp.waitFor({ state: 'detached' });
    const user = await server.container.storage.stores.users.findByEmail('profile-newer@example.test');
    expect(user?.emailVerified).toBe(false);
  });
});
