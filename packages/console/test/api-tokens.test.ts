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

let harness: Awaited<ReturnType<typeof startConsole>>;
let server: ListeningServer;
let orgId: string;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  orgId = server.firstRun?.orgId ?? '';
  // A service whose roles the scope tree shows; the operator holds billing:viewer but not billing:admin.
  const operator = await apiSignIn(server);
  const service = await apiCall(server, operator, 'POST', '/api/v1/services', {
    id: 'billing',
    name: 'Billing',
    permissions: [{ id: 'read', description: 'Read invoices' }, { id: 'write' }],
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
    ],
  });
  expect(service.status).toBe(201);
  const roles = await apiCall(server, operator, 'PUT', `/api/v1/orgs/${orgId}/members/${operator.userId}`, {
    orgRoles: ['org_owner'],
    serviceRoles: ['billing:viewer'],
  });
  expect(roles.status).toBe(200);
});

afterAll(async () => {
  await harness.close();
});

/** The seed's exchange, as a CSP client does it: form-encoded refresh_token, JSON answer. */
async function exchange(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/csp/gateway/am/api/auth/api-tokens/authorize', server.url), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ refresh_token: token }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

/** Reads the token out of the "Token Generated" dialog, checks copy/download/print are there, and continues. */
async function saveAndContinue(page: Page, dialogTitle: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: dialogTitle });
  await dialog.waitFor();
  const token = await dialog.getByRole('textbox', { name: 'API token' }).inputValue();
  expect(token).toMatch(/^[A-Za-z0-9]{65}$/);
  await expect.poll(() => dialog.getByRole('button', { name: 'Download' }).isVisible()).toBe(true);
  await expect.poll(() => dialog.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toMatch(/^keyward-api-token-.+\.txt$/);
  return token;
}

describe('My Account → API Tokens (the seed procedure)', () => {
  it('generates a token step by step, shows it once, and the token works at the CSP exchange', async () => {
    const page = await harness.newPage();
    // 1. Not signed in: the sign-in page, then back to the page asked for.
    await page.goto('/console/account/api-tokens');
    await page.waitForURL(/\/console\/sign-in\?next=/);
    await expectAccessible(page, 'the sign-in page');
    await screenshot(page, 'sign-in');
    await signInThroughConsole(page, '/console/account/api-tokens');
    expect(new URL(page.url()).pathname).toBe('/console/account/api-tokens');
    await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
    await expectAccessible(page, 'the API tokens page (empty)');

    // 2. Generate a New API Token.
    await page.getByRole('link', { name: 'Generate a New API Token' }).click();
    await page.getByRole('heading', { name: 'Generate a New API Token' }).waitFor();
    // 3. A name.
    await page.getByRole('textbox', { name: 'Token Name' }).fill('ci pipeline');
    // 4. The lifetime: six months by default; "never" warns; 30 days chosen.
    expect(await page.getByRole('textbox', { name: 'Lifetime', exact: true }).inputValue()).toBe('6');
    await page.getByRole('radio', { name: 'Never expires' }).check();
    await page.getByText('A non-expiring token can be a security risk if compromised').waitFor();
    await page.getByRole('radio', { name: 'Expires after' }).check();
    await page.getByRole('textbox', { name: 'Lifetime', exact: true }).fill('30');
    await page.getByRole('textbox', { name: 'Lifetime unit' }).click();
    await page.getByRole('option', { name: 'Days' }).click();
    // 5. Scopes: an org role held, one not held (disabled), a service role from the tree, a permission at the side.
    await page.getByRole('checkbox', { name: 'Organization Owner' }).check();
    expect(await page.getByRole('checkbox', { name: 'Organization Administrator' }).isDisabled()).toBe(true);
    await page.getByRole('treeitem', { name: /Billing/ }).click();
    await page.getByRole('checkbox', { name: 'viewer (Billing)' }).check();
    expect(await page.getByRole('checkbox', { name: 'admin (Billing)' }).isDisabled()).toBe(true);
    // The viewer role's permissions, at the side: included in full since the whole role is selected.
    const permission = page.getByRole('checkbox', { name: 'billing:read' });
    expect(await permission.isChecked()).toBe(true);
    expect(await permission.isDisabled()).toBe(true);
    await expectAccessible(page, 'the generate form with the scope tree open');
    await screenshot(page, 'api-token-generate');
    // 6. Open ID; 7. an e-mail reminder.
    await page.getByRole('checkbox', { name: 'Open ID' }).check();
    await page.getByRole('checkbox', { name: 'E-mail me a reminder before the token expires' }).check();
    await page.getByRole('textbox', { name: 'Days before expiry' }).fill('5');
    // 8. Generate; 9. the token, once, with copy, download and print.
    await page.getByRole('button', { name: 'Generate' }).click();
    const token = await saveAndContinue(page, 'Token Generated');
    await expectAccessible(page, 'the Token Generated dialog');
    await screenshot(page, 'api-token-generated');
    // 10. Continue: only the name remains.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/console\/account\/api-tokens$/);
    const row = page.getByRole('row', { name: /ci pipeline/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    expect(await page.content()).not.toContain(token);
    await expectAccessible(page, 'the API tokens page with a token');
    await screenshot(page, 'api-tokens');

    // The token, exchanged with a raw HTTP request as the seed describes, and the access token used.
    const exchanged = await exchange(token);
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    const accessToken = String(exchanged.body.access_token);
    expect(exchanged.body.id_token).toBeDefined(); // Open ID
    const claims = claimsOf(accessToken);
    expect(claims.context_name).toBe(orgId);
    expect(claims.perms).toEqual(expect.arrayContaining(['csp:org_owner', 'external/billing/viewer']));
    expect(claims.perms).not.toContain('external/billing/admin');
    const me = await fetch(new URL('/api/v1/me', server.url), { headers: { 'csp-auth-token': accessToken } });
    expect(me.status).toBe(200);

    // Stored as chosen: 30 days, a 5-day reminder.
    const operator = await apiSignIn(server);
    const listed = await apiCall(server, operator, 'GET', '/api/v1/me/api-tokens');
    const record = (
      listed.json.results as { name: string; notifyDaysBeforeExpiry: number; openid: boolean }[]
    ).find((t) => t.name === 'ci pipeline');
    expect(record).toMatchObject({ notifyDaysBeforeExpiry: 5, openid: true });

    // Regenerate with confirmation: the old value stops, the new one works.
    await row.getByRole('button', { name: 'Regenerate ci pipeline' }).click();
    await page.getByRole('dialog', { name: 'Regenerate the API token “ci pipeline”?' }).waitFor();
    await page.getByRole('button', { name: 'Regenerate token' }).click();
    const regenerated = await saveAndContinue(page, 'Token Regenerated');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect((await exchange(token)).status).toBe(400);
    expect((await exchange(regenerated)).status).toBe(200);

    // Revoke with confirmation naming the token: the value stops working.
    const live = page.getByRole('row', { name: /ci pipeline.*Active/ });
    await live.getByRole('button', { name: 'Revoke ci pipeline' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the API token “ci pipeline”?' });
    await confirm.waitFor();
    await expectAccessible(page, 'the revoke confirmation');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await exchange(regenerated)).status).toBe(400);
  });

  it('shows My Roles per organization', async () => {
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/roles');
    await page.getByRole('heading', { name: 'My Roles' }).waitFor();
    await page.getByText('billing:viewer', { exact: true }).waitFor();
    await page.getByText('Organization Owner').first().waitFor();
    await expectAccessible(page, 'My Roles');
    await screenshot(page, 'my-roles');
  });

  it('asks for the landing page’s data once, whether early.js or the console’s code runs first', async () => {
    const page = await harness.newPage();
    await signInThroughConsole(page, '/console/account/roles');
    await page.getByRole('heading', { name: 'My Roles' }).waitFor();
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) asked.push(`${request.method()} ${url.pathname}${url.search}`);
    });
    await page.goto('/console/account/api-tokens?page=1');
    await page.getByText(/No API tokens|of \d+ API tokens/).waitFor();
    // Had the console not taken early.js's answers (or early.js not left it to the console), each would go twice.
    expect(asked.sort()).toEqual(['GET /api/v1/me', 'GET /api/v1/me/api-tokens?pageStart=1&pageLimit=20']);
    expect(
      await page.evaluate(
        () => (window as { keywardEarlyAnswers?: Map<string, unknown> }).keywardEarlyAnswers?.size,
      ),
    ).toBe(0);
  });

  it('does the whole procedure with the keyboard alone', async () => {
    const page = await harness.newPage();
    await page.goto('/console/account/api-tokens');
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    // The e-mail field has focus on arrival.
    await page.keyboard.type('operator@example.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery staple');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'API Tokens' }).waitFor();

    await tabTo(page, page.getByRole('link', { name: 'Generate a New API Token' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Generate a New API Token' }).waitFor();
    await tabTo(page, page.getByRole('textbox', { name: 'Token Name' }));
    await page.keyboard.type('keyboard token');
    await tabTo(page, page.getByRole('textbox', { name: 'Lifetime', exact: true }));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('12');
    await tabTo(page, page.getByRole('textbox', { name: 'Lifetime unit' }));
    await page.keyboard.press('ArrowDown'); // opens the list
    await page.keyboard.type('Hours');
    await expect.poll(() => page.getByRole('option', { name: 'Hours' }).isVisible()).toBe(true);
    for (let i = 0; i < 6; i++) {
      if ((await page.getByRole('option', { name: 'Hours' }).getAttribute('data-combobox-selected')) !== null)
        break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    expect(await page.getByRole('textbox', { name: 'Lifetime unit' }).inputValue()).toBe('Hours');
    await tabTo(page, page.getByRole('checkbox', { name: 'Organization Owner' }));
    await page.keyboard.press('Space');
    // The service tree: focus the service, open it with the arrow, tab to its role's checkbox.
    await tabTo(page, page.getByRole('treeitem', { name: /Billing/ }));
    await page.keyboard.press('ArrowRight');
    await tabTo(page, page.getByRole('checkbox', { name: 'viewer (Billing)' }));
    await page.getByText('Read invoices').waitFor(); // its permissions, at the side, as the role gets focus
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('checkbox', { name: 'viewer (Billing)' }).isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Generate' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Token Generated' });
    await dialog.waitFor();
    const token = await dialog.getByRole('textbox', { name: 'API token' }).inputValue();
    // Continue has the focus in the dialog.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /keyboard token/ }).waitFor();

    const exchanged = await exchange(token);
    expect(exchanged.status).toBe(200);
    expect(claimsOf(String(exchanged.body.access_token)).perms).toEqual(
      expect.arrayContaining(['csp:org_owner', 'external/billing/viewer']),
    );
    const operator = await apiSignIn(server);
    const listed = await apiCall(server, operator, 'GET', '/api/v1/me/api-tokens');
    const record = (listed.json.results as { name: string; createdAt: string; expiresAt: string }[]).find(
      (t) => t.name === 'keyboard token',
    );
    expect(Date.parse(record?.expiresAt ?? '') - Date.parse(record?.createdAt ?? '')).toBe(12 * 3600_000);
  });

  it('shrinks the default lifetime to the organization’s maximum and refuses "never"', async () => {
    const operator = await apiSignIn(server);
    const set = await apiCall(server, operator, 'PUT', `/api/v1/orgs/${orgId}/policies`, {
      apiTokenMaxTtl: 30 * 86400,
      apiTokenIdleTtl: null,
    });
    expect(set.status).toBe(200);
    try {
      const page = await harness.newPage();
      await signInThroughConsole(page, '/console/account/api-tokens/new');
      await page.getByText('This organization allows API tokens of at most 30 days.').waitFor();
      await expect
        .poll(() => page.getByRole('textbox', { name: 'Lifetime', exact: true }).inputValue())
        .toBe('30');
      expect(await page.getByRole('textbox', { name: 'Lifetime unit' }).inputValue()).toBe('Days');
      expect(await page.getByRole('radio', { name: 'Never expires' }).isDisabled()).toBe(true);
    } finally {
      await apiCall(server, operator, 'PUT', `/api/v1/orgs/${orgId}/policies`, {
        apiTokenMaxTtl: null,
        apiTokenIdleTtl: null,
      });
    }
  });
});
