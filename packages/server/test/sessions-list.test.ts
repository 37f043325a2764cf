// A user's signed-in sessions (issue 13 item 5): listed with device, address and times, ended one by one or all
// but this one; operators end all of a user's; removing a second factor ends the other sessions. Frozen clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/core/clock.js';
import { totpCodeAt } from '../src/identity/factors/totp.js';
import { deviceOf } from '../src/identity/sessions/list.js';
import { call, expectError, type Session } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const password = 'a sufficiently long passphrase';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { KEYWARD_TRUST_PROXY: 'true' } });
});
afterAll(async () => server.close());

async function newUser(): Promise<string> {
  counter += 1;
  const email = `sessions-${counter}@example.test`;
  await server.container.users.create(operatorCaller(), { email, password });
  return email;
}

async function signInFrom(email: string, userAgent: string, ip: string, typed = password): Promise<Session> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email, password: typed },
    headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
  });
  expect(response.statusCode, response.body).toBe(200);
  const raw = ([] as string[]).concat(response.headers['set-cookie'] ?? [])[0] as string;
  return {
    cookie: raw.split(';')[0] as string,
    csrfToken: response.json().csrfToken,
    userId: response.json().user.id,
  };
}

const listOf = async (session: Session) => {
  const response = await call(server.app, session, 'GET', '/api/v1/me/sessions');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().sessions as {
    id: string;
    device: string;
    address: string;
    current: boolean;
    lastSeenAt: string;
  }[];
};

describe('my sessions', () => {
  it('lists each with its device, address and times, and marks the current one', async () => {
    const email = await newUser();
    const laptop = await signInFrom(email, FIREFOX, '198.51.100.1');
    server.clock.advance(5 * MINUTE);
    await signInFrom(email, IPHONE, '203.0.113.9');
    const sessions = await listOf(laptop);
    expect(sessions).toHaveLength(2);
    expect(sessions).toContainEqual(
      expect.objectContaining({
        device: 'Firefox 128 on Linux (desktop)',
        address: '198.51.100.1',
        current: true,
      }),
    );
    expect(sessions).toContainEqual(
      expect.objectContaining({
        device: 'Safari 17 on iOS (mobile)',
        address: '203.0.113.9',
        current: false,
      }),
    );
  });

  it('ends one, or all but this one', async () => {
    const email = await newUser();
    const [a, b, c] = [
      await signInFrom(email, FIREFOX, '10.0.1.1'),
      await signInFrom(email, IPHONE, '10.0.1.2'),
      await signInFrom(email, FIREFOX, '10.0.1.3'),
    ];
    const bId = (await listOf(a)).find((s) => s.address === '10.0.1.2')?.id;
    expect((await call(server.app, a, 'DELETE', `/api/v1/me/sessions/${bId}`)).statusCode).toBe(204);
    expectError(await call(server.app, b, 'GET', '/api/v1/me'), 401, 'auth.required');
    expectError(await call(server.app, a, 'DELETE', `/api/v1/me/sessions/${bId}`), 404, 'session.not_found');
    // Another user's session id is not found either.
    const stranger = await signInFrom(await newUser(), FIREFOX, '10.0.1.9');
    const aId = (await listOf(a)).find((s) => s.current)?.id;
    expectError(
      await call(server.app, stranger, 'DELETE', `/api/v1/me/sessions/${aId}`),
      404,
      'session.not_found',
    );

    const ended = await call(server.app, a, 'DELETE', '/api/v1/me/sessions');
    expect(ended.json()).toEqual({ ended: 1 });
    expectError(await call(server.app, c, 'GET', '/api/v1/me'), 401, 'auth.required');
    expect((await listOf(a)).map((s) => s.current)).toEqual([true]);
  });

  it('needs the CSRF token to end sessions', async () => {
    const session = await signInFrom(await newUser(), FIREFOX, '10.0.2.1');
    const response = await server.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/sessions',
      headers: { cookie: session.cookie },
    });
    expectError(response, 403, 'auth.csrf_failed');
  });
});

describe('sessions that end by themselves', () => {
  it('an operator ends every session of a user', async () => {
    const email = await newUser();
    const [one, two] = [
      await signInFrom(email, FIREFOX, '10.0.3.1'),
      await signInFrom(email, IPHONE, '10.0.3.2'),
    ];
    const operator = await signInFrom(ADMIN.email, FIREFOX, '10.0.3.9', ADMIN.password);
    const ended = await call(server.app, operator, 'DELETE', `/api/v1/users/${one.userId}/sessions`);
    expect(ended.json()).toEqual({ ended: 2 });
    for (const session of [one, two])
      expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
    expectError(
      await call(server.app, one, 'DELETE', `/api/v1/users/${operator.userId}/sessions`),
      401,
      'auth.required',
    );
    const plain = await signInFrom(email, FIREFOX, '10.0.3.1');
    expectError(
      await call(server.app, plain, 'DELETE', `/api/v1/users/${operator.userId}/sessions`),
      403,
      'auth.forbidden',
    );
  });

  it('removing a second factor ends the other sessions and keeps this one', async () => {
    const email = await newUser();
    const here = await signInFrom(email, FIREFOX, '10.0.4.1');
    const started = await call(server.app, here, 'POST', '/api/v1/me/factors/totp', { name: 'Phone' });
    const { secret, factor } = started.json();
    await call(server.app, here, 'POST', `/api/v1/me/factors/totp/${factor.id}/confirm`, {
      code: totpCodeAt(secret, server.clock.now()),
    });
    // A second browser signs in with the code; then the first removes the factor (its step-up is fresh).
    server.clock.advance(30 * SECOND);
    const pending = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email, password },
      headers: { 'x-forwarded-for': '10.0.4.2' },
    });
    const pendingCookie = String(([] as string[]).concat(pending.headers['set-cookie'] ?? [])[0]).split(
      ';',
    )[0] as string;
    const done = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session/second-factor',
      headers: { cookie: pendingCookie, 'x-csrf-token': pending.json().details.csrfToken },
      payload: { code: totpCodeAt(secret, server.clock.now()) },
    });
    expect(done.statusCode, done.body).toBe(200);
    const there = {
      cookie: String(([] as string[]).concat(done.headers['set-cookie'] ?? [])[0]).split(';')[0] as string,
      csrfToken: done.json().csrfToken,
      userId: here.userId,
    };
    expect((await call(server.app, there, 'GET', '/api/v1/me')).statusCode).toBe(200);

    const removed = await call(server.app, here, 'DELETE', `/api/v1/me/factors/${factor.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expectError(await call(server.app, there, 'GET', '/api/v1/me'), 401, 'auth.required');
    expect((await call(server.app, here, 'GET', '/api/v1/me')).statusCode).toBe(200);
  });
});

describe('device names', () => {
  it('summarise the User-Agent, and say so when there is none', () => {
    expect(deviceOf(null)).toBe('Unknown device');
    expect(deviceOf('curl/8.5.0')).toMatch(/curl/i);
  });
});
