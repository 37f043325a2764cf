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
  tabTo,
} from './support/console.js';

const ACCOUNT = { email: 'security@example.test', password: 'security page passphrase' };
const MEMBER = { email: 'mfa-member@example.test', password: 'mfa member passphrase' };
const OFFERED = { email: 'offered@example.test', password: 'offered account passphrase' };

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

  it('asks a member of an org that requires MFA to add a factor, on every page until they do', async () => {
    // After the test above: the default organization requires MFA.
    const orgId = server.firstRun?.orgId ?? '';
    const member = await server.container.users.create(operatorCaller(), MEMBER);
    await server.container.members.add(operatorCaller(), orgId, {
      email: member.email,
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/api-tokens', MEMBER);
    const notice = page.getByRole('alert').filter({ hasText: 'Set up two-step verification' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Default organization requires a second factor');
    await expectAccessible(page, 'the MFA-required notice');
    await screenshot(page, 'mfa-required');

    // With the keyboard: the notice's button leads to the Security page, which says why.
    await tabTo(page, notice.getByRole('link', { name: 'Set up two-step verification' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Security' }).waitFor();
    await page.getByText('Required by your organization').waitFor();
    expect(await notice.count()).toBe(0);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    const secret = (await page.locator('code').first().textContent()) ?? '';
    await page.getByLabel('Code from the app').fill(totpCodeAt(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();

    // Enrolled: the notice is gone from the other pages.
    await page.goto('/console/account/api-tokens');
    await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
    expect(await notice.count()).toBe(0);
  });

  it('offers a second factor right after a password change the account had to make', async () => {
    const user = await server.container.users.create(operatorCaller(), OFFERED);
    const operator = await apiSignIn(server, ADMIN);
    const reset = await apiCall(server, operator, 'POST', `/api/v1/users/${user.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temporary = String(reset.json.password);
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/api-tokens', { ...OFFERED, password: temporary });
    await page.getByRole('heading', { name: 'Password' }).waitFor();
    // With the keyboard alone: each field by Tab, the form sent with Enter.
    await tabTo(page, page.getByLabel('Current password'));
    await page.keyboard.type(temporary);
    await tabTo(page, page.getByLabel(/^New password/));
    await page.keyboard.type('a brand new offered passphrase');
    await tabTo(page, page.getByLabel('Repeat the new password'));
    await page.keyboard.type('a brand new offered passphrase');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/account\/security\?after=password$/);
    await page.getByText('Your new password is set').waitFor();
    await expectAccessible(page, 'the second-factor offer');
    await screenshot(page, 'mfa-offered');
  });
});
