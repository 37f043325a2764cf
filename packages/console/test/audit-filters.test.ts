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
let orgId: string;
let page: Page;

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  orgId = server.firstRun?.orgId ?? '';
  const operator = await apiSignIn(server);
  for (const email of ['ada@example.test', 'bob@example.test']) {
    expect(
      (await apiCall(server, operator, 'POST', '/api/v1/users', { email, password: PASSWORD })).status,
    ).toBe(201);
  }
  expect(
    (
      await apiCall(server, operator, 'POST', `/api/v1/orgs/${orgId}/members`, {
        email: 'ada@example.test',
        orgRoles: ['org_admin'],
      })
    ).status,
  ).toBe(201);
  // Ada adds Bob: the one event whose actor is Ada.
  const ada = await apiSignIn(server, { email: 'ada@example.test', password: PASSWORD });
  expect(
    (
      await apiCall(server, ada, 'POST', `/api/v1/orgs/${orgId}/members`, {
        email: 'bob@example.test',
        orgRoles: ['org_member'],
      })
    ).status,
  ).toBe(201);
  page = await harness.newPage();
  await signInThroughConsole(page, `/console/orgs/${orgId}/audit`);
});

afterAll(async () => {
  await harness.close();
});

const eventRows = () => page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');

describe('Audit log filters', () => {
  it('narrows the organization’s log by actor with the keyboard alone, then by date', async () => {
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expect.poll(() => eventRows().count()).toBeGreaterThanOrEqual(2);

    await tabTo(page, page.getByRole('textbox', { name: 'Actor' }));
    await page.keyboard.type('ada@example.test');
    await page.keyboard.press('Enter');
    await page.waitForURL(/actor=/);
    await expect.poll(() => eventRows().count()).toBe(1);
    expect(await eventRows().first().textContent()).toContain('bob@example.test');
    expect(await eventRows().first().textContent()).toContain('member.added');
    await expectAccessible(page, 'the filtered audit log');
    await screenshot(page, 'audit-filtered');

    // A range ending the day before the events holds none; one on their day holds them.
    const today = new Date(server.clock.now()).toISOString().slice(0, 10);
    const yesterday = new Date(server.clock.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('To', { exact: true }).fill(yesterday);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => eventRows().count()).toBe(0);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => eventRows().count()).toBeGreaterThanOrEqual(2);
  });

  it('narrows the platform’s log by target', async () => {
    await page.goto('/console/platform/audit');
    await page.getByRole('textbox', { name: 'Target' }).fill('bob@example.test');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/target=/);
    await expect.poll(() => eventRows().count()).toBe(2); // created, then added to the organization
    const texts = await eventRows().allTextContents();
    expect(texts.every((text) => text.includes('bob@example.test'))).toBe(true);
  });
});
