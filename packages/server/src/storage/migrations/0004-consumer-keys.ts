import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * OVH-style delegated access: applications (AK public, AS sealed with the server key because `$1$` signatures
 * need it in clear) and the consumer keys users grant them (CK stored as a keyed hash), with their rules.
 * Ids are numbers, as OVH's are (long applicationId / credentialId).
 */
export function consumerKeys(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('consumer_apps')
        .addColumn('id', 'bigint', (c) => c.primaryKey())
        .addColumn('app_key', 'text', (c) => c.notNull().unique())
        .addColumn('secret_enc', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('consumer_apps_owner_idx')
        .on('consumer_apps')
        .column('owner_user_id')
        .execute();

      await db.schema
        .createTable('consumer_credentials')
        .addColumn('id', 'bigint', (c) => c.primaryKey())
        .addColumn('app_id', 'bigint', (c) => c.notNull().references('consumer_apps.id').onDelete('cascade'))
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        // The user who validated it; null while pending.
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        // JSON {method, path}[]
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('validation_token_hash', 'text', (c) => c.unique())
        .addColumn('validation_expires_at', 'bigint', (c) => c.notNull())
        .addColumn('redirection', 'text')
        // JSON string[] of CIDR blocks, or null for any address.
        .addColumn('allowed_ips', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('validated_at', 'bigint')
        .addColumn('expires_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('consumer_credentials_app_idx')
        .on('consumer_credentials')
        .column('app_id')
        .execute();
      await db.schema
        .createIndex('consumer_credentials_user_idx')
        .on('consumer_credentials')
        .column('user_id')
        .execute();
    },
  };
}
