import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../storage/db.js';

/** The kinds of one-time JWT whose ids are remembered; each kind has its own namespace. */
export type OneTimeJwt = 'client_assertion' | 'dpop_proof';

/**
 * The `jti`s of one-time JWTs (client assertions, RFC 7523 §3 item 7; DPoP proofs, RFC 9449 §11.1) seen
 * recently, in the database so that every node refuses a replay, wherever the first use arrived.
 *
 * A claim is a write per JWT on the request path, so it is committed without waiting for the disk: PostgreSQL
 * `SET LOCAL synchronous_commit = off` for that one transaction, SQLite `PRAGMA synchronous = NORMAL` around that
 * one statement (the connection is held, so no other write runs meanwhile; FULL is restored after). The row is
 * visible to every node at once either way. What is given up: on a power cut or an operating-system crash (not a
 * Keyward crash, which loses nothing) the last fraction of a second of claims may be lost, so a JWT seen just
 * before could be accepted once more after the restart, until it expires. Nothing else loses durability.
 * See docs/adr/0005-private-key-jwt.md.
 */
export interface UsedJtiStore {
  /**
   * Records the id as used until `expiresAt` (ms); false when it already was and has not expired (a replay).
   * Expired ids are removed by the OAuth store's deleteExpired (maintenance).
   */
  claim(kind: OneTimeJwt, scope: string, jti: string, expiresAt: number, now: number): Promise<boolean>;
}

export function createUsedJtiStore(db: Db): UsedJtiStore {
  const insert = async (executor: Executor, key: string, expiresAt: number, now: number) => {
    // An expired row of the same key (not yet cleaned up) is reclaimed; a live one makes this a replay.
    const result = await executor
      .insertInto('used_jtis')
      .values({ key, expires_at: expiresAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ expires_at: expiresAt }).where('used_jtis.expires_at', '<=', now),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  };
  return {
    async claim(kind, scope, jti, expiresAt, now) {
      const key = keyOf(kind, scope, jti);
      if (db.dialect === 'postgres') {
        return db.kysely.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          return insert(trx, key, expiresAt, now);
        });
      }
      return db.kysely.connection().execute(async (connection) => {
        await sql`pragma synchronous = NORMAL`.execute(connection);
        try {
          return await insert(connection, key, expiresAt, now);
        } finally {
          await sql`pragma synchronous = FULL`.execute(connection);
        }
      });
    },
  };
}

/** A jti is any string its issuer chose: stored as a hash, so keys have one length and no odd characters. */
function keyOf(kind: OneTimeJwt, scope: string, jti: string): string {
  const hash = createHash('sha256').update(scope).update('\n').update(jti).digest('base64url');
  return `${kind}:${hash}`;
}
