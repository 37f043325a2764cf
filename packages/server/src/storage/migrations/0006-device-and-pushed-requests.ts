import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The device authorization grant (RFC 8628) and pushed authorization requests (RFC 9126): pending device
 * authorizations with their polling state, pushed requests waiting for the browser, and each app's choice to
 * accept authorization requests only when pushed.
 */
export function deviceAndPushedRequests(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('oauth_apps')
        .addColumn('require_par', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('device_authorizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Keyed hashes: the device code is the device's secret, the user code a short one the user types.
        .addColumn('device_code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        // JSON: the scope asked for, as validated (the same shape a browser authorization stores).
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        // Seconds the device must wait between polls; grows by 5 at each slow_down (RFC 8628 §3.5).
        .addColumn('interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('last_polled_at', 'bigint')
        // approved | denied, with who answered, in which org, and the grant an approval opened.
        .addColumn('decision', 'text')
        .addColumn('decided_at', 'bigint')
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.references('orgs.id').onDelete('cascade'))
        .addColumn('family_id', 'text', (c) => c.references('grant_families.id').onDelete('cascade'))
        .addColumn('redeemed_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('device_authorizations_expiry_idx')
        .on('device_authorizations')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('pushed_authorization_requests')
        // Keyed hash of the random part of the request_uri.
        .addColumn('request_uri_hash', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        // JSON: the authorization request, validated when it was pushed.
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
    },
  };
}
