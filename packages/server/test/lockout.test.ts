// Lockout that cannot be turned against the owner (issue 13 item 4): sign-in failures are counted per
// (account, address), per address, per account for untrusted browsers, and per device cookie (OWASP "Slow
// Down Online Guessing Attacks with Device Cookies"), with exponential back-off; the counters are shared by
// every node. All on a frozen clock.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/core/clock.js';
import { totpCodeAt } from '../src/identity/factors/totp.js';
import { postgresUrl } from './support/databases.js';
import { call, expectError, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const password = 'a sufficiently long passphrase';
const OWNER_ADDRESS = '192.0.2.10';
/** Up to a hundred argon2 verifications per test, on a machine shared with other suites. */
const SLOW = { timeout: 120_000 };
let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { KEYWARD_TRUST_PROXY: 'true' } });
});
afterAll(async () => server.close());

async function newUser(): Promise<string> {
  counter += 1;
  const email = `lockout-${counter}@example.test`;
  await server.container.users.create(operatorCaller(), { email, password });
  return email;
}

/** A sign-in from `ip`, with the browser's device cookie when it has one. */
function attempt(
  email: string,
  typed: string,
  from: { ip: string; device?: string | undefined },
): Promise<LightMyRequestResponse> {
  return call(
    server.app,
    null,
    'POST',
    '/api/v1/session',
    { email, password: typed },
    {
      'x-forwarded-for': from.ip,
      ...(from.device ? { cookie: from.device } : {}),
    },
  );
}

/** The `name=value` of the device cookie a response sets, if it sets one. */
function deviceCookieOf(response: LightMyRequestResponse): string | undefined {
  const setCookie = response.headers['set-cookie'];
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((cookie) => cookie.startsWith('keyward_device='))?.split(';')[0];
}

/** Signs in from the owner's browser and returns the device cookie it now holds. */
async function trustedBrowser(email: string, ip = OWNER_ADDRESS): Promise<string> {
  const response = await attempt(email, email === ADMIN.email ? ADMIN.password : password, { ip });
  expect(response.statusCode, response.body).toBe(200);
  const device = deviceCookieOf(response);
  expect(device).toMatch(/^keyward_device=[A-Za-z0-9_-]{43}$/);
  return device as string;
}

/** Moves past every lockout started so far (the longest is KEYWARD_LOCKOUT_MAX_DURATION, 1 h). */
function waitOutLockouts(): void {
  server.clock.advance(61 * MINUTE);
}

describe('the first operator and 50 failed attempts from another device (issue 13)', SLOW, () => {
  it('signs in with the device cookie; without it, the same attempt is throttled', async () => {
    const device = await trustedBrowser(ADMIN.email);
    // An attacker spread over 50 addresses: no (account, address) bucket fills, the untrusted-account one does.
    for (let i = 0; i < 50; i++) {
      const failed = await attempt(ADMIN.email, `guess number ${i}`, { ip: `203.0.113.${i}` });
      expectError(failed, 401, 'auth.invalid_credentials');
    }
    const withoutCookie = await attempt(ADMIN.email, ADMIN.password, { ip: OWNER_ADDRESS });
    expectError(withoutCookie, 429, 'auth.rate_limited');
    expect(withoutCookie.json().details.lockout).toBe('account');
    expect(withoutCookie.json().message).toMatch(/browser you signed in with before/);

    const withCookie = await attempt(ADMIN.email, ADMIN.password, { ip: OWNER_ADDRESS, device });
    expect(withCookie.statusCode, withCookie.body).toBe(200);
    waitOutLockouts();
  });

  it('from the attacker’s own address too: the owner’s browser there still signs in', async () => {
    const email = await newUser();
    const device = await trustedBrowser(email, '198.51.100.7');
    for (let i = 0; i < 50; i++) {
      const failed = await attempt(email, `guess number ${i}`, { ip: '198.51.100.7' });
      // Ten failures lock (account, address); the rest are refused without being checked.
      expect(failed.statusCode).toBe(i < 10 ? 401 : 429);
    }
    expectError(await attempt(email, password, { ip: '198.51.100.7' }), 429, 'auth.rate_limited');
    expect((await attempt(email, password, { ip: '198.51.100.7', device })).statusCode).toBe(200);
    waitOutLockouts();
  });
});

describe('buckets', SLOW, () => {
  it('locks (account, address) after 10 failures, not the same account from elsewhere nor others from there', async () => {
    const [victim, bystander] = [await newUser(), await newUser()];
    for (let i = 0; i < 10; i++) {
      expectError(await attempt(victim, `wrong ${i}`, { ip: '10.1.0.1' }), 401, 'auth.invalid_credentials');
    }
    const blocked = await attempt(victim, password, { ip: '10.1.0.1' });
    expectError(blocked, 429, 'auth.rate_limited');
    expect(blocked.json().details.lockout).toBe('account_address');
    expect(blocked.headers['retry-after']).toBe('60');
    expect((await attempt(victim, password, { ip: '10.1.0.2' })).statusCode).toBe(200);
    expect((await attempt(bystander, password, { ip: '10.1.0.1' })).statusCode).toBe(200);
    server.clock.advance(61 * SECOND);
    expect((await attempt(victim, password, { ip: '10.1.0.1' })).statusCode).toBe(200);
  });

  it('locks an address that tries 100 passwords over many accounts, except for trusted browsers', async () => {
    const owner = await newUser();
    const device = await trustedBrowser(owner, '10.2.0.1');
    for (let i = 0; i < 100; i++) {
      const failed = await attempt(`nobody-${i}@example.test`, 'whatever it is', { ip: '10.2.0.1' });
      expectError(failed, 401, 'auth.invalid_credentials');
    }
    const blocked = await attempt(owner, password, { ip: '10.2.0.1' });
    expectError(blocked, 429, 'auth.rate_limited');
    expect(blocked.json().details.lockout).toBe('address');
    expect((await attempt(owner, password, { ip: '10.2.0.1', device })).statusCode).toBe(200);
    waitOutLockouts();
  });

  it('counts failures with a device cookie in that browser’s own bucket', async () => {
    const owner = await newUser();
    const stolen = await trustedBrowser(owner, '10.3.0.1');
    const other = await trustedBrowser(owner, '10.3.0.2');
    for (let i = 0; i < 10; i++) {
      expectError(
        await attempt(owner, `wrong ${i}`, { ip: '10.3.0.1', device: stolen }),
        401,
        'auth.invalid_credentials',
      );
    }
    const blocked = await attempt(owner, password, { ip: '10.3.0.1', device: stolen });
    expectError(blocked, 429, 'auth.rate_limited');
    expect(blocked.json().details.lockout).toBe('device');
    // Neither the other trusted browser nor an untrusted one from the same address is affected.
    expect((await attempt(owner, password, { ip: '10.3.0.2', device: other })).statusCode).toBe(200);
    expect((await attempt(owner, password, { ip: '10.3.0.1' })).statusCode).toBe(200);
    waitOutLockouts();
  });

  it('a device cookie is bound to its account: for another account it counts as untrusted', async () => {
    const [owner, target] = [await newUser(), await newUser()];
    const device = await trustedBrowser(owner, '10.4.0.1');
    for (let i = 0; i < 10; i++) await attempt(target, `wrong ${i}`, { ip: '10.4.0.1', device });
    const blocked = await attempt(target, password, { ip: '10.4.0.1', device });
    expect(blocked.json().details.lockout).toBe('account_address');
    waitOutLockouts();
  });
});

describe('device cookies', SLOW, () => {
  it('are HttpOnly, SameSite=Lax, long-lived, renewed at every sign-in, and the old value stops counting', async () => {
    const owner = await newUser();
    const response = await attempt(owner, password, { ip: '10.5.0.1' });
    const raw = ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .find((cookie) => cookie.startsWith('keyward_device='));
    expect(raw).toContain('HttpOnly');
    expect(raw).toContain('SameSite=Lax');
    expect(raw).toContain(`Max-Age=${180 * 24 * 3600}`);
    const first = deviceCookieOf(response) as string;
    const renewed = await attempt(owner, password, { ip: '10.5.0.1', device: first });
    const second = deviceCookieOf(renewed) as string;
    expect(second).not.toBe(first);
    // The replaced value is no longer trusted: its failures land in the untrusted buckets.
    for (let i = 0; i < 10; i++) await attempt(owner, `wrong ${i}`, { ip: '10.5.0.1', device: first });
    expect((await attempt(owner, password, { ip: '10.5.0.1', device: first })).json().details.lockout).toBe(
      'account_address',
    );
    expect((await attempt(owner, password, { ip: '10.5.0.1', device: second })).statusCode).toBe(200);
    waitOutLockouts();
  });

  it('keep one value per account signed in from the browser', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const forA = await trustedBrowser(a, '10.6.0.1');
    const both = deviceCookieOf(await attempt(b, password, { ip: '10.6.0.1', device: forA })) as string;
    expect(both.split('=')[1]?.split('.')).toHaveLength(2);
    for (let i = 0; i < 10; i++) await attempt(a, `wrong ${i}`, { ip: '10.6.0.1' });
    expect((await attempt(a, password, { ip: '10.6.0.1', device: both })).statusCode).toBe(200);
    waitOutLockouts();
  });

  it('are set only once the second factor is given, not after the password alone', async () => {
    const email = await newUser();
    const session = await signIn(server.app, email, password);
    const started = await call(server.app, session, 'POST', '/api/v1/me/factors/totp', { name: 'Phone' });
    const { secret, factor } = started.json();
    const confirmed = await call(
      server.app,
      session,
      'POST',
      `/api/v1/me/factors/totp/${factor.id}/confirm`,
      {
        code: totpCodeAt(secret, server.clock.now()),
      },
    );
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    server.clock.advance(30 * SECOND);

    const passwordStep = await attempt(email, password, { ip: '10.7.0.1' });
    expectError(passwordStep, 401, 'auth.second_factor_required');
    expect(deviceCookieOf(passwordStep)).toBeUndefined();
    const pending = String(([] as string[]).concat(passwordStep.headers['set-cookie'] ?? [])[0]).split(
      ';',
    )[0];
    const done = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      headers: {
        cookie: pending as string,
        'x-csrf-token': passwordStep.json().details.csrfToken,
        'x-forwarded-for': '10.7.0.1',
      },
      payload: { code: totpCodeAt(secret, server.clock.now()) },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(deviceCookieOf(done)).toMatch(/^keyward_device=/);
  });
});

describe('back-off', SLOW, () => {
  it('doubles the lockout each time in a row, up to the maximum, and starts over after a success', async () => {
    const email = await newUser();
    const lockoutLengths: string[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 10; i++) await attempt(email, `wrong ${i}`, { ip: '10.8.0.1' });
      const blocked = await attempt(email, password, { ip: '10.8.0.1' });
      expectError(blocked, 429, 'auth.rate_limited');
      const wait = blocked.headers['retry-after'] as string;
      lockoutLengths.push(wait);
      server.clock.advance(Number(wait) * SECOND);
    }
    // 1 min, doubling, capped at KEYWARD_LOCKOUT_MAX_DURATION (1 h).
    expect(lockoutLengths).toEqual(['60', '120', '240', '480', '960', '1920', '3600', '3600']);

    expect((await attempt(email, password, { ip: '10.8.0.1' })).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) await attempt(email, `wrong ${i}`, { ip: '10.8.0.1' });
    expect((await attempt(email, password, { ip: '10.8.0.1' })).headers['retry-after']).toBe('60');
    waitOutLockouts();
  });

  it('audits every lockout', async () => {
    const email = await newUser();
    for (let i = 0; i < 10; i++) await attempt(email, `wrong ${i}`, { ip: '10.9.0.1' });
    await server.container.background.flush();
    const user = await server.container.storage.stores.users.findByEmail(email);
    const events = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 10 },
      { action: 'lockout.started', ...(user ? { targetId: user.id } : {}) },
    );
    expect(events.items).toMatchObject([
      {
        action: 'lockout.started',
        target: { kind: 'user', id: user?.id },
        details: { scope: 'account_address', address: '10.9.0.1', seconds: 60, lockoutsInARow: 1 },
      },
    ]);
    waitOutLockouts();
  });
});

describe.skipIf(!postgresUrl)('two nodes on one PostgreSQL database', SLOW, () => {
  it('count the same failures: five on each lock the account on both', async () => {
    const first = await startTestServer({ database: 'postgres', env: { KEYWARD_TRUST_PROXY: 'true' } });
    const second = await startTestServer({
      sharing: first,
      clock: first.clock,
      env: { KEYWARD_TRUST_PROXY: 'true' },
    });
    try {
      await first.container.users.create(operatorCaller(), { email: 'shared@example.test', password });
      const on = (node: TestServer, typed: string) =>
        call(
          node.app,
          null,
          'POST',
          '/api/v1/session',
          { email: 'shared@example.test', password: typed },
          {
            'x-forwarded-for': '10.10.0.1',
          },
        );
      for (let i = 0; i < 5; i++) {
        expectError(await on(first, `wrong ${i}`), 401, 'auth.invalid_credentials');
        expectError(await on(second, `wrong again ${i}`), 401, 'auth.invalid_credentials');
      }
      expectError(await on(first, password), 429, 'auth.rate_limited');
      expectError(await on(second, password), 429, 'auth.rate_limited');
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('seeing and lifting lockouts', SLOW, () => {
  /** A member of the first operator's org, locked out from `ip` by ten wrong passwords. */
  async function lockedMember(ip: string): Promise<{ email: string; userId: string }> {
    const email = await newUser();
    const orgId = server.firstRun?.orgId as string;
    const user = await server.container.members.add(operatorCaller(), orgId, {
      email,
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    for (let i = 0; i < 10; i++) await attempt(email, `wrong ${i}`, { ip });
    expectError(await attempt(email, password, { ip }), 429, 'auth.rate_limited');
    return { email, userId: user.userId };
  }

  it('an org owner sees their members’ lockouts and lifts one; the member signs in at once', async () => {
    const orgId = server.firstRun?.orgId as string;
    const { email, userId } = await lockedMember('10.11.0.1');
    const outsider = await newUser();
    for (let i = 0; i < 10; i++) await attempt(outsider, `wrong ${i}`, { ip: '10.11.0.2' });
    const owner = await signIn(server.app, ADMIN.email, ADMIN.password);

    const listed = await call(server.app, owner, 'GET', `/api/v1/orgs/${orgId}/lockouts`);
    expect(listed.statusCode, listed.body).toBe(200);
    const lockouts = listed.json().lockouts as { id: string; email: string }[];
    expect(lockouts).toEqual([
      {
        id: expect.any(String),
        scope: 'account_address',
        userId,
        email,
        clientId: null,
        address: '10.11.0.1',
        lockedUntil: new Date(server.clock.now() + 60_000).toISOString(),
        lockoutsInARow: 1,
      },
    ]);
    // Not a member: the owner neither sees nor lifts it; an operator sees both.
    const all = (await call(server.app, owner, 'GET', '/api/v1/lockouts')).json().lockouts as {
      id: string;
      email: string;
    }[];
    const outsiders = all.find((lockout) => lockout.email === outsider);
    expect(outsiders).toBeDefined();
    expectError(
      await call(server.app, owner, 'DELETE', `/api/v1/orgs/${orgId}/lockouts/${outsiders?.id}`),
      404,
      'lockout.not_found',
    );

    const lifted = await call(
      server.app,
      owner,
      'DELETE',
      `/api/v1/orgs/${orgId}/lockouts/${lockouts[0]?.id}`,
    );
    expect(lifted.statusCode, lifted.body).toBe(204);
    expect((await attempt(email, password, { ip: '10.11.0.1' })).statusCode).toBe(200);
    expectError(
      await call(server.app, owner, 'DELETE', `/api/v1/orgs/${orgId}/lockouts/${lockouts[0]?.id}`),
      404,
      'lockout.not_found',
    );
    const events = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 10 },
      { action: 'lockout.lifted', targetId: userId },
    );
    expect(events.items).toMatchObject([
      { orgId, actor: { id: owner.userId }, details: { scope: 'account_address' } },
    ]);
    waitOutLockouts();
  });

  it('only owners and operators: a plain member is refused', async () => {
    const orgId = server.firstRun?.orgId as string;
    const { email } = await lockedMember('10.12.0.1');
    const member = await signIn(server.app, email, password);
    expectError(
      await call(server.app, member, 'GET', `/api/v1/orgs/${orgId}/lockouts`),
      403,
      'auth.forbidden',
    );
    expectError(await call(server.app, member, 'GET', '/api/v1/lockouts'), 403, 'auth.forbidden');
    waitOutLockouts();
  });

  it('an operator lifts a client-secret lockout; the client is served at once', async () => {
    const { app, secret } = await server.container.apps.create(
      operatorCaller(),
      server.firstRun?.orgId as string,
      {
        type: 'web',
        name: 'Ledger',
        redirectUris: ['https://rp.test/cb'],
        scopes: { allRoles: true },
      },
    );
    const introspect = (typed: string) =>
      server.app.inject({
        method: 'POST',
        url: '/oauth/introspect',
        headers: {
          authorization: `Basic ${Buffer.from(`${app.id}:${typed}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '10.13.0.1',
        },
        payload: 'token=x',
      });
    for (let i = 0; i < 100; i++) await introspect(`wrong-${i}`);
    expect((await introspect(secret as string)).statusCode).toBe(429);
    const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
    const all = (await call(server.app, operator, 'GET', '/api/v1/lockouts')).json().lockouts as {
      id: string;
      clientId: string;
    }[];
    const mine = all.find((lockout) => lockout.clientId === app.id);
    expect(mine).toMatchObject({ scope: 'client_address', address: '10.13.0.1', userId: null, email: null });
    expect((await call(server.app, operator, 'DELETE', `/api/v1/lockouts/${mine?.id}`)).statusCode).toBe(204);
    expect((await introspect(secret as string)).statusCode).toBe(200);
  });
});
