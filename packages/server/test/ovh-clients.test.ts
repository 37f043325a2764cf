// The official OVH clients, unchanged, against a running Keyward over HTTPS with a development certificate
// (issue 5, docs/wire/ovh.md#tested-clients): npm `ovh` 2.0.3, `@ovhcloud/node-ovh` 3.0.0, host/port/basePath
// Each requests a consumer key, a person validates it on the HTML page in Chromium, then the client calls
// within and outside its rules, with a wrong secret, with a pending key, after logout, and with a non-ASCII body.
import * as https from 'node:https';
import { createRequire } from 'node:module';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller } from './support/ovh.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const require = createRequire(import.meta.url);

/** The part of the node clients' interface these tests use (both versions have it). */
interface OvhClient {
  requestPromised(method: string, path: string, params?: object): Promise<unknown>;
  signRequest(method: string, url: string, body: string, timestamp: number | string): string;
}
type OvhFactory = (params: Record<string, unknown>) => OvhClient;

const CLIENTS: [string, OvhFactory][] = [
  ['ovh 2.0.3', require('ovh') as OvhFactory],
  ['@ovhcloud/node-ovh 3.0.0', require('@ovhcloud/node-ovh') as OvhFactory],
];
const CUSTOMER = {
  email: 'customer@example.test',
  password: 'ovh clients passphrase',
  name: 'Chris Customer',
};

let server: TestServer & { url: string; certPem: string | null };
let browser: Browser;
let port: number;
let developerId: string;
const previousCa = https.globalAgent.options.ca;

beforeAll(async () => {
  server = await startListeningServer({ tls: true });
  port = Number(new URL(server.url).port);
  // The clients use Node's global HTTPS agent: trust the development certificate there, verification stays on.
  https.globalAgent.options.ca = server.certPem ?? undefined;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const developer = await server.container.users.create(operatorCaller(), {
    email: 'developer@example.test',
    password: CUSTOMER.password,
    name: 'Dana Developer',
  });
  developerId = developer.id;
  await server.container.users.create(operatorCaller(), CUSTOMER);
});
afterAll(async () => {
  https.globalAgent.options.ca = previousCa;
  await browser?.close();
  await server?.close();
});

/** What the OVH clients reject with: `{error: status, message}`. */
async function failure(promise: Promise<unknown>): Promise<{ error: unknown; message: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { error: unknown; message: unknown };
  }
  throw new Error('the call succeeded');
}

/** The customer opens the validation link in Chromium, signs in, keeps the default validity and authorizes. */
async function validateInBrowser(validationUrl: string): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto(validationUrl);
    await page.fill('#email', CUSTOMER.email);
    await page.fill('#password', CUSTOMER.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('button[value=authorize]');
    await page.click('button[value=authorize]');
    await page.waitForLoadState();
    return (await page.textContent('main')) ?? '';
  } finally {
    await context.close();
  }
}

/** POST /auth/logout, signed with the client's own signRequest: node clients never sign a path with "/auth". */
function logout(
  client: OvhClient,
  consumer: { applicationKey: string; consumerKey: string },
): Promise<number> {
  const timestamp = Math.round(Date.now() / 1000);
  const signature = client.signRequest('POST', 'https://127.0.0.1/1.0/auth/logout', '', timestamp);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/1.0/auth/logout',
        headers: {
          'X-Ovh-Application': consumer.applicationKey,
          'X-Ovh-Consumer': consumer.consumerKey,
          'X-Ovh-Timestamp': timestamp,
          'X-Ovh-Signature': signature,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe.each(CLIENTS)('%s against Keyward over HTTPS', (name, ovh) => {
  it('requests a key, gets it validated on the page, calls within and outside its rules, and calls /api/v1 set up as for OVH (no apiTimeDiff; 201 and 204 arrive as 200)', async () => {
    const { app, applicationSecret } = await server.container.consumerKeys.createApp(
      userCaller(developerId),
      {
        name: `Marketplace (${name})`,
        description: 'sells things for you',
      },
    );
    const settings = {
      appKey: app.appKey,
      appSecret: applicationSecret,
      host: '127.0.0.1',
      port,
      basePath: '/1.0',
    };
    // No apiTimeDiff: the client fetches GET /auth/time first, as it does against OVH.
    const anonymous = ovh(settings);
    const requested = (await anonymous.requestPromised('POST', '/auth/credential', {
      accessRules: [
        { method: 'GET', path: '/me' },
        { method: 'POST', path: '/orgs' },
        { method: 'DELETE', path: '/me/api-tokens/*' },
      ],
    })) as { state: string; consumerKey: string; validationUrl: string };
    expect(requested.state).toBe('pendingValidation');
    expect(requested.validationUrl.startsWith(`${server.url}/auth/?credentialToken=`)).toBe(true);

    const client = ovh({ ...settings, consumerKey: requested.consumerKey, apiTimeDiff: 1 });
    // Pending: not usable until the customer says so.
    expect(await failure(client.requestPromised('GET', '/me'))).toEqual({
      error: 403,
      message: 'This credential is not valid',
    });

    expect(await validateInBrowser(requested.validationUrl)).toContain(`Marketplace (${name})`);

    const me = (await client.requestPromised('GET', '/me')) as { email: string; firstname: string };
    expect(me).toMatchObject({ email: CUSTOMER.email, firstname: 'Chris' });

    expect(await failure(client.requestPromised('GET', '/me/api/credential'))).toEqual({
      error: 403,
      message: 'This call has not been granted',
    });
    const forged = ovh({
      ...settings,
      appSecret: 'x'.repeat(32),
      consumerKey: requested.consumerKey,
      apiTimeDiff: 1,
    });
    expect(await failure(forged.requestPromised('GET', '/me'))).toEqual({
      error: 400,
      message: 'Invalid signature',
    });

    // The node clients do not sign paths containing "/auth": the real API answers those 401 too (node-ovh #20).
    expect(await failure(client.requestPromised('GET', '/auth/currentCredential'))).toEqual({
      error: 401,
      message: 'You must login first',
    });

    // The management API with the client set up for it and nothing else: no apiTimeDiff, so it fetches
    // GET /api/v1/auth/time before its first signed call (issue 10 item 9: that was a 404, and npm ovh 2.x took
    // every 201/204 for an error). A JSON body with non-ASCII text, which the client escapes as \uXXXX and signs
    // as sent; rules are relative to /api/v1 there.
    const management = ovh({ ...settings, consumerKey: requested.consumerKey, basePath: '/api/v1' });
    const orgName = `Café Müller — 東京 ${name}`;
    const created = (await management.requestPromised('POST', '/orgs', { name: orgName })) as {
      id: string;
      name: string;
    };
    expect(created).toMatchObject({ name: orgName });
    const customer = await server.container.storage.stores.users.findByEmail(CUSTOMER.email);
    const orgs = await server.container.storage.stores.orgs.listForUser(customer?.id ?? '', {
      pageStart: 1,
      pageLimit: 100,
    });
    expect(orgs.items.map((org) => org.name)).toContain(orgName);
    // A 204 of the management API reaches an OVH client as OVH's 200 with null.
    const { record } = await server.container.apiTokens.generate(userCaller(customer?.id ?? ''), {
      orgId: created.id,
      name: 'to revoke',
      scopes: { allRoles: true },
    });
    expect(await management.requestPromised('DELETE', `/me/api-tokens/${record.id}`)).toBeNull();
    expect((await server.container.storage.stores.apiTokens.findById(record.id))?.revokedAt).not.toBeNull();

    expect(await logout(client, { applicationKey: app.appKey, consumerKey: requested.consumerKey })).toBe(
      200,
    );
    expect(await failure(client.requestPromised('GET', '/me'))).toEqual({
      error: 403,
      message: 'This credential is not valid',
    });
  });
});
