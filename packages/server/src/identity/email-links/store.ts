import type { Selectable } from 'kysely';
import type { Executor } from '../../storage/db.js';
import type { EmailLinksTable } from '../../storage/schema.js';

export type EmailLinkPurpose = 'password_reset' | 'email_verification';

/** A single-use link sent by e-mail; only the keyed hash of its token is kept. */
export interface EmailLink {
  id: string;
  tokenHash: string;
  purpose: EmailLinkPurpose;
  userId: string;
  /** The address the link was sent to. */
  email: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface EmailLinkStore {
  insert(link: EmailLink): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<EmailLink | undefined>;
  /**
   * Marks the link used at `at` if nothing used it before; true for the one caller that did. Two requests
   * presenting the same link at once, on any node, cannot both get true.
   */
  markUsed(id: string, at: number): Promise<boolean>;
  /** Retires every unused link of `purpose` for the user (a newer one replaces them); returns how many. */
  retireForUser(userId: string, purpose: EmailLinkPurpose, at: number): Promise<number>;
  /** Deletes links that expired before `before`; returns how many. */
  deleteExpired(before: number): Promise<number>;
}

export function createEmailLinkStore(db: Executor): EmailLinkStore {
  return {
    async insert(link) {
      await db
        .insertInto('email_links')
        .values({
          id: link.id,
          token_hash: link.tokenHash,
          purpose: link.purpose,
          user_id: link.userId,
          email: link.email,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
          used_at: link.usedAt,
        })
        .execute();
    },

    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('email_links')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toLink(row);
    },

    async markUsed(id, at) {
      const result = await db
        .updateTable('email_links')
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async retireForUser(userId, purpose, at) {
      const result = await db
        .updateTable('email_links')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async deleteExpired(before) {
      const result = await db.deleteFrom('email_links').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toLink(row: Selectable<EmailLinksTable>): EmailLink {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    purpose: row.purpose as EmailLinkPurpose,
    userId: row.user_id,
    email: row.email,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
  };
}
