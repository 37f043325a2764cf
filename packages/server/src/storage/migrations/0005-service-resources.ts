import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * A registered service may name its resource URI (RFC 8707): the `aud` of access tokens requested for it.
 * Optional, and unique among services (NULLs do not collide on SQLite or PostgreSQL).
 */
export function serviceResources(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('services').addColumn('resource', 'text').execute();
      await db.schema
        .createIndex('services_resource_idx')
        .on('services')
        .column('resource')
        .unique()
        .execute();
    },
  };
}
