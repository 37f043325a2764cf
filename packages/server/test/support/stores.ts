import { afterAll, beforeAll } from 'vitest';
import { createStorage, type Storage } from '../../src/stores.js';
import { createTestDatabase, openMigratedDatabase } from './databases.js';

/**
 * For a store contract suite: a migrated database shared by the tests of one `describe`, opened before them
 * and removed after. Tests make their own rows (fresh ids), so they do not depend on one another.
 */
export function useStorage(kind: 'sqlite' | 'postgres'): () => Storage {
  let storage: Storage | undefined;
  const test = createTestDatabase(kind);
  beforeAll(async () => {
    storage = createStorage(await openMigratedDatabase(test));
  });
  afterAll(async () => {
    await storage?.db.close();
    await test.cleanup();
  });
  return () => {
    if (!storage) throw new Error('storage used outside a test');
    return storage;
  };
}
