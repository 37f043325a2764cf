// E-mail verification and e-mail change: links received by a real SMTP server, single-use and expiring (frozen
// clock), `email_verified` in the profile and in OpenID claims, and a change that needs a fresh sign-in, is
// unverified until its link is followed, and is told to the old address.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../src/core/clock.js';
import { userClaims } from '../src/keys/tokens/id-token.js';
import { call, expectError, postForm, type Session, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const PASSWORD = 'verification test passphrase';
let server: TestServer;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    env: { KEYWARD_SMTP_URL: smtp.url, KEYWARD_MAIL_FROM: 'Keyward <keyward@example.test>' },
  });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

let counter = 0;
/** An account made by the operator through the API, and a session of it. */
async function newAccount(): Promise<{ email: string; session: Session }> {
  const email = `verify-${++counter}@example.test`;
  // Signed in anew each time: tests move the frozen clock past session lifetimes.
  const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const created = await call(server.app, operator, 'POST', '/api/v1/users', { email, password: PASSWORD });
  expect(created.statusCode, created.body).toBe(201);
  return { email, session: await signIn(server.app, email, PASSWORD) };
}

async function mailsTo(email: string, subject: string) {
  await server.container.background.outbox.runOnce();
  return smtp.received.filter((m) => m.envelopeTo.includes(email) && m.headers.get('subject') === subject);
}

const VERIFY_SUBJECT = 'Confirm your e-mail address for Keyward';

async function verificationLink(email: string): Promise<string> {
  const mail = (await mailsTo(email, VERIFY_SUBJECT)).at(-1);
  const path = /https?:\/\/\S+?(\/account\/verify-email\?token=[A-Za-z0-9_-]{43})/.exec(
    mail?.body ?? '',
  )?.[1];
  if (!path) throw new Error(`no verification link for ${email}`);
  return path;
}

/** Posts the one form of a page with its hidden fields, as the browser would. */
function submit(page: LightMyRequestResponse, action: string) {
  const hidden = Object.fromEntries(
    [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
  return postForm(server.app, action, hidden, { origin: 'null' });
}

const me = async (session: Session) =>
  (await call(server.app, session, 'GET', '/api/v1/me')).json() as {
    user: { email: string; emailVerified: boolean };
  };

describe('verification', () => {
  it('is e-mailed at account creation; opening the link changes nothing, confirming verifies once', async () => {
    const { email, session } = await newAccount();
    expect((await me(session)).user.emailVerified).toBe(false);
    const path = await verificationLink(email);

    const page = await server.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(email);
    expect((await me(session)).user.emailVerified).toBe(false);

    const done = await submit(page, '/account/verify-email');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('is now verified');
    const { user } = await me(session);
    expect(user.emailVerified).toBe(true);
    const stored = await server.container.storage.stores.users.findById(session.userId);
    expect(stored && userClaims(stored, null, server.config.issuer).email_verified).toBe(true);

    const again = await submit(page, '/account/verify-email');
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link is not valid');
    // Verified: a resend sends nothing.
    const resend = await call(server.app, session, 'POST', '/api/v1/me/email-verification');
    expect(resend.statusCode).toBe(202);
    expect(resend.json()).toEqual({ sent: false });
  });

  it('expires after 24 hours (frozen clock), and a resend replaces the old link', async () => {
    const { email } = await newAccount();
    const first = await verificationLink(email);
    server.clock.advance(24 * HOUR - SECOND);
    expect((await server.app.inject({ method: 'GET', url: first })).statusCode).toBe(200);
    server.clock.advance(SECOND);
    expect((await server.app.inject({ method: 'GET', url: first })).body).toContain('This link has expired');
    const session = await signIn(server.app, email, PASSWORD);

    const resend = await call(server.app, session, 'POST', '/api/v1/me/email-verification');
    expect(resend.json()).toEqual({ sent: true });
    const second = await verificationLink(email);
    expect(second).not.toBe(first);
    const page = await server.app.inject({ method: 'GET', url: second });
    expect((await submit(page, '/account/verify-email')).statusCode).toBe(200);
    expect((await me(session)).user.emailVerified).toBe(true);
  });

  it('resends at most 5 times an hour per account', async () => {
    const { session } = await newAccount();
    for (let i = 0; i < 5; i++) {
      expect((await call(server.app, session, 'POST', '/api/v1/me/email-verification')).statusCode).toBe(202);
    }
    expectError(
      await call(server.app, session, 'POST', '/api/v1/me/email-verification'),
      429,
      'auth.rate_limited',
    );
  });

  it('is proven by a password reset link too', async () => {
    const { email, session } = await newAccount();
    await server.app.inject({ method: 'POST', url: '/api/v1/password-resets', payload: { email } });
    const mail = (await mailsTo(email, 'Reset your Keyward password')).at(-1);
    const path = /https?:\/\/\S+?(\/account\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(
      mail?.body ?? '',
    )?.[1];
    const page = await server.app.inject({ method: 'GET', url: path ?? '' });
    const hidden = Object.fromEntries(
      [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const newPassword = 'reset proves the mailbox';
    const done = await postForm(
      server.app,
      '/account/reset-password',
      { ...hidden, password: newPassword, confirm: newPassword },
      { origin: 'null' },
    );
    expect(done.statusCode, done.body).toBe(200);
    const fresh = await signIn(server.app, email, newPassword);
    expect((await me(fresh)).user.emailVerified).toBe(true);
    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
  });
});

describe('changing the e-mail address', () => {
  it('needs a fresh sign-in, leaves the new address unverified, links it, and tells the old one', async () => {
    const { email, session } = await newAccount();
    const oldLink = await verificationLink(email);
    const newEmail = `changed-${counter}@example.test`;

    server.clock.advance(16 * MINUTE);
    expectError(
      await call(server.app, session, 'PATCH', '/api/v1/me', { email: newEmail }),
      403,
      'auth.step_up_required',
    );
    const stepped = await call(server.app, session, 'POST', '/api/v1/session/step-up', {
      password: PASSWORD,
    });
    expect(stepped.statusCode).toBe(204);
    const changed = await call(server.app, session, 'PATCH', '/api/v1/me', { email: newEmail.toUpperCase() });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().user).toMatchObject({ email: newEmail, emailVerified: false });

    const notices = await mailsTo(email, 'The e-mail address of your Keyward account was changed');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain(newEmail);
    // The link sent to the old address proves nothing about the new one.
    expect((await server.app.inject({ method: 'GET', url: oldLink })).body).toContain(
      'This link is not valid',
    );

    const page = await server.app.inject({ method: 'GET', url: await verificationLink(newEmail) });
    expect(page.body).toContain(newEmail);
    expect((await submit(page, '/account/verify-email')).statusCode).toBe(200);
    expect((await me(session)).user).toEqual(
      expect.objectContaining({ email: newEmail, emailVerified: true }),
    );
    await signIn(server.app, newEmail, PASSWORD);

    const audit = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 100 },
      { action: 'user.email_changed' },
    );
    expect(audit.items.find((e) => e.target.id === session.userId)?.details).toMatchObject({
      from: email,
      to: newEmail,
    });
  });

  it("refuses another account's address, and a reset link sent to the old address stops working", async () => {
    const { email, session } = await newAccount();
    const other = await newAccount();
    expectError(
      await call(server.app, session, 'PATCH', '/api/v1/me', { email: other.email }),
      409,
      'user.email_taken',
    );
    await server.app.inject({ method: 'POST', url: '/api/v1/password-resets', payload: { email } });
    const mail = (await mailsTo(email, 'Reset your Keyward password')).at(-1);
    const path = /https?:\/\/\S+?(\/account\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(
      mail?.body ?? '',
    )?.[1];
    expect(path).toBeDefined();
    const changed = await call(server.app, session, 'PATCH', '/api/v1/me', {
      email: `moved-${counter}@example.test`,
    });
    expect(changed.statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: path ?? '' })).body).toContain(
      'This link is not valid',
    );
  });
});
