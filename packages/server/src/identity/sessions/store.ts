import { type Executor, fromJson, toJson } from '../../storage/db.js';

export interface Session {
  /** Keyed hash of the id in the cookie; the id itself is never stored. */
  idHash: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
  /** RFC 8176 methods the user proved themselves with: `pwd`, then `otp`, `hwk`/`swk`, `mfa`… */
  amr: string[];
  /** When a factor was last presented: sign-in, or a later step-up. */
  authenticatedAt: number;
  /** The password was right but a second factor is still owed: the session signs nobody in yet. */
  pendingFactor: boolean;
}

export interface SessionStore {
  insert(session: Session): Promise<void>;
  findByHash(idHash: string): Promise<Session | undefined>;
  touch(idHash: string, now: number): Promise<void>;
  /** A factor was presented again (step-up): records when, and the methods now proven. */
  markAuthenticated(idHash: string, amr: readonly string[], at: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** The user's signed-in sessions (not pending a second factor), newest use first. */
  listForUser(userId: string): Promise<Session[]>;
  /** Ends every session of a user, except `keepIdHash` when given. */
  deleteForUser(userId: string, keepIdHash?: string): Promise<number>;
  deleteExpired(now: number, idleMs: number): Promise<number>;
}

export function createSessionStore(db: Executor): SessionStore {
  return {
    async insert(session) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
          amr: toJson(session.amr),
          authenticated_at: session.authenticatedAt,
          pending_factor: session.pendingFactor ? 1 : 0,
        })
        .execute();
    },

    async findByHash(idHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return (
        row && {
          idHash: row.id_hash,
          userId: row.user_id,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
          ip: row.ip,
          userAgent: row.user_agent,
          amr: fromJson<string[]>(row.amr),
          authenticatedAt: row.authenticated_at ?? row.created_at,
          pendingFactor: row.pending_factor === 1,
        }
      );
    },

    async touch(idHash, now) {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
    },

    async markAuthenticated(idHash, amr, at) {
      await db
        .updateTable('sessions')
        .set({ amr: toJson(amr), authenticated_at: at, last_seen_at: at })
        .where('id_hash', '=', idHash)
        .execute();
    },

    async listForUser(userId) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('pending_factor', '=', 0)
        .orderBy('last_seen_at', 'desc')
        .limit(500)
        .execute();
      return rows.map((row) => ({
        idHash: row.id_hash,
        userId: row.user_id,
        createdAt: Number(row.created_at),
        lastSeenAt: Number(row.last_seen_at),
        expiresAt: Number(row.expires_at),
        ip: row.ip,
        userAgent: row.user_agent,
        amr: fromJson<string[]>(row.amr),
        authenticatedAt: Number(row.authenticated_at ?? row.created_at),
        pendingFactor: false,
      }));
    },

    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteForUser(userId, keepIdHash) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteExpired(now, idleMs) {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
