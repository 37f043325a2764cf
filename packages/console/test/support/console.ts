import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { ADMIN, startListeningServer, type TestServer } from '../../../server/test/support/server.js';

export { ADMIN };

const AXE = fileURLToPath(new URL('../../../../node_modules/axe-core/axe.min.js', import.meta.url));
const SCREENSHOTS = process.env.KEYWARD_SCREENSHOTS;
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

export type ListeningServer = TestServer & { url: string };

/** The pages of this test file: a failing test leaves a picture of each (in the system's temporary folder). */
const pages: Page[] = [];
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
  for (const [index, page] of pages.entries()) {
    await page
      .screenshot({ path: join(tmpdir(), `keyward-console-failed-${name}-${index}.png`) })
      .catch(() => {});
  }
});

/**
 * A Keyward server on a loopback port and one Debian Chromium for the whole test file (headless, no sandbox,
 * no background traffic, a fresh profile). Each test opens its own context, so cookies and storage
 * start empty.
 */
export async function startConsole(): Promise<{
  server: ListeningServer;
  browser: Browser;
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>;
  close: () => Promise<void>;
}> {
  const server = await startListeningServer();
  // Playwright gives each launch a fresh temporary profile (its own --user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    newPage: async (viewport = { width: 1280, height: 800 }) => {
      const context = await browser.newContext({ viewport, baseURL: server.url, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      pages.push(page);
      return page;
    },
    close: async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

/** Signs in through the console's sign-in page (the way a person does) and waits for the page asked for. */
export async function signInThroughConsole(
  page: Page,
  path = '/console/',
  account: { email: string; password: string } = ADMIN,
): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/console/sign-in'));
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Judge the page at rest: a dialog fading in has not its final colours yet.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  );
  // Evaluated through the DevTools protocol: the console's CSP (no inline scripts) stays on for the test.
  if (!loaded) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResult> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join(' | ')}`,
      );
  });
  expect(violations, `axe on ${what}`).toEqual([]);
}

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  }[];
}

/**
 * When KEYWARD_SCREENSHOTS names a folder (npm run screenshots -w @keyward/console), saves the page at
 * 1280×800 and at 390×844 as <name>-desktop.png and <name>-mobile.png; otherwise does nothing.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  const dir = join(REPOSITORY, SCREENSHOTS);
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const [suffix, size] of [
    ['desktop', { width: 1280, height: 800 }],
    ['mobile', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await page.screenshot({ path: join(dir, `${name}-${suffix}.png`) });
  }
  await page.setViewportSize(original);
}

/** Presses Tab until the focused element matches `target` (a person tabbing to a control); fails after `limit`. */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** A JSON call to the management API as `cookie` would make it (no browser), for test set-up. */
export async function apiCall(
  server: ListeningServer,
  session: { cookie: string; csrfToken: string } | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Signs in over HTTP (not through the browser) for set-up calls. */
export async function apiSignIn(
  server: ListeningServer,
  account: { email: string; password: string } = ADMIN,
): Promise<{ cookie: string; csrfToken: string; userId: string }> {
  const response = await fetch(new URL('/api/v1/session', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: body.csrfToken, userId: body.user.id };
}
