import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  apiSignIn,
  expectAccessible,
  type ListeningServer,
  screenshot,
  signInThroughConsole,
  startConsole,
  tabTo,
} from './support/console.js';

const PASSWORD = 'a long and careful passphrase';

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;
let page: Page;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  const operator = await apiSignIn(server);
  expect(
    (
      await apiCall(server, operator, 'POST', '/api/v1/users', {
        email: 'lin@example.test',
        password: PASSWORD,
      })
    ).status,
  ).toBe(201);
  const created = await apiCall(server, operator, 'POST', '/api/v1/services', {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
    ],
  });
  expect(created.status).toBe(201);
  const orgId = server.firstRun?.orgId ?? '';
  const added = await apiCall(server, operator, 'POST', `/api/v1/orgs/${orgId}/members`, {
    email: 'lin@example.test',
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
  });
  expect(added.status).toBe(201);
  page = await harness.newPage();
  await signInThroughConsole(page, '/console/platform/signing-keys');
});

afterAll(async () => {
  await harness.close();
});

const jwksKids = async () =>
  ((await (await fetch(new URL('/oauth/jwks', server.url))).json()) as { keys: { kid: string }[] }).keys.map(
    (key) => key.kid,
  );

describe('Platform: signing keys', () => {
  it('lists the keys and rotates with the keyboard alone: the new key active, the old one still published', async () => {
    await page.getByRole('heading', { name: 'Signing keys' }).waitFor();
    const rows = page.getByRole('table', { name: 'Signing keys' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(2); // the header and the first key
    const [first] = await jwksKids();
    expect(await rows.nth(1).textContent()).toContain(first);
    expect(await rows.nth(1).textContent()).toContain('Active');

    await tabTo(page, page.getByRole('button', { name: 'Rotate the signing key' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing key?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the rotation dialog');
    await page.keyboard.press('Enter'); // the confirming button has focus
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => rows.count()).toBe(3);
    const kids = await jwksKids();
    expect(kids).toHaveLength(2);
    const second = kids.find((kid) => kid !== first) ?? '';
    expect(await rows.filter({ hasText: first }).textContent()).toContain('Retired');
    expect(await rows.filter({ hasText: second }).textContent()).toContain('Active');
    await expectAccessible(page, 'the signing keys page');
    await screenshot(page, 'signing-keys');
  });
});

describe('Platform: users', () => {
  it('resets a password: the generated one is shown once and signs in, the old one no longer does', async () => {
    await page.goto('/console/platform/users');
    const row = page.getByRole('row', { name: /lin@example\.test/ });
    await row.getByRole('button', { name: 'Reset password of lin@example.test' }).click();
    await page
      .getByRole('dialog', { name: 'Reset the password of lin@example.test?' })
      .getByRole('button', { name: 'Reset password' })
      .click();
    const shown = page.getByRole('dialog', { name: 'Password reset' });
    const password = await shown.getByRole('textbox', { name: 'New password' }).inputValue();
    expect(password).toMatch(/^[0-9A-Za-z]{24}$/);
    await expectAccessible(page, 'the new password, shown once');
    await screenshot(page, 'user-password-reset');
    await shown.getByRole('button', { name: 'Continue' }).click();
    await shown.waitFor({ state: 'hidden' });

    const signIn = async (pass: string) =>
      (
        await fetch(new URL('/api/v1/session', server.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'lin@example.test', password: pass }),
        })
      ).status;
    expect(await signIn(PASSWORD)).toBe(401);
    expect(await signIn(password)).toBe(200);
  });
});

describe('Platform: services', () => {
  it('edits a service: its name and a role’s permissions; a role a member holds cannot be removed', async () => {
    await page.goto('/console/platform/services');
    await page.getByRole('button', { name: /Billing/ }).click();
    await page.getByRole('link', { name: 'Edit Billing' }).click();
    await page.getByRole('heading', { name: 'Edit the service Billing' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Service id' }).isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Invoicing');
    await page.getByRole('textbox', { name: 'Role 1 permissions' }).fill('read write');
    await page.getByRole('button', { name: 'Remove role 2' }).click(); // admin: nobody holds it
    await expectAccessible(page, 'the service edit form');
    await screenshot(page, 'service-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    const operator = await apiSignIn(server);
    const service = await apiCall(server, operator, 'GET', '/api/v1/services/billing');
    expect(service.json).toMatchObject({
      name: 'Invoicing',
      roles: [{ name: 'viewer', permissions: ['billing:read', 'billing:write'] }],
    });

    // The viewer role is held by a member: the API refuses, and the form says why.
    await page.getByRole('button', { name: /Invoicing/ }).click();
    await page.getByRole('link', { name: 'Edit Invoicing' }).click();
    await page.getByRole('button', { name: 'Remove role 1' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/billing:viewer by 1 member/).waitFor();
    await page.getByText('service.role_in_use').waitFor();
  });
});
