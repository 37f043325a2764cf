import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantConsumerKey, userCaller } from '../../server/test/support/ovh.js';
import { operatorCaller } from '../../server/test/support/server.js';
import {
  expectAccessible,
  type ListeningServer,
  screenshot,
  signInThroughConsole,
  startConsole,
  tabTo,
} from './support/console.js';

const PASSWORD = 'a long and careful passphrase';
const RITA = { email: 'rita@example.test', password: PASSWORD };

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;
let orgId: string;
let appId: string;
let owner: Page;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  orgId = server.firstRun?.orgId ?? '';
  const system = operatorCaller();
  const { services, users, members, apps, appGrants, apiTokens } = server.container;
  await services.create(system, {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
    ],
  });
  const rita = await users.create(system, { ...RITA, name: 'Rita' });
  await members.add(system, orgId, {
    email: rita.email,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer', 'billing:admin'],
  });
  // Rita's token asks for the viewer role only: billing:write is held by Rita but left out of the token.
  await apiTokens.generate(userCaller(rita.id), {
    orgId,
    name: 'reports',
    scopes: { serviceRoles: ['billing:viewer'] },
  });
  const created = await apps.create(system, orgId, {
    type: 'server',
    name: 'Sync',
    scopes: { allRoles: true },
  });
  appId = created.app.id;
  await appGrants.add(system, orgId, [appId], { orgRoles: ['org_member'], serviceRoles: ['billing:viewer'] });
  await grantConsumerKey(server.container, {
    developerId: rita.id,
    userId: rita.id,
    rules: [{ method: 'GET', path: '/billing/*' }],
  });
  owner = await harness.newPage();
  await signInThroughConsole(owner, `/console/orgs/${orgId}/members`);
});

afterAll(async () => {
  await harness.close();
});

/** Picks a permission in the dialog's searchable select and asks. */
async function ask(page: Page, dialog: ReturnType<Page['getByRole']>, permission: string): Promise<void> {
  await dialog.getByRole('textbox', { name: 'Permission' }).fill(permission);
  await page.getByRole('option', { name: permission, exact: true }).click();
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
}

describe('Check access', () => {
  it('on a member: allowed with the steps in words, then denied with what is missing', async () => {
    const row = owner.getByRole('row', { name: /rita@example\.test/ });
    await row.getByRole('button', { name: 'Check access of rita@example.test' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Check access of rita@example.test' });
    await ask(owner, dialog, 'billing:write');
    await dialog.getByText('Allowed: billing:write').waitFor();
    await dialog.getByText('What its holder holds in the organization').waitFor();
    await dialog.getByText(/billing:write is among the permissions it carries/).waitFor();
    await expectAccessible(owner, 'the check-access dialog on a member');
    await screenshot(owner, 'check-access-member');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    // The owner has no billing role: denied, and the answer names the role that grants it.
    const me = owner.getByRole('row', { name: /operator@example\.test/ });
    await me.getByRole('button', { name: 'Check access of you' }).click();
    const mine = owner.getByRole('dialog', { name: 'Check access of you' });
    await ask(owner, mine, 'billing:read');
    await mine.getByText('Denied: billing:read').waitFor();
    await mine
      .getByText(/billing:viewer grants it|billing:admin grants it|grants it/)
      .first()
      .waitFor();
    expect(await mine.getByText(/^Missing:/).textContent()).toContain('billing:read');
    await mine.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('on a member’s API token in the owner’s token list: the scope that leaves a held role out', async () => {
    await owner.goto(`/console/orgs/${orgId}/api-tokens`);
    const row = owner.getByRole('row', { name: /reports/ });
    await row.getByRole('button', { name: /Check access of the API token “reports”/ }).click();
    const dialog = owner.getByRole('dialog', { name: /Check access of the API token “reports”/ });
    await ask(owner, dialog, 'billing:write');
    await dialog.getByText('Denied: billing:write').waitFor();
    await dialog.getByText(/the token’s scope leaves it out/).waitFor();
    await dialog.getByText('Permissions: billing:read').waitFor();
    await expectAccessible(owner, 'a denied access check');
    await screenshot(owner, 'check-access-token');
  });

  it('on an app, from its page', async () => {
    await owner.goto(`/console/orgs/${orgId}/apps/${encodeURIComponent(appId)}`);
    await owner.getByRole('button', { name: 'Check access of the app “Sync”' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Check access of the app “Sync”' });
    await ask(owner, dialog, 'billing:read');
    await dialog.getByText('Allowed: billing:read').waitFor();
    await dialog.getByText('What an access token minted now carries').waitFor();
  });

  it('on my own API token and my consumer key, with the keyboard alone', async () => {
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/api-tokens', RITA);
    const row = page.getByRole('row', { name: /reports/ });
    await row.waitFor();
    await tabTo(page, row.getByRole('button', { name: 'Check access of the API token “reports”' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Check access of the API token “reports”' });
    await dialog.waitFor();
    await page.keyboard.type('billing:read'); // the permission field has focus
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: 'Check', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.getByText('Allowed: billing:read').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.goto('/console/account/delegated-access');
    const key = page.getByRole('row', { name: /GET \/billing\/\*/ });
    await key.waitFor();
    await tabTo(page, key.getByRole('button', { name: /Check access of key #\d+/ }));
    await page.keyboard.press('Enter');
    const keyDialog = page.getByRole('dialog', { name: /Check access of key #\d+/ });
    await keyDialog.waitFor();
    await page.keyboard.type('/billing/invoices'); // the path field has focus; the method is GET
    await page.keyboard.press('Enter');
    await keyDialog.getByText('Allowed: GET /billing/invoices').waitFor();
    await keyDialog.getByText('Its access rules', { exact: true }).waitFor();
    await expectAccessible(page, 'an access check of a consumer key');
    await screenshot(page, 'check-access-consumer-key');

    await keyDialog.getByRole('textbox', { name: 'Path' }).fill('/me');
    await keyDialog.getByRole('button', { name: 'Check', exact: true }).click();
    await keyDialog.getByText('Denied: GET /me').waitFor();
  });
});
