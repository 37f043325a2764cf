// POST /api/v1/users/{id}/reset-password: an operator sets a generated password, shown once, and the user's
// sessions end, as `keyward admin reset-password` does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'a long and careful passphrase';

let server: TestServer;
let operator: Session;
let graceId: string;

beforeAll(async () => {
  server = await startTestServer();
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  graceId = (
    await server.container.users.create(operatorCaller(), { email: 'grace@example.test', password: PASSWORD })
  ).id;
});
afterAll(async () => server.close());

const signInStatus = async (password: string) =>
  (
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'grace@example.test', password },
    })
  ).statusCode;

describe('resetting a password', () => {
  it('sets a generated password shown once; the old one and every session of the user stop working', async () => {
    const session = await signIn(server.app, 'grace@example.test', PASSWORD);
    expect((await call(server.app, session, 'GET', '/api/v1/me')).statusCode).toBe(200);

    const reset = await call(server.app, operator, 'POST', `/api/v1/users/${graceId}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const { user, password } = reset.json<{ user: { id: string; email: string }; password: string }>();
    expect(user).toMatchObject({ id: graceId, email: 'grace@example.test' });
    expect(password).toMatch(/^[0-9A-Za-z]{24}$/);

    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
    expect(await signInStatus(PASSWORD)).toBe(401);
    expect(await signInStatus(password)).toBe(200);
    // The operator has seen it: it opens one session, whose only use is choosing a new password.
    const temporary = await signIn(server.app, 'grace@example.test', password);
    const me = await call(server.app, temporary, 'GET', '/api/v1/me');
    expect(me.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired).toBe(true);
    expectError(
      await call(server.app, temporary, 'GET', '/api/v1/me/api-tokens'),
      403,
      'auth.password_change_required',
    );
    const changed = await call(server.app, temporary, 'PUT', '/api/v1/me/password', {
      currentPassword: password,
      newPassword: 'her own careful passphrase',
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    expect((await call(server.app, temporary, 'GET', '/api/v1/me/api-tokens')).statusCode).toBe(200);

    const again = await call(server.app, operator, 'POST', `/api/v1/users/${graceId}/reset-password`);
    expect(again.json<{ password: string }>().password).not.toBe(password);

    const audit = await call(server.app, operator, 'GET', '/api/v1/audit-events?action=user.password_reset');
    const events = audit.json<{ results: { target: { id: string } | null }[] }>().results;
    expect(events.filter((event) => event.target?.id === graceId)).toHaveLength(2);
    // The password is in the answer only: never in the audit log.
    expect(audit.body).not.toContain(password);
  });

  it('is for platform operators, about an account that exists', async () => {
    const temporary = (
      await call(server.app, operator, 'POST', `/api/v1/users/${graceId}/reset-password`)
    ).json<{ password: string }>().password;
    const grace = await signIn(server.app, 'grace@example.test', temporary);
    const changed = await call(server.app, grace, 'PUT', '/api/v1/me/password', {
      currentPassword: temporary,
      newPassword: 'her second careful passphrase',
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    expectError(
      await call(server.app, grace, 'POST', `/api/v1/users/${operator.userId}/reset-password`),
      403,
      'auth.forbidden',
    );
    expectError(
      await call(
        server.app,
        operator,
        'POST',
        '/api/v1/users/00000000-0000-4000-8000-000000000000/reset-password',
      ),
      404,
      'user.not_found',
    );
    expectError(
      await call(server.app, operator, 'POST', '/api/v1/users/nope/reset-password'),
      400,
      'request.invalid',
    );
    expectError(
      await call(server.app, null, 'POST', `/api/v1/users/${graceId}/reset-password`),
      401,
      'auth.required',
    );
  });
});
