import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * OAuth apps and everything the OAuth provider keeps: app secrets (keyed hashes, several live during a
 * rotation), grants of server apps to orgs, pending browser authorizations, authorization codes, grant
 * families with their refresh tokens, remembered consents and revoked access-token ids.
 */
export function oauth(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('oauth_apps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull())
        .addColumn('grant_types', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('access_token_ttl', 'integer', (c) => c.notNull())
        .addColumn('refresh_token_ttl', 'integer', (c) => c.notNull())
        .addColumn('require_pkce', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('oauth_apps_owner_idx')
        .on('oauth_apps')
        .columns(['owner_org_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('oauth_app_secrets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // null while it is the current secret; set when a rotation lets it overlap with its successor.
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('oauth_app_secrets_app_idx')
        .on('oauth_app_secrets')
        .column('app_id')
        .execute();

      await db.schema
        .createTable('app_grants')
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('org_roles', 'text', (c) => c.notNull())
        .addColumn('service_roles', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('app_grants_pk', ['app_id', 'org_id'])
        .execute();
      await db.schema.createIndex('app_grants_org_idx').on('app_grants').column('org_id').execute();

      await db.schema
        .createTable('oauth_interactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Keyed hash of the random value in the browser's interaction cookie: the flow is bound to that browser.
        .addColumn('binding_hash', 'text', (c) => c.notNull())
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('org_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        .execute();

      await db.schema
        .createTable('grant_families')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        // JSON: the scope the user consented to in this grant.
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema
        .createIndex('grant_families_user_idx')
        .on('grant_families')
        .columns(['user_id', 'app_id'])
        .execute();

      await db.schema
        .createTable('authorization_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) =>
          c.notNull().references('grant_families.id').onDelete('cascade'),
        )
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('code_challenge', 'text')
        .addColumn('nonce', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('family_id', 'text', (c) =>
          c.notNull().references('grant_families.id').onDelete('cascade'),
        )
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // Set when this token was exchanged for its successor; presenting it again revokes the family.
        .addColumn('rotated_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('refresh_tokens_family_idx')
        .on('refresh_tokens')
        .column('family_id')
        .execute();

      await db.schema
        .createTable('consents')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['user_id', 'app_id', 'org_id'])
        .execute();

      // RFC 7009: access tokens revoked before they expire, kept until they would have.
      await db.schema
        .createTable('revoked_access_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
