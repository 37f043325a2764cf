import { createHash } from 'node:crypto';
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
let page: Page;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  page = await harness.newPage();
  await signInThroughConsole(page, '/console/platform/services');
});

afterAll(async () => {
  await harness.close();
});

/**
 * A consumer application of the operator and a consumer key it requested for `GET /me`, not yet validated, with
 * `signedMe`: the signed `GET /1.0/me` it makes, answering the HTTP status.
 */
async function requestConsumerKey(name: string, description: string) {
  const operator = await apiSignIn(server);
  const app = await apiCall(server, operator, 'POST', '/api/v1/me/consumer-apps', { name, description });
  expect(app.status).toBe(201);
  const applicationKey = String(app.json.applicationKey);
  const applicationSecret = String(app.json.applicationSecret);
  const requested = await fetch(new URL('/1.0/auth/credential', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ovh-application': applicationKey },
    body: JSON.stringify({ accessRules: [{ method: 'GET', path: '/me' }] }),
  });
  const { consumerKey, validationUrl } = (await requested.json()) as {
    consumerKey: string;
    validationUrl: string;
  };
  const signedMe = async () => {
    const url = `${server.url}/1.0/me`;
    const timestamp = String(Math.floor(server.clock.now() / 1000));
    const signature = createHash('sha1')
      .update([applicationSecret, consumerKey, 'GET', url, '', timestamp].join('+'))
      .digest('hex');
    const response = await fetch(url, {
      headers: {
        'x-ovh-application': applicationKey,
        'x-ovh-consumer': consumerKey,
        'x-ovh-timestamp': timestamp,
        'x-ovh-signature': `$1$${signature}`,
      },
    });
    return response.status;
  };
  return { validationUrl, signedMe };
}

describe('Platform (operators)', () => {
  it('registers a service whose roles then appear in the API-token scope tree', async () => {
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    await page.getByText('No service is registered yet.').waitFor();
    await page.getByRole('link', { name: 'Register a service' }).click();
    await page.getByRole('textbox', { name: 'Service id' }).fill('storage');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Object storage');
    await page.getByRole('textbox', { name: 'Role 1 name' }).fill('reader');
    await page.getByRole('textbox', { name: 'Role 1 permissions' }).fill('read list');
    await page.getByRole('button', { name: 'Add a role' }).click();
    await page.getByRole('textbox', { name: 'Role 2 name' }).fill('writer');
    await page.getByRole('textbox', { name: 'Role 2 permissions' }).fill('read, write');
    await expectAccessible(page, 'the register-service form');
    await screenshot(page, 'service-create');
    await page.getByRole('button', { name: 'Register service' }).click();
    await page.waitForURL(/\/console\/platform\/services$/);
    await page.getByRole('button', { name: /Object storage/ }).click();
    await page.getByRole('row', { name: /storage:reader.*storage:list, storage:read/ }).waitFor();
    await expectAccessible(page, 'the services page');
    await screenshot(page, 'services');

    await page.goto('/console/account/api-tokens/new');
    await page.getByRole('treeitem', { name: /Object storage/ }).click();
    for (const role of ['reader', 'writer']) {
      const box = page.getByRole('checkbox', { name: `${role} (Object storage)` });
      await box.waitFor();
      expect(await box.isDisabled()).toBe(true); // the operator does not hold it in the organization
    }
    await page.getByText('You do not hold this role in Default organization').first().waitFor();
  });

  it('registers a service with the keyboard alone', async () => {
    await page.goto('/console/platform/services');
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Register a service' }));
    await page.keyboard.press('Enter');
    const fill = async (name: string, text: string, exact = false) => {
      await tabTo(page, page.getByRole('textbox', { name, exact }));
      await page.keyboard.type(text);
    };
    await fill('Service id', 'queue');
    await fill('Name', 'Message queue', true);
    await fill('Role 1 name', 'publisher');
    await fill('Role 1 permissions', 'publish');
    await tabTo(page, page.getByRole('button', { name: 'Register service' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/platform\/services$/);
    await tabTo(page, page.getByRole('button', { name: /Message queue/ }));
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /queue:publisher.*queue:publish/ }).waitFor();
  });

  it('creates a user and disables the account, confirmed by name', async () => {
    await page.goto('/console/platform/users');
    await page.getByRole('button', { name: 'Create a user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a user' });
    await dialog.getByRole('textbox', { name: 'E-mail' }).fill('grace@example.test');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Grace');
    await dialog.getByLabel('Password').fill('a long and careful passphrase');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByRole('row', { name: /grace@example\.test/ });
    await row.waitFor();
    await expectAccessible(page, 'the users page');
    await screenshot(page, 'users');
    await apiSignIn(server, { email: 'grace@example.test', password: 'a long and careful passphrase' });

    await row.getByRole('button', { name: 'Disable grace@example.test' }).click();
    await page
      .getByRole('dialog', { name: 'Disable the account grace@example.test?' })
      .getByRole('button', { name: 'Disable account' })
      .click();
    await expect.poll(() => row.textContent()).toContain('Disabled');
    const refused = await fetch(new URL('/api/v1/session', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'grace@example.test', password: 'a long and careful passphrase' }),
    });
    expect(refused.status).toBe(401);
  });

  it('filters every audit event by action on the server', async () => {
    await page.goto('/console/platform/audit');
    await page.getByRole('textbox', { name: 'Action' }).fill('user.disabled');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=user\.disabled/);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByText(/disabled the account/).waitFor();
    await expectAccessible(page, 'the platform audit log');
    await screenshot(page, 'platform-audit');
  });
});

describe('Account pages without a procedure of their own', () => {
  it('shows the password page and a not-found page, both accessible', async () => {
    await page.goto('/console/account/password');
    await page.getByRole('heading', { name: 'Password' }).waitFor();
    await page.getByLabel('Current password').fill('wrong password');
    await page.getByLabel(/^New password/).fill('another long passphrase');
    await page.getByLabel('Repeat the new password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('alert')
      .getByText(/request id/)
      .waitFor(); // the API's refusal, with its request id
    await expectAccessible(page, 'the password page with an error');
    await screenshot(page, 'password');
    await page.goto('/console/no/such/page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectAccessible(page, 'the not-found page');
  });
});

describe('Delegated access (OVH-style)', () => {
  it('lists a consumer key the user validated on the server’s page and revokes it: the signed call then fails', async () => {
    const { validationUrl, signedMe } = await requestConsumerKey('Marketplace', 'my little marketplace');

    // The user validates on the server-rendered page (signed in already), which points to the console.
    await page.goto(validationUrl);
    await page.getByRole('button', { name: 'Authorize access' }).click();
    await page.getByRole('heading', { name: 'Access granted' }).waitFor();
    await page.getByRole('link', { name: 'My Account → Delegated access' }).click();

    expect(await signedMe()).toBe(200);

    const row = page.getByRole('row', { name: /Marketplace.*GET \/me/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Validated');
    await page.getByRole('row', { name: /Marketplace.*my little marketplace/ }).waitFor(); // My applications
    await expectAccessible(page, 'the delegated access page');
    await screenshot(page, 'delegated-access');

    await row.getByRole('button', { name: /Revoke key \d+ of Marketplace/ }).click();
    await page
      .getByRole('dialog', { name: 'Revoke the consumer key of “Marketplace”?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await expect.poll(signedMe).toBe(403);
  });

  it('approves a consumer key on the validation page and revokes it in the console with the keyboard alone', async () => {
    const { validationUrl, signedMe } = await requestConsumerKey('Kiosk', 'a keyboard-only kiosk');

    await page.goto(validationUrl);
    await tabTo(page, page.getByRole('button', { name: 'Authorize access' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Access granted' }).waitFor();
    expect(await signedMe()).toBe(200);
    await tabTo(page, page.getByRole('link', { name: 'My Account → Delegated access' }));
    await page.keyboard.press('Enter');

    const row = page.getByRole('row', { name: /Kiosk.*GET \/me/ });
    await row.waitFor();
    await tabTo(page, row.getByRole('button', { name: /Revoke key \d+ of Kiosk/ }));
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Revoke the consumer key of “Kiosk”?' });
    await confirm.waitFor();
    await tabTo(page, confirm.getByRole('button', { name: 'Revoke key' }));
    await page.keyboard.press('Enter');
    await expect.poll(signedMe).toBe(403);
  });
});
