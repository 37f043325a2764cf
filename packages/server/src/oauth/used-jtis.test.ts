import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { useStorage } from '../../test/support/stores.js';
import { createUsedJtiStore } from './used-jtis.js';

describeEachDatabase('UsedJtiStore contract', (kind) => {
  const storage = useStorage(kind);

  it('accepts a jti once, refuses it again until it expires, then lets it be claimed afresh', async () => {
    const store = createUsedJtiStore(storage().db);
    expect(await store.claim('client_assertion', 'app-1', 'jti-1', 2_000, 1_000)).toBe(true);
    expect(await store.claim('client_assertion', 'app-1', 'jti-1', 2_000, 1_500)).toBe(false);
    // Another client, or another kind of JWT, has its own namespace.
    expect(await store.claim('client_assertion', 'app-2', 'jti-1', 2_000, 1_500)).toBe(true);
    expect(await store.claim('dpop_proof', 'app-1', 'jti-1', 2_000, 1_500)).toBe(true);
    // Past its expiry the row no longer counts (the JWT itself would be refused for its age by then).
    expect(await store.claim('client_assertion', 'app-1', 'jti-1', 5_000, 2_000)).toBe(true);
    expect(await store.claim('client_assertion', 'app-1', 'jti-1', 5_000, 2_500)).toBe(false);
  });

  it('lets exactly one of two nodes claim the same jti at once', async () => {
    const { db } = storage();
    const results = await withSecondPool(db, (other) =>
      Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          createUsedJtiStore(i % 2 === 0 ? db : other).claim('dpop_proof', 'key', 'raced', 9_000, 1_000),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps SQLite fully durable for every other write', async () => {
    const { db } = storage();
    await createUsedJtiStore(db).claim('dpop_proof', 'key', 'durable?', 9_000, 1_000);
    if (db.dialect !== 'sqlite') return;
    // 2 = FULL: the relaxed setting lasted for the claim alone.
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
    expect(rows[0]?.synchronous).toBe(2);
  });

  it('are cleaned up with the OAuth provider’s other expired rows', async () => {
    const store = createUsedJtiStore(storage().db);
    await store.claim('dpop_proof', 'key', 'old', 10_000, 1_000);
    await store.claim('dpop_proof', 'key', 'new', 30_000, 1_000);
    await storage().stores.oauth.deleteExpired(20_000);
    const left = await storage().db.kysely.selectFrom('used_jtis').select('expires_at').execute();
    expect(left.every((row) => Number(row.expires_at) > 20_000)).toBe(true);
    expect(await store.claim('dpop_proof', 'key', 'new', 30_000, 20_000)).toBe(false);
  });
});
