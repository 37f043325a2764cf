// Signing in to the console with a second factor: the password, then a code from an authenticator app or a
// recovery code, in Debian's Chromium; checked by axe-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../server/src/identity/factors/totp.js';
import { operatorCaller } from '../../server/test/support/server.js';
import {
  apiCall,
  apiSignIn,
  expectAccessible,
  type ListeningServer,
  screenshot,
  startConsole,
} from './support/console.js';

const ACCOUNT = { email: 'two-step@example.test', password: 'two step console passphrase' };

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;
let secret: string;
let recoveryCodes: string[];

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  await server.container.users.create(operatorCaller(), ACCOUNT);
  const session = await apiSignIn(server, ACCOUNT);
  const started = await apiCall(server, session, 'POST', '/api/v1/me/factors/totp', {});
  secret = String(started.json.secret);
  const factorId = (started.json.factor as { id: string }).id;
  const confirmed = await apiCall(server, session, 'POST', `/api/v1/me/factors/totp/${factorId}/confirm`, {
    code: totpCodeAt(secret, server.clock.now()),
  });
  expect(confirmed.status).toBe(200);
  recoveryCodes = confirmed.json.recoveryCodes as string[];
  // The next code is of a later time step than the one used to confirm.
  server.clock.advance(30_000);
});
afterAll(async () => harness?.close());

async function passwordStep() {
  const page = await harness.newPage();
  await page.goto('/console/');
  await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
  await page.getByLabel('E-mail').fill(ACCOUNT.email);
  await page.getByLabel('Password').fill(ACCOUNT.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  return page;
}

describe('Console sign-in with a second factor', () => {
  it('asks for the code after the password, refuses a wrong one, and signs in with the right one', async () => {
    const page = await passwordStep();
    await expectAccessible(page, 'the two-step verification screen');
    await screenshot(page, 'sign-in-second-factor');
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(async () => (await page.getByRole('alert').textContent())?.toLowerCase())
      .toContain('the code is wrong');
    await page.getByLabel('Code').fill(totpCodeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/console/account'));
    await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
  });

  it('takes a recovery code instead', async () => {
    const page = await passwordStep();
    await page.getByLabel('Code').fill(recoveryCodes[0] ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/console/account'));
  });
});

describe('Console first sign-in with a generated password', () => {
  it('goes to the password page first, and nowhere else until the password is changed', async () => {
    const account = { email: 'first-run@example.test', password: 'a generated password seen once' };
    const user = await server.container.users.create(operatorCaller(), account);
    await server.container.storage.stores.users.requirePasswordChange(user.id);
    const page = await harness.newPage();
    await page.goto('/console/');
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/console/account/password');
    await page.goto('/console/account/api-tokens');
    await page.waitForURL((url) => url.pathname === '/console/account/password');
    await expectAccessible(page, 'the forced password change');
    await page.getByLabel('Current password').fill(account.password);
    await page.getByLabel(/^New password/).fill('a password only I know now');
    await page.getByLabel('Repeat the new password').fill('a password only I know now');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    await page.goto('/console/account/api-tokens');
    await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
  });
});
