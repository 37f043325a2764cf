import { expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { insertUserRow, useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { createLockoutStore } from './lockout-store.js';

const MINUTE = 60_000;
const T = 1_000_000 * MINUTE;

describeEachDatabase('LockoutStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createLockoutStore(database().kysely);
  const bucket = (key: string, extra: { userId?: string; address?: string } = {}) => ({
    key,
    id: newId(),
    scope: 'account_address' as const,
    ...extra,
  });

  it('counts failures in a window and restarts at 1 after it', async () => {
    const key = `k:${newId()}`;
    expect(await store().recordFailure(bucket(key), T, T - 15 * MINUTE, 0)).toEqual({
      failures: 1,
      lockoutCount: 0,
    });
    expect((await store().recordFailure(bucket(key), T + MINUTE, T + MINUTE - 15 * MINUTE, 0)).failures).toBe(
      2,
    );
    // 20 minutes on, the window that started at T has ended.
    const later = T + 20 * MINUTE;
    expect((await store().recordFailure(bucket(key), later, later - 15 * MINUTE, 0)).failures).toBe(1);
  });

  it('locks once, whoever asks, and counts the lockouts in a row; a quiet bucket forgets its streak', async () => {
    const key = `k:${newId()}`;
    await store().recordFailure(bucket(key), T, T - MINUTE, 0);
    await store().recordFailure(bucket(key), T, T - MINUTE, 0);
    expect(await store().lock(key, 2, 0, T + MINUTE)).toBe(true);
    expect(await store().lock(key, 2, 0, T + MINUTE)).toBe(false); // already locked: failures back to 0
    expect((await store().lockedUntil([key, 'other'])).get(key)).toBe(T + MINUTE);
    const next = T + 2 * MINUTE;
    expect(await store().recordFailure(bucket(key), next, next - MINUTE, next - 60 * MINUTE)).toEqual({
      failures: 1,
      lockoutCount: 1,
    });
    const quiet = T + 3 * 60 * MINUTE;
    expect(await store().recordFailure(bucket(key), quiet, quiet - MINUTE, quiet - 60 * MINUTE)).toEqual({
      failures: 1,
      lockoutCount: 0,
    });
  });

  it('lists locked buckets (all, or of some users), finds, lifts and clears them', async () => {
    const db = database();
    const [userA, userB] = [await insertUserRow(db), await insertUserRow(db)];
    const [keyA, keyB] = [`a:${newId()}`, `b:${newId()}`];
    const a = bucket(keyA, { userId: userA, address: '10.0.0.1' });
    await store().recordFailure(a, T, T - MINUTE, 0);
    const b = bucket(keyB, { userId: userB });
    await store().recordFailure(b, T, T - MINUTE, 0);
    await store().lock(keyA, 1, 0, T + MINUTE);
    await store().lock(keyB, 1, 0, T + MINUTE);
    const mine = await store().listLocked(T, [userA]);
    expect(mine).toMatchObject([
      { id: a.id, key: keyA, userId: userA, address: '10.0.0.1', lockoutCount: 1, lockedUntil: T + MINUTE },
    ]);
    expect((await store().listLocked(T)).map((l) => l.key)).toEqual(expect.arrayContaining([keyA, keyB]));
    expect(await store().listLocked(T + MINUTE, [userA])).toEqual([]);
    expect(await store().listLocked(T, [])).toEqual([]);
    expect((await store().findById(a.id))?.key).toBe(keyA);
    expect(await store().lift(a.id)).toBe(true);
    expect(await store().lift(newId())).toBe(false);
    expect((await store().lockedUntil([keyA])).size).toBe(0);
    expect(await store().findById(a.id)).toMatchObject({ lockoutCount: 0, failures: 0, lockedUntil: null });
    expect(await store().findById(b.id)).toBeDefined();
    await store().clear([keyB]);
    expect(await store().findById(b.id)).toBeUndefined();
  });

  it('deleteIdle removes buckets neither failing nor locked since the time given', async () => {
    const [old, locked] = [`o:${newId()}`, `l:${newId()}`];
    await store().recordFailure(bucket(old), T - 10 * MINUTE, 0, 0);
    await store().recordFailure(bucket(locked), T - 10 * MINUTE, 0, 0);
    await store().lock(locked, 1, 0, T + MINUTE);
    expect(await store().deleteIdle(T - 5 * MINUTE)).toBeGreaterThanOrEqual(1);
    expect((await store().lockedUntil([locked])).get(locked)).toBe(T + MINUTE);
  });

  it('counts every failure once when nodes fail the same bucket at the same time', async () => {
    const db = database();
    const key = `shared:${newId()}`;
    const counts = await withSecondPool(db, (other) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createLockoutStore((i % 2 ? other : db).kysely).recordFailure(bucket(key), T, T - MINUTE, 0),
        ),
      ),
    );
    expect(counts.map((c) => c.failures).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });
});
