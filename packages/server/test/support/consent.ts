import { expect } from 'vitest';
import { Browser } from './browser.js';
import { ADMIN } from './server.js';

/**
 * Signs in as ADMIN and approves the consent page in a fresh browser; answers the URL the browser was sent
 * back to (with the code), which must start with `redirectPrefix`.
 */
export async function consentInBrowser(
  authorizationUrl: URL,
  serverUrl: string,
  redirectPrefix: string,
): Promise<URL> {
  const browser = new Browser();
  let step = await browser.follow(authorizationUrl.href, serverUrl);
  for (let pages = 0; step.page && pages < 4; pages++) {
    const { page } = step;
    expect(page.status, page.html.slice(0, 400)).toBe(200);
    const fields: Record<string, string> = page.html.includes('name="password"')
      ? { email: ADMIN.email, password: ADMIN.password }
      : { decision: 'allow' };
    const form = page.form(fields);
    step = await browser.follow(form.action, serverUrl, { form: form.fields });
  }
  expect(step.leftTo?.startsWith(redirectPrefix), step.leftTo).toBe(true);
  return new URL(step.leftTo as string);
}
