// The first operator's generated password must be replaced at the first sign-in (ASVS 6.4.1), with a second
// factor offered on the way; an operator who chose their password (KEYWARD_ADMIN_PASSWORD) is not asked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, expectError, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const email = 'first-run@example.test';
const generated = 'a password someone else has seen';

beforeAll(async () => {
  server = await startTestServer();
  const user = await server.container.users.create(operatorCaller(), { email, password: generated });
  // As the first run leaves an operator whose password it generated and printed.
  await server.container.storage.stores.users.requirePasswordChange(user.id);
});
afterAll(async () => server.close());

it('lets nothing but the password change, a second factor and sign-out happen until the password is replaced', async () => {
  const session = await signIn(server.app, email, generated);
  const me = await call(server.app, session, 'GET', '/api/v1/me');
  expect(me.statusCode).toBe(200);
  expect(me.json().passwordChangeRequired).toBe(true);
  expectError(await call(server.app, session, 'GET', '/api/v1/orgs'), 403, 'auth.password_change_required');
  expectError(
    await call(server.app, session, 'POST', '/api/v1/orgs', { name: 'Too early' }),
    403,
    'auth.password_change_required',
  );
  // A second factor is offered at the same time.
  expect((await call(server.app, session, 'POST', '/api/v1/me/factors/totp', {})).statusCode).toBe(201);

  const changed = await call(server.app, session, 'PUT', '/api/v1/me/password', {
    currentPassword: generated,
    newPassword: 'a password only I know now',
  });
  expect(changed.statusCode, changed.body).toBe(204);
  expect((await call(server.app, session, 'GET', '/api/v1/orgs')).statusCode).toBe(200);
  expect((await call(server.app, session, 'GET', '/api/v1/me')).json().passwordChangeRequired).toBe(false);
});

it('does not ask an operator who chose their own password', async () => {
  const session = await signIn(server.app, ADMIN.email, ADMIN.password);
  expect((await call(server.app, session, 'GET', '/api/v1/orgs')).statusCode).toBe(200);
});
