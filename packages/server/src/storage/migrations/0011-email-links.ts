import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Links sent by e-mail (docs/accounts.md#forgot-password): a password reset or an address
 * verification, each single-use and short-lived, stored as the keyed hash of its token. And whether each
 * user's e-mail address is verified (OIDC Core §5.1 `email_verified`). And invitations to an org for an
 * address that has no account yet (docs/accounts.md#invitations).
 */
export function emailLinks(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('email_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Keyed hash of the token in the link; the token itself is only in the e-mail.
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        // 'password_reset' or 'email_verification'.
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // The address the link was sent to: a verification proves that address, not a later one.
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        // Set once, when the link is used or superseded; a link with used_at is never accepted again.
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('email_links_user_idx').on('email_links').column('user_id').execute();
      // Invitations to an org for an address with no account yet; the roles are granted when it is accepted.
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        // JSON string[] each, as in memberships.
        .addColumn('org_roles', 'text', (c) => c.notNull())
        .addColumn('service_roles', 'text', (c) => c.notNull())
        // Keyed hash of the token in the e-mailed link; a resend replaces it.
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('invited_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('invitations_org_idx').on('invitations').column('org_id').execute();
      await db.schema
        .alterTable('users')
        .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
