// Passkeys end to end in Debian's Chromium: a DevTools virtual authenticator (user-verifying, resident keys)
// answers navigator.credentials through @simplewebauthn/browser, and @simplewebauthn/server checks the answers
// at /api/v1. Registration, a password then a passkey, a passkey alone, step-up, and a replayed assertion.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../src/core/clock.js';
import { reservePort } from '../src/ops/ports.js';
import { operatorCaller, startTestServer, type TestServer } from './support/server.js';

const CHROMIUM = '/usr/bin/chromium';
const SIMPLEWEBAUTHN = join(
  dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')),
  '..',
  'dist',
  'bundle',
  'index.umd.min.js',
);
const EMAIL = 'pat@example.test';
const PASSWORD = 'passkey browser passphrase';

let server: TestServer;
let origin: string;
let browser: Browser;

interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
}

/** A fresh browser profile on Keyward's origin with a virtual platform authenticator, and the WebAuthn helper. */
async function openPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  // A same-origin document to run in: WebAuthn needs one, and Keyward's RP ID is its issuer's host.
  await page.goto(`${origin}/.well-known/openid-configuration`);
  await page.addScriptTag({ path: SIMPLEWEBAUTHN });
  return { context, page };
}

async function addAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** fetch() from the page, as the console does: JSON, the session cookie, and the CSRF token when given. */
function api(page: Page, method: string, path: string, body?: unknown, csrf?: string): Promise<Answer> {
  return page.evaluate(
    async ({ method, path, body, csrf }) => {
      const response = await fetch(path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    },
    { method, path, body, csrf },
  );
}

/** Runs @simplewebauthn/browser's startRegistration or startAuthentication against the virtual authenticator. */
function ceremony(page: Page, kind: 'register' | 'authenticate', optionsJSON: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ kind, optionsJSON }) => {
      // biome-ignore lint/suspicious/noExplicitAny: the UMD bundle's global, loaded by addScriptTag
      const webauthn = (globalThis as any).SimpleWebAuthnBrowser;
      return kind === 'register'
        ? webauthn.startRegistration({ optionsJSON })
        : webauthn.startAuthentication({ optionsJSON });
    },
    { kind, optionsJSON },
  );
}

async function signInWithPassword(page: Page): Promise<Answer> {
  return api(page, 'POST', '/api/v1/session', { email: EMAIL, password: PASSWORD });
}

async function amrOfLatestSession(): Promise<string[]> {
  const row = await server.container.storage.db.kysely
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.amr'])
    .where('u.email', '=', EMAIL)
    .where('s.pending_factor', '=', 0)
    .orderBy('s.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return JSON.parse(row.amr);
}

beforeAll(async () => {
  const port = await reservePort('127.0.0.1');
  // WebAuthn refuses IP addresses as RP IDs: the issuer is named by host, and Chromium sends that host here.
  origin = `http://localhost:${port}`;
  server = await startTestServer({ env: { KEYWARD_ISSUER: origin }, clock: new ManualClock(Date.now()) });
  await server.app.listen({ host: '127.0.0.1', port });
  await server.container.users.create(operatorCaller(), { email: EMAIL, password: PASSWORD });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('passkeys in Chromium', () => {
  it('registers, then signs in as a second factor, alone, and steps up; an assertion is good once', async () => {
    const { context, page } = await openPage();
    await addAuthenticator(context, page);

    // Add a passkey from a password session.
    const signedIn = await signInWithPassword(page);
    expect(signedIn.status).toBe(200);
    const csrf = String(signedIn.body.csrfToken);
    const creation = await api(page, 'POST', '/api/v1/me/factors/passkey/options', undefined, csrf);
    expect(creation.status).toBe(200);
    expect(creation.body).toMatchObject({ rp: { id: 'localhost' }, attestation: 'none' });
    const registration = await ceremony(page, 'register', creation.body);
    const added = await api(
      page,
      'POST',
      '/api/v1/me/factors/passkey',
      { name: 'Laptop', response: registration },
      csrf,
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.factor).toMatchObject({ kind: 'passkey', name: 'Laptop' });
    expect(added.body.recoveryCodes).toHaveLength(10);
    // The same answer again: its challenge was used.
    const again = await api(page, 'POST', '/api/v1/me/factors/passkey', { response: registration }, csrf);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('factor.invalid_passkey');
    await api(page, 'DELETE', '/api/v1/session', undefined, csrf);

    // Password, then the passkey.
    const pending = await signInWithPassword(page);
    expect(pending.status).toBe(401);
    expect(pending.body.code).toBe('auth.second_factor_required');
    const pendingCsrf = String(pending.body.details?.csrfToken);
    const request = await api(page, 'POST', '/api/v1/session/passkey/options', undefined, pendingCsrf);
    expect(request.status).toBe(200);
    expect(request.body.allowCredentials).toHaveLength(1);
    const assertion = await ceremony(page, 'authenticate', request.body);
    const second = await api(page, 'POST', '/api/v1/session/passkey', { response: assertion }, pendingCsrf);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect((await api(page, 'GET', '/api/v1/me')).status).toBe(200);
    expect(await amrOfLatestSession()).toEqual(['pwd', 'hwk', 'user', 'mfa']);

    // Step-up with the passkey once the window has passed.
    const csrf2 = String(second.body.csrfToken);
    server.clock.advance(20 * MINUTE);
    const factorId = String((added.body.factor as { id: string }).id);
    const refused = await api(page, 'DELETE', `/api/v1/me/factors/${factorId}`, undefined, csrf2);
    expect(refused.body.code).toBe('auth.step_up_required');
    const stepUpOptions = await api(page, 'POST', '/api/v1/session/passkey/options', undefined, csrf2);
    const stepUp = await ceremony(page, 'authenticate', stepUpOptions.body);
    const stepped = await api(page, 'POST', '/api/v1/session/step-up', { passkey: stepUp }, csrf2);
    expect(stepped.status, JSON.stringify(stepped.body)).toBe(204);
    await context.close();
  });

  it('signs in with a discoverable passkey alone, and refuses its assertion a second time', async () => {
    const { context, page } = await openPage();
    await addAuthenticator(context, page);
    const signedIn = await signInWithPassword(page);
    // This user already has a passkey (in another authenticator): the password asks for a second factor.
    expect(signedIn.body.code).toBe('auth.second_factor_required');
    const recovery = await api(
      page,
      'POST',
      '/api/v1/session/second-factor',
      { code: await aRecoveryCode() },
      String(signedIn.body.details?.csrfToken),
    );
    expect(recovery.status).toBe(200);
    const csrf = String(recovery.body.csrfToken);
    const creation = await api(page, 'POST', '/api/v1/me/factors/passkey/options', undefined, csrf);
    const registration = await ceremony(page, 'register', creation.body);
    expect(
      (await api(page, 'POST', '/api/v1/me/factors/passkey', { response: registration }, csrf)).status,
    ).toBe(201);
    await api(page, 'DELETE', '/api/v1/session', undefined, csrf);

    const options = await api(page, 'POST', '/api/v1/session/passkey/options');
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials).toEqual([]);
    const assertion = await ceremony(page, 'authenticate', options.body);
    const alone = await api(page, 'POST', '/api/v1/session/passkey', { response: assertion });
    expect(alone.status, JSON.stringify(alone.body)).toBe(200);
    expect(alone.body.user).toMatchObject({ email: EMAIL });
    expect(await amrOfLatestSession()).toEqual(['hwk', 'user', 'mfa']);

    await context.clearCookies();
    const replay = await api(page, 'POST', '/api/v1/session/passkey', { response: assertion });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('factor.invalid_passkey');
    await context.close();
  });
});

/** Replaces the test user's recovery codes through the service (the codes of the first test were shown once). */
async function aRecoveryCode(): Promise<string> {
  const user = await server.container.storage.stores.users.findByEmail(EMAIL);
  if (!user) throw new Error('no test user');
  const codes = await server.container.factors.regenerateRecoveryCodes({
    principal: {
      kind: 'user',
      subjectId: user.id,
      orgId: null,
      platformRoles: [],
      credential: { type: 'session', id: 'test' },
      scope: null,
    },
    ip: null,
    requestId: null,
  });
  return codes[0] ?? '';
}
