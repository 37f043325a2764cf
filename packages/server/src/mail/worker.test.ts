import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { postgresUrl, withSecondPool } from '../../test/support/databases.js';
import { parseMessage, startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import { useStorage } from '../../test/support/stores.js';
import { type Config, loadConfig } from '../config/load.js';
import { HOUR, ManualClock, MINUTE } from '../core/clock.js';
import { createLogger } from '../ops/logger.js';
import { createMailer, type Mailer, messageIdFor } from './mailer.js';
import { createOutboxStore, type NewOutboxMessage } from './outbox-store.js';
import { OutboxWorker, type OutboxWorkerDeps } from './worker.js';

/** A logger whose JSON lines the test can read. */
function captureLogs(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('debug', { write: (line: string) => void lines.push(line) }), lines };
}

/** Every data directory the tests use lives here, removed after the file. */
const tempRoot = mkdtempSync(join(tmpdir(), 'keyward-mail-'));

function parseLogs(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

function configFor(env: Record<string, string>): Config {
  const dataDir = mkdtempSync(join(tempRoot, 'data-'));
  return loadConfig({
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_MAIL_FROM: 'Keyward <keyward@example.org>',
    ...env,
  });
}

/** Runs the worker until a run finds nothing left to claim. */
async function drain(worker: OutboxWorker): Promise<void> {
  for (;;) {
    const { sent, failed } = await worker.runOnce();
    if (sent + failed === 0) return;
  }
}

let smtp: TestSmtpServer;
let smtpMailer: Mailer;
const silent = createLogger('silent');

beforeAll(async () => {
  smtp = await startSmtpServer();
  smtpMailer = createMailer(configFor({ KEYWARD_SMTP_URL: smtp.url }), silent);
});

afterAll(async () => {
  await smtpMailer.close();
  await smtp.close();
  rmSync(tempRoot, { recursive: true, force: true });
});

describe('createMailer', () => {
  it('describes the SMTP server without its password, or where files go', () => {
    const smtpConfig = configFor({ KEYWARD_SMTP_URL: 'smtp://mailer:s3cret@smtp.example.com' });
    expect(createMailer(smtpConfig, silent).describe()).toBe('SMTP smtp.example.com:587');
    const fileConfig = configFor({});
    expect(createMailer(fileConfig, silent).describe()).toBe(
      `.eml files in ${join(fileConfig.dataDir, 'mail')}`,
    );
  });
});

/**
 * The worker only talks to the OutboxStore, whose contract is tested on every database; its own tests run once,
 * on PostgreSQL when there is one (where several processes really share the outbox). Every SMTP connection costs
 * smtp-server's fixed 100 ms early-talker delay, so running them twice would double this file's time.
 */
const kind = postgresUrl ? 'postgres' : 'sqlite';

describe(`OutboxWorker [${kind}]`, () => {
  const storage = useStorage(kind);
  const outbox = () => storage().stores.outbox;
  let clock: ManualClock;
  let serial = 0;

  const aMessage = (overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
    dedupeKey: `token-expiry:${++serial}`,
    to: `user${serial}@example.com`,
    subject: 'Your API token expires in 7 days',
    body: 'Generate a new one in the console under API tokens.\n',
    createdAt: clock.now(),
    ...overrides,
  });

  const workerFor = (overrides: Partial<OutboxWorkerDeps> = {}) =>
    new OutboxWorker({ store: outbox(), mailer: smtpMailer, clock, logger: silent, ...overrides });

  const stored = async (dedupeKey: string) => {
    const message = await outbox().findByDedupeKey(dedupeKey);
    if (!message) throw new Error(`${dedupeKey} is not in the outbox`);
    return message;
  };

  beforeEach(async () => {
    await storage().db.kysely.deleteFrom('outbox').execute();
    clock = new ManualClock();
    smtp.received.length = 0;
    smtp.refuseRecipients(0);
  });

  it('delivers an enqueued message once, with a Message-ID derived from its outbox id', async () => {
    const message = aMessage();
    await storage().transaction((stores) => stores.outbox.enqueue(message));
    const worker = workerFor();

    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });

    const row = await stored(message.dedupeKey);
    expect(row.sentAt).toBe(clock.now());
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.envelopeTo).toEqual([message.to]);
    expect(mail?.headers.get('to')).toBe(message.to);
    expect(mail?.headers.get('from')).toBe('Keyward <keyward@example.org>');
    expect(mail?.headers.get('subject')).toBe(message.subject);
    expect(mail?.headers.get('message-id')).toBe(messageIdFor(row.id));
    expect(mail?.body.replace(/\r\n/g, '\n')).toContain(message.body);
  });

  it('does not send a message before its not_before time', async () => {
    const message = aMessage({ notBefore: clock.now() + 10 * MINUTE });
    await outbox().enqueue(message);
    const worker = workerFor();

    clock.advance(10 * MINUTE - 1);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    clock.advance(1);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('retries after a refused attempt, once the backoff has passed', async () => {
    const message = aMessage();
    await outbox().enqueue(message);
    smtp.refuseRecipients(1);
    const worker = workerFor();

    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
    const afterFailure = await stored(message.dedupeKey);
    expect(afterFailure).toMatchObject({ attempts: 1, notBefore: clock.now() + MINUTE, sentAt: null });
    expect(afterFailure.lastError).toContain('450');

    clock.advance(MINUTE - 1);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    clock.advance(1);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await stored(message.dedupeKey)).toMatchObject({
      attempts: 2,
      sentAt: clock.now(),
      lastError: null,
    });
  });

  it('gives up after maxAttempts, doubling the wait between attempts, and logs no address', async () => {
    const message = aMessage();
    await outbox().enqueue(message);
    smtp.refuseRecipients(Number.POSITIVE_INFINITY);
    const { logger, lines } = captureLogs();
    const worker = workerFor({ maxAttempts: 3, logger });

    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
    expect((await stored(message.dedupeKey)).notBefore).toBe(clock.now() + MINUTE);
    clock.advance(MINUTE);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
    expect((await stored(message.dedupeKey)).notBefore).toBe(clock.now() + 2 * MINUTE);
    clock.advance(2 * MINUTE);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });

    const row = await stored(message.dedupeKey);
    expect(row).toMatchObject({ attempts: 3, failedAt: clock.now(), sentAt: null });
    clock.advance(HOUR);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);

    const errors = parseLogs(lines).filter((entry) => entry.level === 50); // error
    expect(errors).toEqual([
      expect.objectContaining({ outboxId: row.id, recipientDomain: 'example.com', attempts: 3 }),
    ]);
    expect(lines.join('\n')).not.toContain(message.to);
    expect(lines.join('\n')).not.toContain('API tokens');
  });

  it('sends a message left claimed by a crashed worker once its lease expires, exactly once', async () => {
    const message = aMessage();
    await outbox().enqueue(message);
    // The crashed process claimed the message and died before sending or marking it.
    expect(await outbox().claim('crashed-worker', clock.now(), 60_000, 10)).toHaveLength(1);
    const worker = workerFor({ leaseMs: 60_000 });

    clock.advance(60_000 - 1);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    clock.advance(1);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
    clock.advance(HOUR);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await stored(message.dedupeKey)).toMatchObject({ attempts: 2, claimedBy: worker.workerId });
  });

  it('never sends a message twice across processes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const message = aMessage();
      await outbox().enqueue(message);
      ids.push((await stored(message.dedupeKey)).id);
    }
    const otherMailer = createMailer(configFor({ KEYWARD_SMTP_URL: smtp.url }), silent);
    await withSecondPool(storage().db, async (other) => {
      const first = workerFor({ workerId: 'node-a', batchSize: 4 });
      const second = workerFor({
        workerId: 'node-b',
        batchSize: 4,
        store: createOutboxStore(other.kysely, other.dialect),
        mailer: otherMailer,
      });
      await Promise.all([drain(first), drain(second)]);
    });
    await otherMailer.close();

    const messageIds = smtp.received.map((mail) => mail.headers.get('message-id'));
    expect(messageIds.sort()).toEqual(ids.map(messageIdFor).sort());
    const unsent = await storage()
      .db.kysely.selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .execute();
    expect(unsent).toEqual([]);
  });

  it('runs on a timer until stopped', async () => {
    await outbox().enqueue(aMessage());
    const worker = workerFor();
    worker.start(10);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    await worker.stop();
  });

  it('writes an RFC 5322 .eml file readable only by its owner when no SMTP server is configured', async () => {
    const config = configFor({});
    const { logger, lines } = captureLogs();
    const mailer = createMailer(config, logger);
    const message = aMessage();
    await outbox().enqueue(message);

    expect(await workerFor({ mailer }).runOnce()).toEqual({ sent: 1, failed: 0 });
    const { id } = await stored(message.dedupeKey);
    const dir = join(config.dataDir, 'mail');
    const file = join(dir, `${id}.eml`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const { headers, body } = parseMessage(readFileSync(file, 'utf8'));
    expect(headers.get('to')).toBe(message.to);
    expect(headers.get('subject')).toBe(message.subject);
    expect(headers.get('message-id')).toBe(messageIdFor(id));
    expect(headers.get('date')).toBeTruthy();
    expect(body.replace(/\r\n/g, '\n')).toContain(message.body);

    expect(parseLogs(lines).find((entry) => entry.file === file)?.level).toBe(30); // info
    expect(lines.join('\n')).not.toContain('API tokens');
  });
});
