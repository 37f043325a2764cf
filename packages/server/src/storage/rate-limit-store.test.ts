import { expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { createRateLimitStore } from './rate-limit-store.js';

const MINUTE = 60_000;

describeEachDatabase('RateLimitStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createRateLimitStore(database().kysely);

  it('counts hits within a window, per key', async () => {
    const [key, other] = [`ip:${newId()}`, `ip:${newId()}`];
    expect(await store().peek(key, MINUTE)).toBe(0);
    expect(await store().hit(key, MINUTE)).toBe(1);
    expect(await store().hit(key, MINUTE)).toBe(2);
    expect(await store().hit(key, MINUTE)).toBe(3);
    expect(await store().hit(other, MINUTE)).toBe(1);
    expect(await store().peek(key, MINUTE)).toBe(3);
    expect(await store().peek(other, MINUTE)).toBe(1);
  });

  it('starts again at 1 in a new window, and peeks only at the window asked for', async () => {
    const key = `app:${newId()}`;
    await store().hit(key, MINUTE);
    await store().hit(key, MINUTE);
    expect(await store().hit(key, 2 * MINUTE)).toBe(1);
    expect(await store().peek(key, 2 * MINUTE)).toBe(1);
    expect(await store().peek(key, MINUTE)).toBe(0);
  });

  it('reset forgets a key, and only that key', async () => {
    const [key, other] = [`ip:${newId()}`, `ip:${newId()}`];
    await store().hit(key, MINUTE);
    await store().hit(other, MINUTE);
    await store().reset(key);
    expect(await store().peek(key, MINUTE)).toBe(0);
    expect(await store().hit(key, MINUTE)).toBe(1);
    expect(await store().peek(other, MINUTE)).toBe(1);
    await store().reset(`never-${newId()}`); // no counter: nothing to do, no error
  });

  it('deleteOlderThan removes the counters of earlier windows and says how many', async () => {
    const base = 1_000 * MINUTE;
    const [old1, old2, current] = [`a:${newId()}`, `b:${newId()}`, `c:${newId()}`];
    await store().hit(old1, base - 2 * MINUTE);
    await store().hit(old2, base - MINUTE);
    await store().hit(current, base);
    expect(await store().deleteOlderThan(base)).toBeGreaterThanOrEqual(2);
    expect(await store().peek(old1, base - 2 * MINUTE)).toBe(0);
    expect(await store().peek(old2, base - MINUTE)).toBe(0);
    expect(await store().peek(current, base)).toBe(1);
    expect(await store().deleteOlderThan(base)).toBe(0);
  });

  it('counts every hit exactly once when nodes hit the same key at the same time', async () => {
    const db = database();
    const key = `shared:${newId()}`;
    const counts = await withSecondPool(db, (other) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createRateLimitStore((i % 2 ? other : db).kysely).hit(key, MINUTE),
        ),
      ),
    );
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store().peek(key, MINUTE)).toBe(20);
  });
});
