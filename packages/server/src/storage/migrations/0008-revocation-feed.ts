import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The revocation feed (docs/adr/0007-revocation-feed.md): every revocation of something an access token can be
 * minted from, numbered in commit order, kept until the newest access token it could refuse has expired.
 * Verifiers and gateways read it from a position and resume from the last one they saw.
 */
export function revocationFeed(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row. `head` is the last position handed out: a transaction that appends takes this row's lock
      // until it commits, so positions become visible in order and a reader never skips a lower one that
      // commits later. `swept_through`: the highest position the maintenance sweep deleted.
      await db.schema
        .createTable('revocation_feed')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('head', 'bigint', (c) => c.notNull())
        .addColumn('swept_through', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into revocation_feed (id, head, swept_through) values (1, 0, 0)`.execute(db);

      await db.schema
        .createTable('revocations')
        .addColumn('position', 'bigint', (c) => c.primaryKey())
        // token (an access token's jti) | credential (the `cred` claim, or a consumer key) | subject (a user or an app,
        // everywhere or in one org) | client (every token issued to an OAuth app)
        .addColumn('kind', 'text', (c) => c.notNull())
        // For credentials: api_token | client | grant | consumer_key.
        .addColumn('credential_type', 'text')
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text')
        // Only tokens issued at or before this are refused; null: every token.
        .addColumn('issued_before', 'bigint')
        .addColumn('keep_until', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('revocations_keep_until_idx')
        .on('revocations')
        .column('keep_until')
        .execute();
    },
  };
}
