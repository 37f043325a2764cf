// Expiry reminders and deactivation notices reach a real SMTP server, once per token, across restarts and
// with two Keyward nodes on one database (PostgreSQL when KEYWARD_TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, SECOND } from '../src/core/clock.js';
import { TEST_DATABASES } from './support/databases.js';
import { call, type Session, signIn } from './support/http.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const database = TEST_DATABASES.includes('postgres') ? 'postgres' : 'sqlite';
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => smtp.close());

function startNode(sharing?: TestServer): Promise<TestServer> {
  return startTestServer({
    database,
    env: { KEYWARD_SMTP_URL: smtp.url, KEYWARD_MAIL_FROM: 'Keyward <keyward@example.test>' },
    ...(sharing ? { sharing, clock: sharing.clock } : {}),
  });
}

/** Runs what the background timers would: queue due reminders, then send the outbox. */
async function runJobs(node: TestServer): Promise<void> {
  await node.container.background.reminders.runOnce();
  await node.container.background.outbox.runOnce();
}

async function tokenWithReminder(node: TestServer, session: Session, name: string) {
  const response = await call(node.app, session, 'POST', '/api/v1/me/api-tokens', {
    orgId: node.firstRun?.orgId,
    name,
    scopes: { allRoles: true },
    ttlSeconds: 10 * 86400,
    notifyDaysBeforeExpiry: 3,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; token: string };
}

const receivedFor = (name: string) =>
  smtp.received.filter((mail) => mail.headers.get('subject')?.includes(`"${name}"`));

describe('expiry reminders', () => {
  it('are e-mailed N days before expiry, once, and survive a restart between queueing and sending', async () => {
    const first = await startNode();
    const session = await signIn(first.app, ADMIN.email, ADMIN.password);
    const { token } = await tokenWithReminder(first, session, 'nightly-build');

    first.clock.advance(7 * DAY - SECOND);
    await runJobs(first);
    expect(receivedFor('nightly-build')).toHaveLength(0); // not due yet

    first.clock.advance(SECOND);
    await first.container.background.reminders.runOnce(); // queued…
    const second = await startNode(first); // …and a new process takes over before it was sent
    await first.close({ keepDatabase: true });
    await second.container.background.outbox.runOnce();
    await runJobs(second);
    second.clock.advance(DAY);
    await runJobs(second);

    const mails = receivedFor('nightly-build');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.envelopeTo).toEqual([ADMIN.email]);
    expect(mail?.headers.get('subject')).toContain('expires on 2026-12-01');
    expect(mail?.body).toContain('nightly-build');
    expect(mail?.body).not.toContain(token);
    await second.close();
    await first.database.cleanup();
  });

  // Several nodes share a PostgreSQL database; a SQLite database belongs to one process.
  it.runIf(database === 'postgres')(
    'are sent once when two nodes run the jobs at the same time',
    async () => {
      const a = await startNode();
      const b = await startNode(a);
      const session = await signIn(a.app, ADMIN.email, ADMIN.password);
      const names = Array.from({ length: 8 }, (_, i) => `concurrent-${i}`);
      for (const name of names) await tokenWithReminder(a, session, name);
      a.clock.advance(7 * DAY);
      await Promise.all([runJobs(a), runJobs(b), runJobs(a), runJobs(b)]);
      await Promise.all([runJobs(a), runJobs(b)]);
      for (const name of names) expect(receivedFor(name), name).toHaveLength(1);
      await b.close();
      await a.close();
    },
  );

  // Regression (issue 10 item 6): a one-day token with a one-day reminder was refused with "the token lives
  // 1 day, less than the 1-day reminder" (false, and unhelpful). The reminder now goes out at once, once.
  it('a one-day token with a one-day reminder is generated, and the reminder e-mailed at once, once', async () => {
    const node = await startNode();
    const session = await signIn(node.app, ADMIN.email, ADMIN.password);
    const response = await call(node.app, session, 'POST', '/api/v1/me/api-tokens', {
      orgId: node.firstRun?.orgId,
      name: 'one-day-build',
      scopes: { allRoles: true },
      ttlSeconds: 86400,
      notifyDaysBeforeExpiry: 1,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      notifyDaysBeforeExpiry: 1,
      notes: [
        {
          kind: 'reminder_now',
          message:
            'the token lives 1 day, so a reminder 1 day before it expires is due already: the reminder ' +
            'e-mail is sent now',
        },
      ],
    });
    await runJobs(node); // the next run of the reminders job, without the clock moving
    node.clock.advance(12 * 3600 * SECOND);
    await runJobs(node);
    const mails = receivedFor('one-day-build');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body).toContain('sent as soon as it was generated');
    await node.close();
  });

  it('are not sent for revoked tokens', async () => {
    const node = await startNode();
    const session = await signIn(node.app, ADMIN.email, ADMIN.password);
    const { id } = await tokenWithReminder(node, session, 'revoked-before-reminder');
    await call(node.app, session, 'DELETE', `/api/v1/me/api-tokens/${id}`);
    node.clock.advance(8 * DAY);
    await runJobs(node);
    expect(receivedFor('revoked-before-reminder')).toHaveLength(0);
    await node.close();
  });
});

describe('deactivation notices', () => {
  it('tell the token owner when an org owner deactivates and reactivates the token', async () => {
    const node = await startNode();
    const session = await signIn(node.app, ADMIN.email, ADMIN.password);
    const { id } = await tokenWithReminder(node, session, 'deploy-bot');
    const orgId = node.firstRun?.orgId;
    await call(node.app, session, 'POST', `/api/v1/orgs/${orgId}/api-tokens/deactivate`, { ids: [id] });
    node.clock.advance(SECOND);
    await call(node.app, session, 'POST', `/api/v1/orgs/${orgId}/api-tokens/activate`, { ids: [id] });
    await node.container.background.outbox.runOnce();
    const subjects = receivedFor('deploy-bot').map((mail) => mail.headers.get('subject'));
    expect(subjects).toEqual([
      'Your Keyward API token "deploy-bot" was deactivated',
      'Your Keyward API token "deploy-bot" was reactivated',
    ]);
    await node.close();
  });
});
