import { createHash, randomBytes } from 'node:crypto';
import type { Page, Response } from 'playwright-core';
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
let secondOrgId: string;
let page: Page;
const created: Record<string, { id: string; secret: string | null }> = {};

beforeAll(async () => {
  harness = await startConsole();
  server = harness.server;
  orgId = server.firstRun?.orgId ?? '';
  const operator = await apiSignIn(server);
  const second = await apiCall(server, operator, 'POST', '/api/v1/orgs', { name: 'Second org' });
  expect(second.status).toBe(201);
  secondOrgId = String(second.json.id);
  page = await harness.newPage();
  await signInThroughConsole(page, `/console/orgs/${orgId}/apps`);
});

afterAll(async () => {
  await harness.close();
});

/** client_credentials as the seed's walkthrough does it: HTTP Basic with app id and secret, form body. */
async function clientCredentials(
  appId: string,
  secret: string,
  org?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/csp/gateway/am/api/auth/token', server.url), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${appId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      ...(org ? { orgId: org } : {}),
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const contextOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { context_name: string })
    .context_name;

/** Create App with the form, through the dialog that shows the id and secret once, to the app's page. */
async function createApp(
  type: string,
  name: string,
  redirectUri?: string,
): Promise<{ id: string; secret: string | null }> {
  await page.goto(`/console/orgs/${orgId}/apps/new`);
  await page.getByRole('heading', { name: 'Create App' }).waitFor();
  await page.getByRole('radio', { name: type }).check();
  await page.getByRole('textbox', { name: 'App name' }).fill(name);
  if (redirectUri) await page.getByRole('textbox', { name: 'Redirect URIs' }).fill(redirectUri);
  await page.getByRole('checkbox', { name: 'Organization Member' }).check();
  if (type === 'Server to server app') await page.getByRole('checkbox', { name: 'Developer' }).check();
  if (type === 'Server to server app') {
    await expectAccessible(page, 'the create-app form');
    await screenshot(page, 'app-create');
  }
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'App created' });
  await dialog.waitFor();
  const secretBox = dialog.getByRole('textbox', { name: 'App secret' });
  const secret = (await secretBox.count()) > 0 ? await secretBox.inputValue() : null;
  const id =
    secret === null
      ? ((await dialog.locator('code').textContent()) ?? '')
      : await dialog.getByRole('textbox', { name: 'App ID' }).inputValue();
  if (secret) {
    await expectAccessible(page, 'the app-created dialog');
    if (type === 'Server to server app') await screenshot(page, 'app-created');
  }
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name }).waitFor();
  return { id, secret };
}

/** Create App as a person without a mouse: type by arrow keys, fields by Tab, Create and Continue by Enter. */
async function createAppWithKeyboard(
  type: string,
  name: string,
  redirectUri: string,
): Promise<{ id: string; secret: string | null; verifier: string }> {
  await page.goto(`/console/orgs/${orgId}/apps/new`);
  await page.getByRole('heading', { name: 'Create App' }).waitFor();
  const wanted = page.getByRole('radio', { name: type });
  await tabTo(page, page.getByRole('radio', { name: /app/ }).first());
  for (let i = 0; i < 3 && !(await wanted.isChecked()); i++) await page.keyboard.press('ArrowDown');
  expect(await wanted.isChecked()).toBe(true);
  await tabTo(page, page.getByRole('textbox', { name: 'App name' }));
  await page.keyboard.type(name);
  await tabTo(page, page.getByRole('textbox', { name: 'Redirect URIs' }));
  await page.keyboard.type(redirectUri);
  await tabTo(page, page.getByRole('checkbox', { name: 'Organization Member' }));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Create', exact: true }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'App created' });
  await dialog.waitFor();
  const secretBox = dialog.getByRole('textbox', { name: 'App secret' });
  const secret = (await secretBox.count()) > 0 ? await secretBox.inputValue() : null;
  const id =
    secret === null
      ? ((await dialog.locator('code').textContent()) ?? '')
      : await dialog.getByRole('textbox', { name: 'App ID' }).inputValue();
  await tabTo(page, dialog.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name }).waitFor();
  return { id, secret, verifier: randomBytes(32).toString('base64url') };
}

/**
 * The authorization-code flow in the signed-in browser, answered with the keyboard: the organization chosen with
 * the arrow keys, Continue and Allow by Enter. Returns the code the redirect carried.
 */
async function authorizeWithKeyboard(
  clientId: string,
  redirectUri: string,
  verifier: string,
): Promise<string> {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL('/oauth/authorize', server.url);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state: 'kb',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  let callback = '';
  // The redirect never loads (below): read the code off the response that redirects.
  const readCallback = (response: Response) => {
    const location = response.headers().location ?? '';
    if (location.startsWith(redirectUri)) callback = location;
  };
  page.on('response', readCallback);
  await page.goto(authorize.href).catch(() => {});
  const organization = page.getByRole('radio', { name: 'Default organization' });
  await tabTo(page, page.getByRole('radio').first());
  for (let i = 0; i < 3 && !(await organization.isChecked()); i++) await page.keyboard.press('ArrowDown');
  expect(await organization.isChecked()).toBe(true);
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Allow' }).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Allow' }));
  await page.keyboard.press('Enter');
  await expect.poll(() => callback, { message: `redirect of ${clientId} from ${page.url()}` }).not.toBe('');
  page.off('response', readCallback);
  // Nothing answers at the redirect URI (a made-up host, or a closed loopback port): the browser ends on its
  // error page. Wait for it, so that it does not interrupt the next navigation.
  await expect.poll(() => page.url()).toMatch(/^chrome-error:/);
  const code = new URL(callback).searchParams.get('code');
  expect(new URL(callback).searchParams.get('state')).toBe('kb');
  return code ?? '';
}

/** The code for tokens at /oauth/token: a web app authenticates with its secret, a native app with PKCE alone. */
async function exchangeCode(
  app: { id: string; secret: string | null; verifier: string },
  redirectUri: string,
  code: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/oauth/token', server.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(app.secret
        ? { authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: app.verifier,
      ...(app.secret ? {} : { client_id: app.id }),
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('OAuth Apps', () => {
  it('creates a server-to-server app that gets a token at once, and sets its roles in its organization', async () => {
    const app = await createApp('Server to server app', 'Trading 1.0');
    created.server = app;
    expect(app.secret).toMatch(/^[A-Za-z0-9]{48,}$/);
    // Its own organization added it on creation: its first client_credentials works.
    const first = await clientCredentials(app.id, app.secret ?? '');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(contextOf(String(first.body.access_token))).toBe(orgId);
    await expectAccessible(page, 'the app page');
    await screenshot(page, 'app');

    // The seed's step 2, "add it to the organization", sets the roles it has here.
    await page.getByRole('link', { name: 'Set its roles in Default organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an app to Default organization' });
    expect(await dialog.getByRole('textbox', { name: 'App ID' }).inputValue()).toBe(app.id);
    // Added with both roles its scopes ask for; this organization keeps it to Member.
    await dialog.getByRole('checkbox', { name: 'Developer' }).uncheck();
    await dialog.getByRole('button', { name: 'Add app' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /Trading 1\.0/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).not.toContain('Developer');
    expect(await row.textContent()).toContain('Organization Member');
    await expectAccessible(page, 'the apps-added page');
    await screenshot(page, 'app-grants');

    const token = await clientCredentials(app.id, app.secret ?? '');
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(contextOf(String(token.body.access_token))).toBe(orgId);
  });

  it('adds the server app to a second organization, chosen in the header', async () => {
    const app = created.server;
    if (!app) throw new Error('the server app test runs first');
    await page.getByRole('textbox', { name: 'Organization' }).click();
    await page.getByRole('option', { name: 'Second org' }).click();
    await page.waitForURL(new RegExp(`/console/orgs/${secondOrgId}/app-grants`));
    expect((await clientCredentials(app.id, app.secret ?? '', secondOrgId)).status).toBe(400);
    await page.getByRole('button', { name: 'Add an app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an app to Second org' });
    await dialog.getByRole('textbox', { name: 'App ID' }).fill(app.id);
    await dialog.getByRole('button', { name: 'Add app' }).click();
    await page.getByRole('row', { name: /Trading 1\.0/ }).waitFor();
    const token = await clientCredentials(app.id, app.secret ?? '', secondOrgId);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(contextOf(String(token.body.access_token))).toBe(secondOrgId);
    // Back to the first organization for the next tests.
    await page.getByRole('textbox', { name: 'Organization' }).click();
    await page.getByRole('option', { name: 'Default organization' }).click();
    await page.waitForURL(new RegExp(`/console/orgs/${orgId}/app-grants`));
  });

  it('creates a server app and adds it to a second organization with the keyboard alone', async () => {
    await page.goto(`/console/orgs/${orgId}/apps/new`);
    await page.getByRole('heading', { name: 'Create App' }).waitFor();
    const serverType = page.getByRole('radio', { name: 'Server to server app' });
    if (!(await serverType.isChecked())) {
      await tabTo(page, page.getByRole('radio', { name: /app/ }).first());
      for (let i = 0; i < 3 && !(await serverType.isChecked()); i++) await page.keyboard.press('ArrowDown');
    }
    expect(await serverType.isChecked()).toBe(true);
    await tabTo(page, page.getByRole('textbox', { name: 'App name' }));
    await page.keyboard.type('Keyboard sync');
    await tabTo(page, page.getByRole('checkbox', { name: 'Organization Member' }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Create', exact: true }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'App created' });
    await dialog.waitFor();
    const secret = await dialog.getByRole('textbox', { name: 'App secret' }).inputValue();
    const id = await dialog.getByRole('textbox', { name: 'App ID' }).inputValue();
    await tabTo(page, dialog.getByRole('button', { name: 'Continue' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard sync' }).waitFor();
    expect((await clientCredentials(id, secret)).status).toBe(200);

    await page.goto(`/console/orgs/${secondOrgId}/app-grants`);
    await tabTo(page, page.getByRole('button', { name: 'Add an app' }));
    await page.keyboard.press('Enter');
    const add = page.getByRole('dialog', { name: 'Add an app to Second org' });
    await add.waitFor();
    await tabTo(page, add.getByRole('textbox', { name: 'App ID' }));
    await page.keyboard.type(id);
    await tabTo(page, add.getByRole('button', { name: 'Add app' }));
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /Keyboard sync/ }).waitFor();
    const token = await clientCredentials(id, secret, secondOrgId);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(contextOf(String(token.body.access_token))).toBe(secondOrgId);
  });

  it('creates a web app (with a secret) and a native app (a public client, no secret)', async () => {
    const web = await createApp('Web app', 'Dashboard', 'https://dashboard.example.test/callback');
    expect(web.secret).toMatch(/^[A-Za-z0-9]{48,}$/);
    created.web = web;
    const native = await createApp('Native/Mobile app', 'Phone', 'com.example.phone:/callback');
    expect(native.secret).toBeNull();
    expect(native.id.length).toBeGreaterThan(10);
    created.native = native;

    // The list is searched on the server.
    await page.goto(`/console/orgs/${orgId}/apps`);
    await page.getByRole('row', { name: /Phone/ }).waitFor();
    await expectAccessible(page, 'the apps list');
    await screenshot(page, 'apps');
    await page.getByRole('textbox', { name: 'Search by name' }).fill('Trad');
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + Trading 1.0
    expect(await page.getByRole('row', { name: /Trading 1\.0/ }).count()).toBe(1);

    // Delete the native app, naming it in the confirmation.
    await page.goto(`/console/orgs/${orgId}/apps/${encodeURIComponent(native.id)}`);
    await page.getByRole('button', { name: 'Delete app' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the app “Phone”?' });
    await confirm.getByRole('button', { name: 'Delete app' }).click();
    await page.waitForURL(new RegExp(`/console/orgs/${orgId}/apps$`));
    await page.getByRole('row', { name: /Dashboard/ }).waitFor();
    expect(await page.getByRole('row', { name: /Phone/ }).count()).toBe(0);
  });

  it('turns on the device flow and requires PAR for the web app, with the keyboard, in its settings', async () => {
    const app = created.web;
    if (!app) throw new Error('the web app test runs first');
    await page.goto(`/console/orgs/${orgId}/apps/${encodeURIComponent(app.id)}`);
    await page.getByText('Direct or pushed (PAR)').waitFor();
    await page.getByRole('button', { name: 'Edit settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings of “Dashboard”' });
    const device = dialog.getByRole('checkbox', { name: 'Allow the device flow' });
    const par = dialog.getByRole('checkbox', { name: 'Require pushed authorization requests (PAR)' });
    await device.waitFor();
    await expectAccessible(page, 'the app settings dialog');
    await tabTo(page, device);
    await page.keyboard.press('Space');
    await tabTo(page, par);
    await page.keyboard.press('Space');
    await screenshot(page, 'app-settings');
    await tabTo(page, dialog.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');
    await page.getByText('Pushed first only (PAR required)').waitFor();
    await page.getByText(/urn:ietf:params:oauth:grant-type:device_code/).waitFor();
    const operator = await apiSignIn(server);
    const saved = await apiCall(
      server,
      operator,
      'GET',
      `/api/v1/orgs/${orgId}/apps/${encodeURIComponent(app.id)}`,
    );
    expect(saved.json).toMatchObject({
      requirePar: true,
      grantTypes: expect.arrayContaining([
        'authorization_code',
        'urn:ietf:params:oauth:grant-type:device_code',
      ]),
    });
    // The consent test below signs in through this app with a plain authorization request.
    const path = `/api/v1/orgs/${orgId}/apps/${encodeURIComponent(app.id)}`;
    expect((await apiCall(server, operator, 'PATCH', path, { requirePar: false })).status).toBe(200);
  });

  it('rotates the server app’s secret with an overlap, then ends the rotation', async () => {
    const app = created.server;
    if (!app?.secret) throw new Error('the server app test runs first');
    await page.goto(`/console/orgs/${orgId}/apps/${encodeURIComponent(app.id)}`);
    server.clock.advance(60_000); // the server's clock is frozen in tests; a rotation comes later than the creation
    const secretRows = page.getByRole('table', { name: 'Working secrets' }).locator('tbody tr');
    await expect.poll(() => secretRows.count()).toBe(1);
    expect(await secretRows.first().textContent()).toContain('Current');
    // No rotation is running: there is none to end.
    expect(await page.getByRole('button', { name: 'End rotation' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page
      .getByRole('dialog', { name: /Rotate the secret/ })
      .getByRole('button', { name: 'Rotate secret' })
      .click();
    const shown = page.getByRole('dialog', { name: 'New app secret' });
    const rotated = await shown.getByRole('textbox', { name: 'App secret' }).inputValue();
    await shown.getByText(/The previous secrets keep working until/).waitFor();
    await shown.getByRole('button', { name: 'Continue' }).click();
    expect((await clientCredentials(app.id, app.secret)).status).toBe(200);
    expect((await clientCredentials(app.id, rotated)).status).toBe(200);
    await expect.poll(() => secretRows.count()).toBe(2);
    expect(await secretRows.nth(1).textContent()).toContain('rotated out');
    await expectAccessible(page, 'an app during a secret rotation');
    await screenshot(page, 'app-secret-rotation');

    await page.getByRole('button', { name: 'End rotation' }).click();
    await page
      .getByRole('dialog', { name: /End the secret rotation/ })
      .getByRole('button', { name: 'End rotation' })
      .click();
    await page.getByText('Rotation ended').waitFor();
    await expect.poll(() => secretRows.count()).toBe(1);
    await page.getByRole('button', { name: 'End rotation' }).waitFor({ state: 'detached' });
    expect((await clientCredentials(app.id, app.secret)).status).toBe(401);
    expect((await clientCredentials(app.id, rotated)).status).toBe(200);
  });

  it('lists the web app the user consented to, and withdraws the consent', async () => {
    const web = created.web;
    if (!web) throw new Error('the web app test runs first');
    // The authorization-code flow in the same browser: already signed in, so the consent page comes next.
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL('/oauth/authorize', server.url);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: web.id,
      redirect_uri: 'https://dashboard.example.test/callback',
      scope: 'openid',
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    await page.route('https://dashboard.example.test/**', (route) =>
      route.fulfill({ status: 200, body: 'callback' }),
    );
    await page.goto(authorize.href);
    // The user belongs to two organizations: the server's page asks which one first.
    await page.getByRole('radio', { name: 'Default organization' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/dashboard\.example\.test\/callback\?code=/);

    await page.goto('/console/account/consents');
    const row = page.getByRole('row', { name: /Dashboard/ });
    await row.waitFor();
    await expectAccessible(page, 'the authorized apps page');
    await screenshot(page, 'consents');
    await row.getByRole('button', { name: 'Withdraw consent for Dashboard' }).click();
    await page
      .getByRole('dialog', { name: 'Withdraw your consent to “Dashboard”?' })
      .getByRole('button', { name: 'Withdraw consent' })
      .click();
    await page.getByText('You have not authorized any app.').waitFor();
  });

  it('creates a web app and a native app with the keyboard alone, and signs a user in with each to a token', async () => {
    const { userId } = await apiSignIn(server);
    for (const kind of [
      { type: 'Web app', name: 'Keyboard web', redirectUri: 'https://kb-web.example.test/callback' },
      // A desktop native app listens on the loopback interface for its redirect (RFC 8252 §7.3).
      { type: 'Native/Mobile app', name: 'Keyboard desktop', redirectUri: 'http://127.0.0.1:9/callback' },
    ]) {
      const app = await createAppWithKeyboard(kind.type, kind.name, kind.redirectUri);
      expect(app.secret === null, kind.type).toBe(kind.type === 'Native/Mobile app');
      const code = await authorizeWithKeyboard(app.id, kind.redirectUri, app.verifier);
      const token = await exchangeCode(app, kind.redirectUri, code);
      expect(token.status, JSON.stringify(token.body)).toBe(200);
      expect(token.body).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) });
      const userinfo = await fetch(new URL('/oauth/userinfo', server.url), {
        headers: { authorization: `Bearer ${String(token.body.access_token)}` },
      });
      expect(userinfo.status, kind.type).toBe(200);
      expect(((await userinfo.json()) as { sub: string }).sub).toBe(userId);
    }
  });
});
