import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Client authentication by signed assertion (private_key_jwt, RFC 7523) and sender-constrained tokens (DPoP,
 * RFC 9449): each app's authentication method, its public keys (inline JWKS or a jwks_uri) and whether it must
 * use DPoP; the DPoP key a public client's refresh token is bound to; and the one-time ids (assertion and proof
 * `jti`s) seen recently, shared by every node so a replay is refused wherever it arrives.
 */
export function clientKeysAndDpop(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('oauth_apps')
        .addColumn('token_endpoint_auth_method', 'text', (c) => c.notNull().defaultTo('client_secret_basic'))
        .execute();
      // Native apps are public clients: they never authenticated, and keep not doing so.
      await sql`update oauth_apps set token_endpoint_auth_method = 'none' where type = 'native'`.execute(db);
      // JSON {keys: JWK[]} of public keys, or null.
      await db.schema.alterTable('oauth_apps').addColumn('jwks', 'text').execute();
      await db.schema.alterTable('oauth_apps').addColumn('jwks_uri', 'text').execute();
      await db.schema
        .alterTable('oauth_apps')
        .addColumn('require_dpop', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // RFC 9449 §5: a public client's refresh token is bound to the key of the proof it was issued with.
      await db.schema.alterTable('refresh_tokens').addColumn('dpop_jkt', 'text').execute();

      await db.schema
        .createTable('used_jtis')
        // `<kind>:<scope>:<hash of the jti>`: kind is the sort of JWT, scope the client or key it is unique for.
        .addColumn('key', 'text', (c) => c.primaryKey())
        // Past this the JWT is refused for its age anyway, so the row can go.
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('used_jtis_expires_idx').on('used_jtis').column('expires_at').execute();
    },
  };
}
