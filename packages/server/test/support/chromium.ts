// Keyward's server-rendered pages in Debian's Chromium (playwright-core, never a downloaded browser): the launch,
// a keyboard user's Tab, axe-core's verdict and the screenshots, shared by the *-browser tests.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Where the pictures go: KEYWARD_SCREENSHOT_DIR, else the system's temporary folder. */
export const SHOTS = process.env.KEYWARD_SCREENSHOT_DIR ?? join(tmpdir(), 'keyward-screenshots');

/** Debian's Chromium, headless; a missing one fails the test rather than skipping it. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Presses Tab until the element matching `selector` has the focus, as a keyboard user would. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 25; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`${selector} never got the focus`);
}

/** axe-core's serious and critical violations on the page, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = (await page.evaluate('axe.run()')) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Checks the page (accessibility, no sideways scrolling) and photographs it as `<name>-desktop|mobile.png`. */
export async function checkStep(page: Page, name: string, viewport: { width: number; height: number }) {
  await page.screenshot({
    path: join(SHOTS, `${name}-${viewport.width === 1280 ? 'desktop' : 'mobile'}.png`),
  });
  expect(await accessibilityViolations(page), `${name} at ${viewport.width}×${viewport.height}`).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
}
