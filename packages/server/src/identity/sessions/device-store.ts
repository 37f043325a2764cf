import type { Executor } from '../../storage/db.js';

/** A browser that completed a sign-in for a user (OWASP device cookie); only a keyed hash of its value. */
export interface DeviceCookie {
  idHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface DeviceCookieStore {
  insert(device: DeviceCookie): Promise<void>;
  /** The live device cookie among `idHashes` that belongs to `userId`, if any. */
  findForUser(userId: string, idHashes: readonly string[], now: number): Promise<DeviceCookie | undefined>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

export function createDeviceCookieStore(db: Executor): DeviceCookieStore {
  return {
    async insert(device) {
      await db
        .insertInto('device_cookies')
        .values({
          id_hash: device.idHash,
          user_id: device.userId,
          created_at: device.createdAt,
          expires_at: device.expiresAt,
        })
        .execute();
    },

    async findForUser(userId, idHashes, now) {
      if (idHashes.length === 0) return undefined;
      const row = await db
        .selectFrom('device_cookies')
        .selectAll()
        .where('user_id', '=', userId)
        .where('id_hash', 'in', [...idHashes])
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return (
        row && {
          idHash: row.id_hash,
          userId: row.user_id,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
        }
      );
    },

    async delete(idHash) {
      await db.deleteFrom('device_cookies').where('id_hash', '=', idHash).execute();
    },

    async deleteExpired(now) {
      const result = await db.deleteFrom('device_cookies').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
