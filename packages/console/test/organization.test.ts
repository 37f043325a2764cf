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
const MEMBER = { email: 'member@example.test', password: PASSWORD };
const ADMIN_USER = { email: 'admin@example.test', password: PASSWORD };

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;
let orgId: string;
let owner: Page;
let memberToken: string;

async function exchange(token: string): Promise<number> {
  const response = await fetch(new URL('/csp/gateway/am/api/auth/api-tokens/authorize', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ refresh_token: token }).toString(),
  });
  return response.status;
}

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  orgId = server.firstRun?.orgId ?? '';
  const operator = await apiSignIn(server);
  for (const [account, roles] of [
    [MEMBER, ['org_member']],
    [ADMIN_USER, ['org_admin']],
  ] as const) {
    expect(
      (await apiCall(server, operator, 'POST', '/api/v1/users', { ...account, name: account.email })).status,
    ).toBe(201);
    const added = await apiCall(server, operator, 'POST', `/api/v1/orgs/${orgId}/members`, {
      email: account.email,
      orgRoles: roles,
    });
    expect(added.status).toBe(201);
  }
  for (const email of ['dev@example.test', 'keys@example.test']) {
    expect(
      (await apiCall(server, operator, 'POST', '/api/v1/users', { email, password: PASSWORD })).status,
    ).toBe(201);
  }
  // The member's own API token, which the owner will deactivate.
  const member = await apiSignIn(server, MEMBER);
  const generated = await apiCall(server, member, 'POST', '/api/v1/me/api-tokens', {
    orgId,
    name: 'member laptop',
    scopes: { orgRoles: ['org_member'] },
  });
  expect(generated.status).toBe(201);
  memberToken = String(generated.json.token);

  owner = await harness.newPage();
  await signInThroughConsole(owner, `/console/orgs/${orgId}/members`);
});

afterAll(async () => {
  await harness.close();
});

describe('Organization', () => {
  it('adds a member with roles, edits the roles and removes the member, each change confirmed', async () => {
    await owner.getByRole('heading', { name: 'Members' }).waitFor();
    await owner.getByRole('row', { name: /member@example\.test/ }).waitFor();
    await expectAccessible(owner, 'the members page');
    await screenshot(owner, 'members');

    await owner.getByRole('button', { name: 'Add a member' }).click();
    const dialog = owner.getByRole('dialog', { name: /Add a member/ });
    await dialog.getByRole('textbox', { name: 'E-mail' }).fill('dev@example.test');
    await dialog.getByRole('checkbox', { name: 'Developer' }).check();
    await expectAccessible(owner, 'the add-member dialog');
    await screenshot(owner, 'members-add');
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = owner.getByRole('row', { name: /dev@example\.test/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Developer');

    await row.getByRole('button', { name: 'Edit roles of dev@example.test' }).click();
    const edit = owner.getByRole('dialog', { name: 'Roles of dev@example.test' });
    await edit.getByRole('checkbox', { name: 'Organization Administrator' }).check();
    await edit.getByRole('button', { name: 'Save roles' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('Organization Administrator');

    await row.getByRole('button', { name: 'Remove dev@example.test' }).click();
    const confirm = owner.getByRole('dialog', {
      name: /Remove dev@example\.test from Default organization\?/,
    });
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await row.waitFor({ state: 'detached' });

    // The API's refusal is shown with its message and request id: the last owner cannot leave.
    const me = owner.getByRole('row', { name: /operator@example\.test/ });
    await me.getByRole('button', { name: 'Leave the organization' }).click();
    const leave = owner.getByRole('dialog', { name: 'Leave Default organization?' });
    await leave.getByRole('button', { name: 'Leave organization' }).click();
    await leave.getByText('An organization must keep at least one owner').waitFor();
    await leave.getByText(/request id/).waitFor();
    await leave.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows an admin what the rules forbid: an owner cannot be changed or removed by them', async () => {
    const page = await harness.newPage();
    await signInThroughConsole(page, `/console/orgs/${orgId}/members`, ADMIN_USER);
    const ownerRow = page.getByRole('row', { name: /operator@example\.test/ });
    await ownerRow.waitFor();
    expect(await ownerRow.getByRole('button', { name: /Edit roles/ }).isDisabled()).toBe(true);
    expect(await ownerRow.getByRole('button', { name: 'Remove' }).isDisabled()).toBe(true);
    const self = page.getByRole('row', { name: /admin@example\.test/ });
    expect(await self.getByRole('button', { name: /Edit roles/ }).isDisabled()).toBe(true);
    const member = page.getByRole('row', { name: /member@example\.test/ });
    expect(await member.getByRole('button', { name: /Edit roles/ }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Add a member' }).click();
    const dialog = page.getByRole('dialog', { name: /Add a member/ });
    expect(await dialog.getByRole('checkbox', { name: 'Organization Owner' }).isDisabled()).toBe(true);
  });

  it('lets the owner deactivate and reactivate a member’s API token, and set the token policy', async () => {
    await owner.getByRole('link', { name: 'API token policy' }).click();
    await owner.getByRole('heading', { name: 'API token policy' }).waitFor();
    const row = owner.getByRole('row', { name: /member laptop/ });
    await row.waitFor();
    await expectAccessible(owner, 'the API token policy page');
    await screenshot(owner, 'org-api-tokens');
    expect(await exchange(memberToken)).toBe(200);

    await row.getByRole('button', { name: 'Deactivate member laptop of member@example.test' }).click();
    const confirm = owner.getByRole('dialog', {
      name: /Deactivate the API token “member laptop” of member@example\.test\?/,
    });
    await confirm.getByRole('button', { name: 'Deactivate token' }).click();
    await expect.poll(() => row.textContent()).toContain('Deactivated');
    expect(await exchange(memberToken)).toBe(400);

    await row.getByRole('button', { name: 'Reactivate member laptop of member@example.test' }).click();
    await owner
      .getByRole('dialog', { name: /Reactivate/ })
      .getByRole('button', { name: 'Reactivate token' })
      .click();
    await expect.poll(() => row.textContent()).toContain('Active');
    expect(await exchange(memberToken)).toBe(200);

    await owner.getByRole('checkbox', { name: 'Maximum lifetime of new tokens' }).check();
    await owner.getByRole('textbox', { name: 'Maximum lifetime of new tokens: amount' }).fill('90');
    await owner.getByRole('button', { name: 'Save policy' }).click();
    await owner.getByText('API token policy saved').waitFor();
    const operator = await apiSignIn(server);
    const policy = await apiCall(server, operator, 'GET', `/api/v1/orgs/${orgId}/policies`);
    expect(policy.json.apiTokenMaxTtl).toBe(90 * 86400);
  });

  it('reads the audit log in words, newest first', async () => {
    await owner.getByRole('link', { name: 'Audit log', exact: true }).click();
    await owner.getByRole('heading', { name: 'Audit log' }).waitFor();
    const rows = owner.getByRole('row');
    await owner
      .getByText(/deactivated the API token/)
      .first()
      .waitFor();
    const texts = await rows.allTextContents();
    // Newest first: the policy change comes before the member additions of the set-up.
    const policyAt = texts.findIndex((t) => t.includes('changed the API token policy'));
    const addedAt = texts.findIndex((t) => t.includes('added') && t.includes('org_member'));
    expect(policyAt).toBeGreaterThan(0);
    expect(addedAt).toBeGreaterThan(policyAt);
    await owner.getByText(/generated the API token “member laptop”/).waitFor();
    await expectAccessible(owner, 'the audit log');
    await screenshot(owner, 'audit');
  });

  it('deactivates and reactivates a member’s API token with the keyboard alone', async () => {
    await owner.goto(`/console/orgs/${orgId}/api-tokens`);
    await owner.getByRole('heading', { name: 'API token policy' }).waitFor();
    const row = owner.getByRole('row', { name: /member laptop/ });
    await row.waitFor();
    await tabTo(owner, row.getByRole('button', { name: 'Deactivate member laptop of member@example.test' }));
    await owner.keyboard.press('Enter');
    const confirm = owner.getByRole('dialog', { name: /Deactivate the API token “member laptop”/ });
    await confirm.waitFor();
    await tabTo(owner, confirm.getByRole('button', { name: 'Deactivate token' }));
    await owner.keyboard.press('Enter');
    await expect.poll(() => row.textContent()).toContain('Deactivated');
    expect(await exchange(memberToken)).toBe(400);

    await tabTo(owner, row.getByRole('button', { name: 'Reactivate member laptop of member@example.test' }));
    await owner.keyboard.press('Enter');
    const reactivate = owner.getByRole('dialog', { name: /Reactivate/ });
    await reactivate.waitFor();
    await tabTo(owner, reactivate.getByRole('button', { name: 'Reactivate token' }));
    await owner.keyboard.press('Enter');
    await expect.poll(() => row.textContent()).toContain('Active');
    expect(await exchange(memberToken)).toBe(200);
  });

  it('adds a member with the keyboard alone', async () => {
    await owner.goto(`/console/orgs/${orgId}/members`);
    await owner.getByRole('heading', { name: 'Members' }).waitFor();
    await tabTo(owner, owner.getByRole('button', { name: 'Add a member' }));
    await owner.keyboard.press('Enter');
    const dialog = owner.getByRole('dialog', { name: /Add a member/ });
    await dialog.waitFor();
    await owner.keyboard.type('keys@example.test'); // the e-mail field has focus
    await tabTo(owner, dialog.getByRole('checkbox', { name: 'Developer' }));
    await owner.keyboard.press('Space');
    await tabTo(owner, dialog.getByRole('button', { name: 'Add member' }));
    await owner.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const row = owner.getByRole('row', { name: /keys@example\.test/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Developer');
  });
});
