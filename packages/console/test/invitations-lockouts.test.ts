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
const LOCKED = { email: 'locked@example.test', password: PASSWORD };
const ADMIN_USER = { email: 'org-admin@example.test', password: PASSWORD };

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;
let orgId: string;
let operator: Awaited<ReturnType<typeof apiSignIn>>;
let owner: Page;

/** Wrong passwords for LOCKED from this test (one address, no device cookie) until the API answers 429. */
async function lockOut(): Promise<void> {
  // KEYWARD_LOCKOUT_ATTEMPTS (10) failures lock the (account, address) bucket (docs/accounts.md#lockout).
  for (let attempt = 1; attempt <= 10; attempt++) {
    const failed = await apiCall(server, null, 'POST', '/api/v1/session', {
      email: LOCKED.email,
      password: 'not the password',
    });
    expect(failed.status).toBe(401);
  }
  const locked = await apiCall(server, null, 'POST', '/api/v1/session', LOCKED);
  expect(locked.status).toBe(429);
  expect(locked.json.code).toBe('auth.rate_limited');
}

async function signInStatus(): Promise<number> {
  return (await apiCall(server, null, 'POST', '/api/v1/session', LOCKED)).status;
}

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  orgId = server.firstRun?.orgId ?? '';
  operator = await apiSignIn(server);
  for (const [account, roles] of [
    [LOCKED, ['org_member']],
    [ADMIN_USER, ['org_admin']],
  ] as const) {
    expect(
      (await apiCall(server, operator, 'POST', '/api/v1/users', { ...account, name: account.email })).status,
    ).toBe(201);
    expect(
      (
        await apiCall(server, operator, 'POST', `/api/v1/orgs/${orgId}/members`, {
          email: account.email,
          orgRoles: roles,
        })
      ).status,
    ).toBe(201);
  }
  owner = await harness.newPage();
  await signInThroughConsole(owner, `/console/orgs/${orgId}/members`);
});

afterAll(async () => {
  await harness.close();
});

describe('Invitations', () => {
  it('invites by e-mail with the keyboard alone, then resends and revokes the pending invitation', async () => {
    await owner.getByRole('heading', { name: 'Members' }).waitFor();
    await owner.getByText('No invitation is waiting.').waitFor();
    await tabTo(owner, owner.getByRole('button', { name: 'Add a member' }));
    await owner.keyboard.press('Enter');
    const dialog = owner.getByRole('dialog', { name: /Add a member/ });
    await dialog.waitFor();
    await owner.keyboard.type('newcomer@example.test'); // the e-mail field has focus
    await tabTo(owner, dialog.getByRole('checkbox', { name: 'Developer' }));
    await owner.keyboard.press('Space');
    await tabTo(owner, dialog.getByRole('button', { name: 'Add member' }));
    await owner.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await owner.getByText('Invitation sent to newcomer@example.test').waitFor();

    const invitations = owner.getByRole('table', { name: 'Pending invitations' });
    const row = invitations.getByRole('row', { name: /newcomer@example\.test/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Developer');
    // An invitation is not a member.
    expect(await owner.getByRole('table', { name: 'Members' }).textContent()).not.toContain('newcomer');
    await expectAccessible(owner, 'the members page with a pending invitation');
    await screenshot(owner, 'invitations');

    const resent = async () =>
      (
        await apiCall(
          server,
          operator,
          'GET',
          '/api/v1/audit-events?pageStart=1&pageLimit=10&action=invitation.resent',
        )
      ).json.totalResults;
    expect(await resent()).toBe(0);
    await tabTo(owner, row.getByRole('button', { name: 'Resend the invitation of newcomer@example.test' }));
    await owner.keyboard.press('Enter');
    await owner.getByText('Invitation sent again to newcomer@example.test').waitFor();
    expect(await resent()).toBe(1);

    await tabTo(owner, row.getByRole('button', { name: 'Revoke the invitation of newcomer@example.test' }));
    await owner.keyboard.press('Enter');
    const confirm = owner.getByRole('dialog', {
      name: 'Revoke the invitation of newcomer@example.test?',
    });
    await confirm.waitFor();
    await expectAccessible(owner, 'the revoke-invitation confirmation');
    await tabTo(owner, confirm.getByRole('button', { name: 'Revoke invitation' }));
    await owner.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    await owner.getByText('No invitation is waiting.').waitFor();
    const listed = await apiCall(server, operator, 'GET', `/api/v1/orgs/${orgId}/invitations`);
    expect(listed.json.items).toEqual([]);
  });

  it('shows an admin that an invitation as owner is the owners’ to resend or revoke', async () => {
    const invited = await apiCall(server, operator, 'POST', `/api/v1/orgs/${orgId}/invitations`, {
      email: 'future-owner@example.test',
      orgRoles: ['org_owner'],
    });
    expect(invited.status).toBe(201);
    const page = await harness.newPage();
    await signInThroughConsole(page, `/console/orgs/${orgId}/members`, ADMIN_USER);
    const row = page
      .getByRole('table', { name: 'Pending invitations' })
      .getByRole('row', { name: /future-owner@example\.test/ });
    await row.waitFor();
    expect(await row.getByRole('button', { name: /Resend/ }).isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: 'Revoke' }).isDisabled()).toBe(true);
    // Owners only: an admin sees no lockouts.
    expect(await page.getByRole('heading', { name: 'Lockouts' }).count()).toBe(0);
    await expectAccessible(page, 'the members page of an admin');
  });
});

describe('Lockouts and sessions', () => {
  it('the owner lifts a member’s lockout from Members; the member signs in at once', async () => {
    await lockOut();
    await owner.goto(`/console/orgs/${orgId}/members`);
    const row = owner
      .getByRole('table', { name: 'Lockouts' })
      .getByRole('row', { name: /locked@example\.test/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Address 127.0.0.1');
    await expectAccessible(owner, 'the members page with a lockout');
    await screenshot(owner, 'lockouts');

    await row.getByRole('button', { name: 'Lift the lockout of locked@example.test' }).click();
    const confirm = owner.getByRole('dialog', { name: 'Lift the lockout of locked@example.test?' });
    await confirm.getByRole('button', { name: 'Lift lockout' }).click();
    await row.waitFor({ state: 'detached' });
    await owner.getByText('Nobody is locked out.').waitFor();
    expect(await signInStatus()).toBe(200);
  });

  it('the operator lifts a lockout from Platform → Users with the keyboard alone; the account signs in', async () => {
    await lockOut();
    await owner.goto('/console/platform/users');
    await owner.getByRole('heading', { name: 'Users' }).waitFor();
    const row = owner
      .getByRole('table', { name: 'Lockouts' })
      .getByRole('row', { name: /locked@example\.test/ });
    await row.waitFor();
    await expectAccessible(owner, 'Platform → Users with a lockout');
    await tabTo(owner, row.getByRole('button', { name: 'Lift the lockout of locked@example.test' }), 120);
    await owner.keyboard.press('Enter');
    const confirm = owner.getByRole('dialog', { name: 'Lift the lockout of locked@example.test?' });
    await confirm.waitFor();
    await expectAccessible(owner, 'the lift-lockout confirmation');
    await tabTo(owner, confirm.getByRole('button', { name: 'Lift lockout' }));
    await owner.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    expect(await signInStatus()).toBe(200);
  });

  it('the operator ends a user’s sessions: the user’s session stops working', async () => {
    const session = await apiSignIn(server, LOCKED);
    expect((await apiCall(server, session, 'GET', '/api/v1/me')).status).toBe(200);
    await owner.goto('/console/platform/users');
    const row = owner
      .getByRole('table', { name: 'Users' })
      .getByRole('row', { name: /locked@example\.test/ });
    await row.getByRole('button', { name: 'End sessions of locked@example.test' }).click();
    const confirm = owner.getByRole('dialog', { name: 'End every session of locked@example.test?' });
    await expectAccessible(owner, 'the end-sessions confirmation');
    await confirm.getByRole('button', { name: 'End sessions' }).click();
    await owner.getByText(/sessions? of locked@example\.test ended/).waitFor();
    expect((await apiCall(server, session, 'GET', '/api/v1/me')).status).toBe(401);
    // The operator's own row offers no "End sessions": it would sign them out too.
    const self = owner
      .getByRole('table', { name: 'Users' })
      .getByRole('row', { name: /operator@example\.test/ });
    expect(await self.getByRole('button', { name: /End sessions of/ }).count()).toBe(0);
  });
});
