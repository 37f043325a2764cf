import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * API tokens (stored only as a keyed hash), org token policies, and the e-mail outbox that carries expiry
 * reminders and deactivation notices.
 */
export function apiTokensAndOutbox(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // HMAC-SHA-256 of the token with the server pepper; the token itself is never stored.
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        // JSON ScopeSet {allRoles, orgRoles, serviceRoles, permissions}.
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('openid', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .addColumn('notify_days_before_expiry', 'integer')
        // When the expiry reminder falls due, and when it was queued (once per token).
        .addColumn('remind_at', 'bigint')
        .addColumn('reminded_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('deactivated_at', 'bigint')
        .addColumn('deactivated_by', 'text')
        // The token this one replaced (regenerate), for the audit trail.
        .addColumn('replaces_id', 'text')
        .execute();
      await db.schema
        .createIndex('api_tokens_user_org_idx')
        .on('api_tokens')
        .columns(['user_id', 'org_id'])
        .execute();
      await db.schema
        .createIndex('api_tokens_org_idx')
        .on('api_tokens')
        .columns(['org_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('api_tokens_remind_idx')
        .on('api_tokens')
        .columns(['reminded_at', 'remind_at'])
        .execute();

      await db.schema
        .createTable('org_policies')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
        .addColumn('api_token_max_ttl_seconds', 'bigint')
        .addColumn('api_token_idle_ttl_seconds', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // One message per key, ever: enqueueing the same reminder twice is a no-op, on any node.
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('not_before', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // A worker's lease: while claimed_until is in the future, no other worker sends this row.
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'bigint')
        .addColumn('sent_at', 'bigint')
        .addColumn('failed_at', 'bigint')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema
        .createIndex('outbox_pending_idx')
        .on('outbox')
        .columns(['sent_at', 'failed_at', 'not_before'])
        .execute();
    },
  };
}
