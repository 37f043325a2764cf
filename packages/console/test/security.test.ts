// My Account → Security in Debian's Chromium: add an authenticator app from its QR code's secret, see the
// recovery codes once, and remove the app behind a confirmation and a fresh factor (step-up); axe-core checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../server/src/identity/factors/totp.js';
import { operatorCaller } from '../../server/test/support/server.js';
import {
  ADMIN,
  apiCall,
  apiSignIn,
  expectAccessible,
  type ListeningServer,
  screenshot,
  signInThroughConsole,
  startConsole,
} from './support/console.js';

const ACCOUNT = { email: 'security@example.test', password: 'security page passphrase' };

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  await server.container.users.create(operatorCaller(), ACCOUNT);
});
afterAll(async () => harness?.close());

describe('Security', () => {
  it('adds an authenticator app, shows the recovery codes once, and removes it after a step-up', async () => {
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/security', ACCOUNT);
    await page.getByRole('heading', { name: 'Security' }).waitFor();
    await page.getByText('No second factor yet.').waitFor();

    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code of the authenticator secret' }).waitFor();
    await expectAccessible(page, 'the authenticator enrolment');
    await screenshot(page, 'security');
    const secret = (await page.locator('code').first().textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from the app').fill(totpCodeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
    await page.getByText('Recovery codes left: 10 of 10').waitFor();
    await page.getByRole('cell', { name: 'Authenticator app', exact: true }).first().waitFor();

    // Past the step-up window, removing asks for a code first.
    server.clock.advance(20 * 60_000);
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: 'Confirm it is you' }).waitFor();
    await page.getByRole('dialog').getByLabel('Code').fill(totpCodeAt(secret, server.clock.now()));
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('No second factor yet.').waitFor();
  });

  it('lets an org owner require MFA for the members', async () => {
    const orgId = server.firstRun?.orgId ?? '';
    const page = await harness.newPage();
    await signInThroughConsole(page, `/console/orgs/${orgId}/api-tokens`, ADMIN);
    const toggle = page.getByRole('switch', { name: 'Require MFA for members' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    // Mantine draws the switch over its visually hidden input: click the input itself.
    await toggle.click({ force: true });
    await page.getByText('Members now need a second factor.').waitFor();
    await expectAccessible(page, 'the require-MFA switch');
    const owner = await apiSignIn(server, ADMIN);
    const org = await apiCall(server, owner, 'GET', `/api/v1/orgs/${orgId}`);
    expect(org.json.requireMfa).toBe(true);
  });
});
