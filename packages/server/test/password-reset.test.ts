// "Forgot password" by e-mail: the answer never tells whether an account exists, the link reaches a real SMTP
// server, works once, expires (frozen clock), and ends every session of the account.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/core/clock.js';
import { call, expectError, postForm, signIn } from './support/http.js';
import { operatorCaller, startTestServer, type TestServer } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const PASSWORD = 'the first password of ada';
const NEW_PASSWORD = 'a brand new passphrase';
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
async function newUser(): Promise<string> {
  const email = `reset-${++counter}@example.test`;
  await server.container.users.create(operatorCaller(), { email, password: PASSWORD });
  return email;
}

const requestReset = (email: string, ip = '203.0.113.7') =>
  server.app.inject({
    method: 'POST',
    url: '/api/v1/password-resets',
    payload: { email },
    remoteAddress: ip,
  });

/** Sends what the outbox holds and answers the reset e-mails `email` received, oldest first. */
async function resetMails(email: string) {
  await server.container.background.outbox.runOnce();
  return smtp.received.filter(
    (mail) =>
      mail.envelopeTo.includes(email) && mail.headers.get('subject') === 'Reset your Keyward password',
  );
}

/** The path and token of the newest reset link `email` received. */
async function latestLink(email: string): Promise<{ path: string; token: string }> {
  const mails = await resetMails(email);
  const match = /https?:\/\/\S+(\/account\/reset-password\?token=([A-Za-z0-9_-]{43}))/.exec(
    mails.at(-1)?.body ?? '',
  );
  if (!match?.[1] || !match[2]) throw new Error(`no reset link for ${email}`);
  return { path: match[1], token: match[2] };
}

/** Posts the form of the page a link opened, with its hidden fields and `fields`. */
async function submitResetForm(page: LightMyRequestResponse, fields: Record<string, string>) {
  const hidden = Object.fromEntries(
    [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
  return postForm(server.app, '/account/reset-password', { ...hidden, ...fields }, { origin: 'null' });
}

describe('asking for a reset', () => {
  it('answers the same for an unknown address as for a known one, and e-mails only the known one', async () => {
    const email = await newUser();
    const known = await requestReset(email);
    const unknown = await requestReset('nobody-here@example.test');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());

    const mails = await resetMails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body).toContain('within 30 minutes');
    expect(smtp.received.some((mail) => mail.envelopeTo.includes('nobody-here@example.test'))).toBe(false);
  });

  it('is the same from the page: one answer for every address', async () => {
    const email = await newUser();
    const form = await server.app.inject({ method: 'GET', url: '/account/forgot-password' });
    expect(form.statusCode).toBe(200);
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const post = (address: string) =>
      postForm(
        server.app,
        '/account/forgot-password',
        { csrf_token: csrf, email: address },
        { origin: 'null' },
      );
    const known = await post(email);
    const unknown = await post('nobody-there@example.test');
    expect(known.statusCode).toBe(200);
    expect(unknown.body).toBe(known.body);
    expect(known.body).toContain('Check your mailbox');
    expect(await resetMails(email)).toHaveLength(1);
  });

  it('is limited per e-mail address, known or not, with Retry-After', async () => {
    for (const email of [await newUser(), 'limited-nobody@example.test']) {
      for (let i = 0; i < 5; i++) expect((await requestReset(email, `198.51.100.${i}`)).statusCode).toBe(202);
      const limited = await requestReset(email, '198.51.100.99');
      expectError(limited, 429, 'auth.rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('is limited per client address', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await requestReset(`spray-${i}@example.test`, '192.0.2.55')).statusCode).toBe(202);
    }
    expectError(await requestReset('spray-last@example.test', '192.0.2.55'), 429, 'auth.rate_limited');
  });

  it('keeps only a keyed hash of the token', async () => {
    const email = await newUser();
    await requestReset(email);
    const { token } = await latestLink(email);
    const rows = await server.container.storage.db.kysely.selectFrom('email_links').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('using the link', () => {
  it('sets the new password once, ends every session, and refuses the link again', async () => {
    const email = await newUser();
    const session = await signIn(server.app, email, PASSWORD);
    await requestReset(email);
    const { path } = await latestLink(email);

    const page = await server.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(email);
    // Opening the link (as a mail scanner does) changes nothing: it opens again.
    expect((await server.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);

    const mismatch = await submitResetForm(page, { password: NEW_PASSWORD, confirm: 'something else' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('not the same');
    const weak = await submitResetForm(page, { password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('role="alert"');

    const done = await submitResetForm(page, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Your password was changed');

    expectError(await call(server.app, session, 'GET', '/api/v1/me'), 401, 'auth.required');
    await signIn(server.app, email, NEW_PASSWORD);
    const old = await call(server.app, null, 'POST', '/api/v1/session', { email, password: PASSWORD });
    expectError(old, 401, 'auth.invalid_credentials');

    const again = await server.app.inject({ method: 'GET', url: path });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link is not valid');
    const replay = await submitResetForm(page, {
      password: 'yet another passphrase',
      confirm: 'yet another passphrase',
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('This link is not valid');
    await signIn(server.app, email, NEW_PASSWORD);

    const audit = server.container.storage.stores.audit;
    const page1 = { pageStart: 1, pageLimit: 1000 };
    const requested = await audit.list(page1, { action: 'user.password_reset_requested' });
    const used = await audit.list(page1, { action: 'user.password_reset_by_email' });
    const userId = session.userId;
    expect(requested.items.some((e) => e.target.id === userId && e.details.sent === true)).toBe(true);
    expect(used.items.find((e) => e.target.id === userId)?.details).toMatchObject({ sessionsEnded: 1 });
  });

  it('expires after 30 minutes (frozen clock)', async () => {
    const email = await newUser();
    await requestReset(email);
    const { path } = await latestLink(email);
    server.clock.advance(30 * MINUTE - SECOND);
    const page = await server.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    server.clock.advance(SECOND);
    const late = await submitResetForm(page, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('This link has expired');
    const reopened = await server.app.inject({ method: 'GET', url: path });
    expect(reopened.body).toContain('This link has expired');
    await signIn(server.app, email, PASSWORD);
  });

  it('works only from the newest e-mail', async () => {
    const email = await newUser();
    await requestReset(email);
    const first = await latestLink(email);
    await requestReset(email);
    const second = await latestLink(email);
    expect(second.token).not.toBe(first.token);
    expect((await server.app.inject({ method: 'GET', url: first.path })).body).toContain(
      'This link is not valid',
    );
    expect((await server.app.inject({ method: 'GET', url: second.path })).statusCode).toBe(200);
  });

  it('refuses a form posted without the token-bound CSRF field or from another site', async () => {
    const email = await newUser();
    await requestReset(email);
    const { path, token } = await latestLink(email);
    const page = await server.app.inject({ method: 'GET', url: path });
    const forged = await postForm(
      server.app,
      '/account/reset-password',
      { token, csrf_token: 'x'.repeat(43), password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      { origin: 'null' },
    );
    expect(forged.statusCode).toBe(403);
    const hidden = Object.fromEntries(
      [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const crossSite = await postForm(
      server.app,
      '/account/reset-password',
      { ...hidden, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.statusCode).toBe(403);
    await signIn(server.app, email, PASSWORD);
  });
});
