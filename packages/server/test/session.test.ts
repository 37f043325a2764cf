// Console sign-in: cookies, CSRF, brute-force limits, session lifetime and ending sessions (ASVS V6, V7, V3.5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/core/clock.js';
import { call, expectError, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const password = 'a sufficiently long passphrase';

async function newUser(email: string): Promise<string> {
  const user = await server.container.users.create(operatorCaller(), { email, password });
  return user.id;
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe('POST /api/v1/session', () => {
  it('signs in: returns the user and a CSRF token, and sets an HttpOnly SameSite=Lax cookie', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: ADMIN });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({
      email: ADMIN.email,
      platformRoles: ['platform_operator'],
      disabled: false,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^keyward_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // plain http here; see the TLS case below
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown e-mail and a wrong password identically', async () => {
    const unknown = await call(server.app, null, 'POST', '/api/v1/session', {
      email: 'nobody@example.test',
      password,
    });
    const wrong = await call(server.app, null, 'POST', '/api/v1/session', {
      email: ADMIN.email,
      password: 'wrong pass 1234',
    });
    expectError(unknown, 401, 'auth.invalid_credentials');
    expectError(wrong, 401, 'auth.invalid_credentials');
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('verifies the password exactly as typed: no case folding or truncation', async () => {
    const email = 'exact@example.test';
    const long = `${'x'.repeat(72)}-tail-that-matters`;
    await server.container.users.create(operatorCaller(), { email, password: long });
    for (const attempt of [long.toUpperCase(), `${'x'.repeat(72)}-another-tail`, long.slice(0, 72)]) {
      expectError(
        await call(server.app, null, 'POST', '/api/v1/session', { email, password: attempt }),
        401,
        'auth.invalid_credentials',
      );
    }
    expect(
      (await call(server.app, null, 'POST', '/api/v1/session', { email, password: long })).statusCode,
    ).toBe(200);
  });

  it('limits failed sign-ins per account without locking out other users, and forgets them after the window', async () => {
    const victim = 'victim@example.test';
    await newUser(victim);
    await newUser('bystander@example.test');
    for (let i = 0; i < 10; i++) {
      const attempt = await call(
        server.app,
        null,
        'POST',
        '/api/v1/session',
        { email: victim, password: `guess number ${i}` },
        {
          'x-forwarded-for': `10.0.0.${i}`,
        },
      );
      expectError(attempt, 401, 'auth.invalid_credentials');
    }
    const blocked = await call(server.app, null, 'POST', '/api/v1/session', { email: victim, password });
    expectError(blocked, 429, 'auth.rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().message).toMatch(/account/);
    await signIn(server.app, 'bystander@example.test', password);

    server.clock.advance(16 * MINUTE);
    await signIn(server.app, victim, password);
  });

  it('gives a new session on every sign-in and ends the one the browser held (no fixation)', async () => {
    const first = await signIn(server.app, ADMIN.email, ADMIN.password);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: ADMIN,
      headers: { cookie: first.cookie },
    });
    expect(String(response.headers['set-cookie']).split(';')[0]).not.toBe(first.cookie);
    expectError(await call(server.app, first, 'GET', '/api/v1/me'), 401, 'auth.required');
  });

  it('takes JSON only, so a cross-site form cannot sign someone in', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: `email=${encodeURIComponent(ADMIN.email)}&password=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(response, 415, 'request.unsupported_media_type');
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated changes without, or with another session’s, X-CSRF-Token', async () => {
    const mine = await signIn(server.app, ADMIN.email, ADMIN.password);
    const other = await signIn(server.app, ADMIN.email, ADMIN.password);
    const create = (headers: Record<string, string>) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        payload: { name: 'Evil' },
        headers: { cookie: mine.cookie, ...headers },
      });
    expectError(await create({}), 403, 'auth.csrf_failed');
    expectError(await create({ 'x-csrf-token': other.csrfToken }), 403, 'auth.csrf_failed');
    expectError(await create({ 'x-csrf-token': `${mine.csrfToken}x` }), 403, 'auth.csrf_failed');
    expect((await create({ 'x-csrf-token': mine.csrfToken })).statusCode).toBe(201);
    // Reads need no token.
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: mine.cookie } }))
        .statusCode,
    ).toBe(200);
  });
});

describe('session lifetime', () => {
  it('ends after the idle limit', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    server.clock.advance(7 * HOUR);
    expect((await call(server.app, session, 'GET', '/api/v1/me')).statusCode).toBe(200);
    server.clock.advance(7 * HOUR); // 7 h since last use: still inside the 8 h idle limit
    expect((await call(server.app, session, 'GET', '/api/v1/me')).statusCode).toBe(200);
    server.clock.advance(8 * HOUR + MINUTE);
    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
  });

  it('ends at the absolute limit (7 days) even when used all along', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    for (let hours = 6; hours <= 162; hours += 6) {
      server.clock.advance(6 * HOUR);
      expect((await call(server.app, session, 'GET', '/api/v1/me')).statusCode).toBe(200);
    }
    server.clock.advance(7 * HOUR); // 169 h after sign-in, 7 h after last use
    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
  });

  it('DELETE /session ends the session on the server', async () => {
    const session = await signIn(server.app, ADMIN.email, ADMIN.password);
    const response = await call(server.app, session, 'DELETE', '/api/v1/session');
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/keyward_session=;/);
    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
  });

  it('disabling a user ends their sessions at once; enabling lets them sign in again', async () => {
    const email = 'to-disable@example.test';
    const userId = await newUser(email);
    const session = await signIn(server.app, email, password);
    const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
    expect(
      (await call(server.app, operator, 'POST', `/api/v1/users/${userId}/disable`)).json().disabled,
    ).toBe(true);
    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
    expectError(
      await call(server.app, null, 'POST', '/api/v1/session', { email, password }),
      401,
      'auth.invalid_credentials',
    );
    await call(server.app, operator, 'POST', `/api/v1/users/${userId}/enable`);
    await signIn(server.app, email, password);
  });

  it('changing the password ends the other sessions and keeps this one', async () => {
    const email = 'changer@example.test';
    await newUser(email);
    const here = await signIn(server.app, email, password);
    const elsewhere = await signIn(server.app, email, password);
    const newPassword = 'an even longer new passphrase';
    expectError(
      await call(server.app, here, 'PUT', '/api/v1/me/password', {
        currentPassword: 'not it at all',
        newPassword,
      }),
      401,
      'auth.invalid_credentials',
    );
    expectError(
      await call(server.app, here, 'PUT', '/api/v1/me/password', {
        currentPassword: password,
        newPassword: 'password1234',
      }),
      400,
      'user.password_rejected',
    );
    expect(
      (await call(server.app, here, 'PUT', '/api/v1/me/password', { currentPassword: password, newPassword }))
        .statusCode,
    ).toBe(204);
    expect((await call(server.app, here, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expectError(await call(server.app, elsewhere, 'GET', '/api/v1/me'), 401, 'auth.required');
    await signIn(server.app, email, newPassword);
  });
});

describe('secure cookies', () => {
  it('uses a __Host- cookie with Secure when the issuer is https', async () => {
    const secure = await startTestServer({ env: { KEYWARD_ISSUER: 'https://id.example.test' } });
    try {
      const response = await secure.app.inject({ method: 'POST', url: '/api/v1/session', payload: ADMIN });
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-keyward_session=/);
      expect(cookie).toContain('Secure');
      expect(cookie).not.toContain('Domain');
      // The device cookie too (docs/accounts.md#device-cookies).
      const device = ([] as string[]).concat(response.headers['set-cookie'] ?? [])[1];
      expect(device).toMatch(/^__Host-keyward_device=[A-Za-z0-9_-]{43}; .*Secure/);
      expect(device).not.toContain('Domain');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await secure.close();
    }
  });
});
