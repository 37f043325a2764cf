// Invitations: adding a member by an address with no account invites it; the link (received by a real SMTP
// server) works once and expires (frozen clock); accepting creates the account with the roles and signs in;
// owners and admins list, resend and revoke; every step is audited.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, SECOND } from '../src/core/clock.js';
import { call, expectError, postForm, type Session, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const PASSWORD = 'invited member passphrase';
let server: TestServer;
let smtp: TestSmtpServer;
let orgId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    env: { KEYWARD_SMTP_URL: smtp.url, KEYWARD_MAIL_FROM: 'Keyward <keyward@example.test>' },
  });
  orgId = server.firstRun?.orgId as string;
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

let counter = 0;
const owner = () => signIn(server.app, ADMIN.email, ADMIN.password);
const invitee = () => `invitee-${++counter}@example.test`;

async function invite(session: Session, email: string, orgRoles = ['org_member']) {
  return call(server.app, session, 'POST', `/api/v1/orgs/${orgId}/members`, { email, orgRoles });
}

/** The invitation link path of the newest e-mail to `email`. */
async function invitationLink(email: string): Promise<string> {
  await server.container.background.outbox.runOnce();
  const mail = smtp.received.filter((m) => m.envelopeTo.includes(email)).at(-1);
  expect(mail?.headers.get('subject')).toBe('You are invited to Default organization on Keyward');
  const path = /https?:\/\/\S+?(\/account\/invitation\?token=[A-Za-z0-9_-]{43})/.exec(mail?.body ?? '')?.[1];
  if (!path) throw new Error(`no invitation link for ${email}`);
  return path;
}

function accept(page: LightMyRequestResponse, fields: Record<string, string>) {
  const hidden = Object.fromEntries(
    [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
  return postForm(server.app, '/account/invitation', { ...hidden, ...fields }, { origin: 'null' });
}

describe('invitations', () => {
  it('invite an address with no account; accepting creates it with the roles, verified, and signs in', async () => {
    const session = await owner();
    const email = invitee();
    const invited = await invite(session, email, ['org_member', 'developer']);
    expect(invited.statusCode, invited.body).toBe(202);
    expect(invited.json().invitation).toMatchObject({
      email,
      orgRoles: ['developer', 'org_member'],
      status: 'pending',
    });

    const listed = await call(server.app, session, 'GET', `/api/v1/orgs/${orgId}/invitations`);
    expect(listed.json().items.map((i: { email: string }) => i.email)).toContain(email);

    const path = await invitationLink(email);
    const page = await server.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Join Default organization');
    const weak = await accept(page, { name: 'Ivy', password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(400);

    const done = await accept(page, { name: 'Ivy Invitee', password: PASSWORD, confirm: PASSWORD });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Welcome to Default organization');
    const cookie = String(done.headers['set-cookie']).split(';')[0] ?? '';
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().user).toMatchObject({ email, name: 'Ivy Invitee', emailVerified: true });
    expect(me.json().memberships[0]).toMatchObject({ id: orgId, orgRoles: ['developer', 'org_member'] });

    // Once: the link, and the invitation, are gone.
    expect((await server.app.inject({ method: 'GET', url: path })).body).toContain('This link is not valid');
    const after = await call(server.app, session, 'GET', `/api/v1/orgs/${orgId}/invitations`);
    expect(after.json().items.map((i: { email: string }) => i.email)).not.toContain(email);
    // An address with an account is added at once, as before.
    const member = await invite(session, email);
    expectError(member, 409, 'member.exists');

    const audit = server.container.storage.stores.audit;
    const created = await audit.list({ pageStart: 1, pageLimit: 100 }, { action: 'invitation.created' });
    const accepted = await audit.list({ pageStart: 1, pageLimit: 100 }, { action: 'invitation.accepted' });
    expect(created.items.some((e) => e.details.email === email)).toBe(true);
    expect(accepted.items.some((e) => e.details.email === email)).toBe(true);
  });

  it('expires after 7 days (frozen clock); the attempt is audited; a resend works again', async () => {
    const email = invitee();
    const invited = (await invite(await owner(), email)).json().invitation as { id: string };
    const path = await invitationLink(email);
    server.clock.advance(7 * DAY - SECOND);
    expect((await server.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    server.clock.advance(SECOND);
    const late = await server.app.inject({ method: 'GET', url: path });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('This link has expired');
    const attempts = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 100 },
      { action: 'invitation.expired_attempt' },
    );
    expect(attempts.items.some((e) => e.target.id === invited.id)).toBe(true);

    const session = await owner();
    const listed = await call(server.app, session, 'GET', `/api/v1/orgs/${orgId}/invitations`);
    expect(listed.json().items.find((i: { id: string }) => i.id === invited.id)?.status).toBe('expired');
    const resent = await call(
      server.app,
      session,
      'POST',
      `/api/v1/orgs/${orgId}/invitations/${invited.id}/resend`,
    );
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json().status).toBe('pending');
    const fresh = await invitationLink(email);
    expect(fresh).not.toBe(path);
    const page = await server.app.inject({ method: 'GET', url: fresh });
    expect((await accept(page, { name: '', password: PASSWORD, confirm: PASSWORD })).statusCode).toBe(200);
  });

  it('revoked, the link stops working; a second invitation of the same address is refused', async () => {
    const session = await owner();
    const email = invitee();
    const invitation = (await invite(session, email)).json().invitation as { id: string };
    expectError(await invite(session, email), 409, 'invitation.exists');
    const path = await invitationLink(email);
    const revoked = await call(
      server.app,
      session,
      'DELETE',
      `/api/v1/orgs/${orgId}/invitations/${invitation.id}`,
    );
    expect(revoked.statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: path })).body).toContain('This link is not valid');
    expectError(
      await call(server.app, session, 'DELETE', `/api/v1/orgs/${orgId}/invitations/${invitation.id}`),
      404,
      'invitation.not_found',
    );
    const rows = await server.container.storage.db.kysely.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(path.split('token=')[1]);
  });

  it('is for owners and admins only; an admin cannot invite an owner', async () => {
    const session = await owner();
    const memberEmail = invitee();
    await invite(session, memberEmail, ['org_member']);
    const page = await server.app.inject({ method: 'GET', url: await invitationLink(memberEmail) });
    await accept(page, { name: 'Plain member', password: PASSWORD, confirm: PASSWORD });
    const member = await signIn(server.app, memberEmail, PASSWORD);
    expectError(await invite(member, invitee()), 403, 'auth.forbidden');
    expectError(
      await call(server.app, member, 'GET', `/api/v1/orgs/${orgId}/invitations`),
      403,
      'auth.forbidden',
    );

    const adminEmail = invitee();
    await invite(session, adminEmail, ['org_admin']);
    const adminPage = await server.app.inject({ method: 'GET', url: await invitationLink(adminEmail) });
    await accept(adminPage, { name: 'Admin', password: PASSWORD, confirm: PASSWORD });
    const admin = await signIn(server.app, adminEmail, PASSWORD);
    expectError(await invite(admin, invitee(), ['org_owner']), 403, 'member.owner_only');
    expect((await invite(admin, invitee(), ['org_member'])).statusCode).toBe(202);
  });
});
