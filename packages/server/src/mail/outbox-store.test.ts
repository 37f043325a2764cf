import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { useStorage } from '../../test/support/stores.js';
import { createOutboxStore, type NewOutboxMessage, type OutboxStore } from './outbox-store.js';

const T0 = 1_000_000;
const LEASE = 60_000;

let serial = 0;
const aMessage = (overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  dedupeKey: `reminder:${++serial}`,
  to: 'ada@example.com',
  subject: 'Your API token expires soon',
  body: 'Generate a new one in the console under API tokens.',
  createdAt: T0 + serial,
  ...overrides,
});

/** Enqueues `count` messages due at T0 and returns their dedupe keys. */
async function enqueueMany(store: OutboxStore, count: number): Promise<string[]> {
  const messages = Array.from({ length: count }, () => aMessage({ notBefore: T0 }));
  for (const message of messages) await store.enqueue(message);
  return messages.map((message) => message.dedupeKey);
}

describeEachDatabase('OutboxStore contract', (kind) => {
  const storage = useStorage(kind);
  const outbox = () => storage().stores.outbox;

  // claim() takes any due row, so each test starts from an empty outbox.
  beforeEach(async () => {
    await storage().db.kysely.deleteFrom('outbox').execute();
  });

  it('enqueues one message per dedupe key, ever', async () => {
    const message = aMessage({ notBefore: T0 + 5_000 });
    expect(await outbox().enqueue(message)).toBe(true);
    expect(await outbox().enqueue({ ...message, subject: 'a second copy' })).toBe(false);
    const stored = await outbox().findByDedupeKey(message.dedupeKey);
    expect(stored).toMatchObject({
      dedupeKey: message.dedupeKey,
      to: message.to,
      subject: message.subject,
      body: message.body,
      createdAt: message.createdAt,
      notBefore: T0 + 5_000,
      attempts: 0,
      claimedBy: null,
      sentAt: null,
      failedAt: null,
    });
    expect(await outbox().findByDedupeKey('missing')).toBeUndefined();
  });

  it('enqueues in the transaction of the change that causes it', async () => {
    const message = aMessage();
    await expect(
      storage().transaction(async (stores) => {
        await stores.outbox.enqueue(message);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outbox().findByDedupeKey(message.dedupeKey)).toBeUndefined();
  });

  it('claims due messages oldest first, up to the limit, and counts the attempt', async () => {
    const [first, second, third] = await enqueueMany(outbox(), 3);
    const claimed = await outbox().claim('w1', T0, LEASE, 2);
    expect(claimed.map((m) => m.dedupeKey)).toEqual([first, second]);
    expect(claimed[0]).toMatchObject({ claimedBy: 'w1', claimedUntil: T0 + LEASE, attempts: 1 });
    expect((await outbox().claim('w2', T0, LEASE, 10)).map((m) => m.dedupeKey)).toEqual([third]);
  });

  it('does not claim a message before its not_before time', async () => {
    const later = aMessage({ notBefore: T0 + 10_000 });
    await outbox().enqueue(later);
    expect(await outbox().claim('w1', T0 + 9_999, LEASE, 10)).toEqual([]);
    expect((await outbox().claim('w1', T0 + 10_000, LEASE, 10)).map((m) => m.dedupeKey)).toEqual([
      later.dedupeKey,
    ]);
  });

  it('does not claim a leased message until the lease expires, then hands it over', async () => {
    const [key] = await enqueueMany(outbox(), 1);
    await outbox().claim('w1', T0, LEASE, 10);
    expect(await outbox().claim('w2', T0 + LEASE - 1, LEASE, 10)).toEqual([]);
    const [taken] = await outbox().claim('w2', T0 + LEASE, LEASE, 10);
    expect(taken).toMatchObject({ dedupeKey: key, claimedBy: 'w2', attempts: 2 });
  });

  it('never claims sent or failed messages', async () => {
    const [sent, failed] = await enqueueMany(outbox(), 2);
    const claimed = await outbox().claim('w1', T0, LEASE, 10);
    const idOf = (key: string | undefined) => claimed.find((m) => m.dedupeKey === key)?.id ?? '';
    expect(await outbox().markSent(idOf(sent), 'w1', T0 + 1)).toBe(true);
    expect(await outbox().markFailed(idOf(failed), 'w1', '550 no such user', null, T0 + 1)).toBe(true);
    expect(await outbox().claim('w2', T0 + 10 * LEASE, LEASE, 10)).toEqual([]);
    expect(await outbox().findByDedupeKey(sent ?? '')).toMatchObject({ sentAt: T0 + 1, claimedUntil: null });
    expect(await outbox().findByDedupeKey(failed ?? '')).toMatchObject({
      failedAt: T0 + 1,
      lastError: '550 no such user',
    });
  });

  it('schedules a retry: the message is released and due again at retryAt', async () => {
    const [key] = await enqueueMany(outbox(), 1);
    const [message] = await outbox().claim('w1', T0, LEASE, 10);
    expect(await outbox().markFailed(message?.id ?? '', 'w1', '451 try later', T0 + 5_000, T0)).toBe(true);
    expect(await outbox().findByDedupeKey(key ?? '')).toMatchObject({
      notBefore: T0 + 5_000,
      claimedBy: null,
      claimedUntil: null,
      failedAt: null,
      lastError: '451 try later',
      attempts: 1,
    });
    expect(await outbox().claim('w2', T0 + 4_999, LEASE, 10)).toEqual([]);
    expect(await outbox().claim('w2', T0 + 5_000, LEASE, 10)).toHaveLength(1);
  });

  it('lets only the current lease holder mark a message sent or failed', async () => {
    const [key] = await enqueueMany(outbox(), 1);
    const [message] = await outbox().claim('w1', T0, LEASE, 10);
    const id = message?.id ?? '';
    await outbox().claim('w2', T0 + LEASE, LEASE, 10); // w1's lease expired; w2 took over
    expect(await outbox().markSent(id, 'w1', T0 + LEASE + 1)).toBe(false);
    expect(await outbox().markFailed(id, 'w1', 'timeout', T0 + 2 * LEASE, T0 + LEASE + 1)).toBe(false);
    expect(await outbox().findByDedupeKey(key ?? '')).toMatchObject({ claimedBy: 'w2', sentAt: null });
    expect(await outbox().markSent(id, 'w2', T0 + LEASE + 2)).toBe(true);
    expect(await outbox().markSent(id, 'w2', T0 + LEASE + 3)).toBe(false); // already sent
    expect((await outbox().findByDedupeKey(key ?? ''))?.sentAt).toBe(T0 + LEASE + 2);
  });

  it('never gives the same message to two concurrent claimers', async () => {
    const keys = await enqueueMany(outbox(), 40);
    const drain = async (store: OutboxStore, workerId: string) => {
      const taken: string[] = [];
      for (;;) {
        const batch = await store.claim(workerId, T0, LEASE, 3);
        if (batch.length === 0) return taken;
        taken.push(...batch.map((m) => m.dedupeKey));
      }
    };
    const [a, b] = await withSecondPool(storage().db, (other) =>
      Promise.all([drain(outbox(), 'w1'), drain(createOutboxStore(other.kysely, other.dialect), 'w2')]),
    );
    expect([...a, ...b].sort()).toEqual([...keys].sort());
  });
});
