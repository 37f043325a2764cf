import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Lockouts that cannot be turned against the owner (docs/accounts.md#lockout): failure counters with
 * exponential back-off, shared by every node; the device cookies of browsers that signed in before (OWASP
 * "Slow Down Online Guessing Attacks with Device Cookies"); and the address each OAuth client last
 * authenticated from, so a lockout on (client, address) never refuses the real client its correct secret.
 */
export function lockoutsAndDevices(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('lockouts')
        // The bucket: what is counted, e.g. sign-in failures of one account from one address.
        .addColumn('key', 'text', (c) => c.primaryKey())
        // Opaque id for the API (the key holds addresses and hashes).
        .addColumn('id', 'text', (c) => c.notNull().unique())
        // 'account_address', 'account', 'address', 'device', 'client_address', 'api_token_address',
        // 'signed_request_address'.
        .addColumn('scope', 'text', (c) => c.notNull())
        // The account the bucket protects, when known, so its org owners see it.
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        // The OAuth client id of a client_address bucket.
        .addColumn('subject', 'text')
        .addColumn('address', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        // Lockouts in a row: the next one lasts twice as long (capped).
        .addColumn('lockout_count', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lockouts_user_idx').on('lockouts').column('user_id').execute();
      await db.schema.createIndex('lockouts_locked_idx').on('lockouts').column('locked_until').execute();

      await db.schema
        .createTable('device_cookies')
        // Keyed hash of the random value in the cookie; the value itself is never stored.
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('device_cookies_user_idx').on('device_cookies').column('user_id').execute();

      await db.schema
        .createTable('client_auth_origins')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
