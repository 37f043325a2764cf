import type { Executor } from '../storage/db.js';
import type { RevocationsTable } from '../storage/schema.js';

/** What an access token can be minted from (its `cred` claim), and OVH consumer keys. */
export type RevokedCredentialType = 'api_token' | 'client' | 'grant' | 'consumer_key';

/**
 * What a revocation refuses: one access token; everything minted from one credential; a subject's tokens (a
 * disabled user everywhere, a member or an app removed from one org); every token issued to a deleted app.
 */
export type RevocationTarget =
  | { kind: 'token'; jti: string }
  | { kind: 'credential'; type: RevokedCredentialType; id: string }
  | { kind: 'subject'; subject: string; orgId?: string }
  | { kind: 'client'; clientId: string };

/** A revocation to append to the feed. Times in milliseconds. */
export interface NewRevocation {
  target: RevocationTarget;
  /** Refuse only tokens issued at or before this; absent: every token (a single access token, say). */
  issuedBefore?: number;
  /** When the newest access token it could refuse has expired, so the entry can go. */
  keepUntil: number;
  /** Said in the refusal: `API token revoked`. */
  reason: string;
  revokedAt: number;
}

/** An entry of the feed, with its position: positions grow in commit order. */
export interface Revocation extends NewRevocation {
  position: number;
}

export interface RevocationStore {
  /**
   * Appends entries in the caller's transaction and returns their positions. Takes the feed's lock until the
   * transaction ends, so call it last: another revocation waits for this one to commit.
   */
  append(entries: readonly NewRevocation[]): Promise<number[]>;
  /** Entries after `position`, oldest first, at most `limit`. */
  listAfter(position: number, limit: number): Promise<Revocation[]>;
  /** The last position handed out, and the highest one the sweep removed. */
  positions(): Promise<{ head: number; sweptThrough: number }>;
  /** Removes entries whose `keepUntil` has passed; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export function createRevocationStore(
  db: Executor,
  appended: (positions: number[]) => void = () => {},
): RevocationStore {
  return {
    async append(entries) {
      if (entries.length === 0) return [];
      const { head } = await db
        .updateTable('revocation_feed')
        .set((eb) => ({ head: eb('head', '+', entries.length) }))
        .where('id', '=', 1)
        .returning('head')
        .executeTakeFirstOrThrow();
      const first = Number(head) - entries.length + 1;
      const rows = entries.map((entry, index) => toRow(entry, first + index));
      await db.insertInto('revocations').values(rows).execute();
      const positions = rows.map((row) => row.position);
      appended(positions);
      return positions;
    },

    async listAfter(position, limit) {
      const rows = await db
        .selectFrom('revocations')
        .selectAll()
        .where('position', '>', position)
        .orderBy('position')
        .limit(limit)
        .execute();
      return rows.map(toRevocation);
    },

    async positions() {
      const row = await db
        .selectFrom('revocation_feed')
        .select(['head', 'swept_through'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return { head: Number(row.head), sweptThrough: Number(row.swept_through) };
    },

    async deleteExpired(now) {
      const deleted = await db
        .deleteFrom('revocations')
        .where('keep_until', '<=', now)
        .returning('position')
        .execute();
      if (deleted.length === 0) return 0;
      const highest = Math.max(...deleted.map((row) => Number(row.position)));
      await db
        .updateTable('revocation_feed')
        .set({ swept_through: highest })
        .where('id', '=', 1)
        .where('swept_through', '<', highest)
        .execute();
      return deleted.length;
    },
  };
}

function toRow(entry: NewRevocation, position: number): RevocationsTable {
  const { target } = entry;
  return {
    position,
    kind: target.kind,
    credential_type: target.kind === 'credential' ? target.type : null,
    target: targetOf(target),
    org_id: target.kind === 'subject' ? (target.orgId ?? null) : null,
    issued_before: entry.issuedBefore ?? null,
    keep_until: entry.keepUntil,
    reason: entry.reason,
    revoked_at: entry.revokedAt,
  };
}

function targetOf(target: RevocationTarget): string {
  switch (target.kind) {
    case 'token':
      return target.jti;
    case 'credential':
      return target.id;
    case 'subject':
      return target.subject;
    case 'client':
      return target.clientId;
  }
}

function toRevocation(row: RevocationsTable): Revocation {
  const target: RevocationTarget =
    row.kind === 'token'
      ? { kind: 'token', jti: row.target }
      : row.kind === 'credential'
        ? { kind: 'credential', type: row.credential_type as RevokedCredentialType, id: row.target }
        : row.kind === 'client'
          ? { kind: 'client', clientId: row.target }
          : { kind: 'subject', subject: row.target, ...(row.org_id !== null ? { orgId: row.org_id } : {}) };
  return {
    position: Number(row.position),
    target,
    ...(row.issued_before !== null ? { issuedBefore: Number(row.issued_before) } : {}),
    keepUntil: Number(row.keep_until),
    reason: row.reason,
    revokedAt: Number(row.revoked_at),
  };
}
