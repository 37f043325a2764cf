import type { Selectable, Updateable } from 'kysely';
import { newTimeOrderedId } from '../core/ids-and-secrets.js';
import type { Dialect, Executor } from '../storage/db.js';
import type { OutboxTable } from '../storage/schema.js';

/** A message to enqueue, in the transaction of the change that causes it. */
export interface NewOutboxMessage {
  /** One message per key, ever: enqueueing the same reminder twice, from any node, is a no-op. */
  dedupeKey: string;
  to: string;
  subject: string;
  body: string;
  createdAt: number;
  /** Not sent before this time; defaults to createdAt. */
  notBefore?: number;
}

/** One row of the outbox. */
export interface OutboxMessage {
  id: string;
  dedupeKey: string;
  to: string;
  subject: string;
  body: string;
  createdAt: number;
  notBefore: number;
  /** Claims so far, including the one in progress. */
  attempts: number;
  claimedBy: string | null;
  claimedUntil: number | null;
  sentAt: number | null;
  /** Set when the worker gave up; the row is never claimed again. */
  failedAt: number | null;
  lastError: string | null;
}

export interface OutboxStore {
  /** Inserts the message; false (and nothing inserted) when its dedupe key is already taken. */
  enqueue(message: NewOutboxMessage): Promise<boolean>;
  /**
   * Atomically leases up to `limit` due messages (oldest first) to `workerId` until `now + leaseMs`, counting
   * one more attempt for each. No two concurrent callers, on any node, get the same row.
   */
  claim(workerId: string, now: number, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /** Records delivery; false when `workerId` no longer holds the message (another worker took it over). */
  markSent(id: string, workerId: string, at: number): Promise<boolean>;
  /**
   * Records a failed attempt and releases the lease: the message is due again at `retryAt`, or never again when
   * `retryAt` is null. False when `workerId` no longer holds the message.
   */
  markFailed(
    id: string,
    workerId: string,
    error: string,
    retryAt: number | null,
    at: number,
  ): Promise<boolean>;
  findByDedupeKey(dedupeKey: string): Promise<OutboxMessage | undefined>;
}

/** SMTP replies can be long; the first part says what went wrong. */
const MAX_ERROR_LENGTH = 1000;

export function createOutboxStore(db: Executor, dialect: Dialect): OutboxStore {
  /** The ids of up to `limit` messages that are due and not leased, oldest first. */
  const dueIds = (now: number, limit: number) => {
    const query = db
      .selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('not_before', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit);
    // PostgreSQL: lock the chosen rows and skip those another claimer has locked, so concurrent claims split
    // the work instead of waiting on each other. A row updated after this statement's snapshot is re-checked
    // against the WHERE clause before it is locked, so a row just leased elsewhere is not taken twice.
    // SQLite has a single writer: the whole UPDATE runs alone, so the plain subquery is already atomic.
    return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
  };

  /** Updates the row only while `workerId` holds it: a worker whose lease was taken over must not overwrite. */
  const updateOwned = async (id: string, workerId: string, values: Updateable<OutboxTable>) => {
    const result = await db
      .updateTable('outbox')
      .set(values)
      .where('id', '=', id)
      .where('claimed_by', '=', workerId)
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  };

  return {
    async enqueue(message) {
      const inserted = await db
        .insertInto('outbox')
        .values({
          id: newTimeOrderedId(message.createdAt),
          dedupe_key: message.dedupeKey,
          recipient: message.to,
          subject: message.subject,
          body: message.body,
          created_at: message.createdAt,
          not_before: message.notBefore ?? message.createdAt,
          attempts: 0,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async claim(workerId, now, leaseMs, limit) {
      const rows = await db
        .updateTable('outbox')
        .set((eb) => ({
          claimed_by: workerId,
          claimed_until: now + leaseMs,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', dueIds(now, limit))
        .returningAll()
        .execute();
      // RETURNING does not keep the subquery's order.
      return rows.map(toMessage).sort(byAge);
    },

    markSent(id, workerId, at) {
      return updateOwned(id, workerId, { sent_at: at, claimed_until: null, last_error: null });
    },

    markFailed(id, workerId, error, retryAt, at) {
      const lastError = error.slice(0, MAX_ERROR_LENGTH);
      return updateOwned(
        id,
        workerId,
        retryAt === null
          ? { failed_at: at, claimed_until: null, last_error: lastError }
          : { not_before: retryAt, claimed_by: null, claimed_until: null, last_error: lastError },
      );
    },

    async findByDedupeKey(dedupeKey) {
      const row = await db
        .selectFrom('outbox')
        .selectAll()
        .where('dedupe_key', '=', dedupeKey)
        .executeTakeFirst();
      return row && toMessage(row);
    },
  };
}

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    to: row.recipient,
    subject: row.subject,
    body: row.body,
    createdAt: row.created_at,
    notBefore: row.not_before,
    attempts: row.attempts,
    claimedBy: row.claimed_by,
    claimedUntil: row.claimed_until,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
  };
}

function byAge(a: OutboxMessage, b: OutboxMessage): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
