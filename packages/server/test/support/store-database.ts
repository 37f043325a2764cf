import { afterAll, beforeAll } from 'vitest';
import { newId } from '../../src/core/ids-and-secrets.js';
import type { Db } from '../../src/storage/db.js';
import { createTestDatabase, openMigratedDatabase } from './databases.js';

/**
 * For a contract suite of one store: a migrated database shared by the tests of one `describe`, opened before
 * them and removed after. The suite builds the store it tests from `db.kysely` itself, so it depends on that
 * store's module alone; tests make their own rows (fresh ids), so they do not depend on one another.
 */
export function useDatabase(kind: 'sqlite' | 'postgres'): () => Db {
  let db: Db | undefined;
  const test = createTestDatabase(kind);
  beforeAll(async () => {
    db = await openMigratedDatabase(test);
  });
  afterAll(async () => {
    await db?.close();
    await test.cleanup();
  });
  return () => {
    if (!db) throw new Error('database used outside a test');
    return db;
  };
}

/*
 * Parent rows the foreign keys of a store under test need, written straight into their tables so a suite does
 * not depend on the stores that own them. Each returns the new row's id.
 */

export async function insertOrgRow(db: Db): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto('orgs')
    .values({ id, name: `org-${id}`, display_name: 'Org', created_at: 1, updated_at: 1 })
    .execute();
  return id;
}

export async function insertUserRow(db: Db): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto('users')
    .values({
      id,
      email: `${id}@example.test`,
      name: 'Ada',
      password_hash: null,
      platform_roles: '[]',
      created_at: 1,
      updated_at: 1,
      disabled_at: null,
    })
    .execute();
  return id;
}

/** A web app owned by `ownerOrgId`, allowed every role. */
export async function insertAppRow(db: Db, ownerOrgId: string): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto('oauth_apps')
    .values({
      id,
      owner_org_id: ownerOrgId,
      type: 'web',
      name: 'app',
      description: '',
      redirect_uris: '["https://app.example.test/cb"]',
      post_logout_redirect_uris: '[]',
      grant_types: '["authorization_code","refresh_token"]',
      scopes: '{"allRoles":true,"orgRoles":[],"serviceRoles":[],"permissions":[]}',
      access_token_ttl: 600,
      refresh_token_ttl: 3600,
      require_pkce: 1,
      require_par: 0,
      created_at: 1,
      updated_at: 1,
      created_by: 'test',
      token_endpoint_auth_method: 'client_secret_basic',
      jwks: null,
      jwks_uri: null,
      require_dpop: 0,
    })
    .execute();
  return id;
}
