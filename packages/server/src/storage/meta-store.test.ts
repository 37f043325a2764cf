import { expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { createMetaStore } from './meta-store.js';

describeEachDatabase('MetaStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createMetaStore(database().kysely);

  it('reads nothing for a key never written', async () => {
    expect(await store().get(`missing-${newId()}`)).toBeUndefined();
  });

  it('set inserts, then replaces', async () => {
    const key = `issuer-${newId()}`;
    await store().set(key, 'https://a.example.test');
    expect(await store().get(key)).toBe('https://a.example.test');
    await store().set(key, 'https://b.example.test');
    expect(await store().get(key)).toBe('https://b.example.test');
  });

  it('setIfAbsent keeps the first value and answers the one stored', async () => {
    const key = `check-${newId()}`;
    expect(await store().setIfAbsent(key, 'first')).toBe('first');
    expect(await store().setIfAbsent(key, 'second')).toBe('first');
    expect(await store().get(key)).toBe('first');
  });

  it('keeps keys apart, and values of any length and character', async () => {
    const [a, b] = [`a-${newId()}`, `b-${newId()}`];
    const long = `é'"\\${'x'.repeat(10_000)}`;
    await store().set(a, long);
    await store().set(b, '');
    expect(await store().get(a)).toBe(long);
    expect(await store().get(b)).toBe('');
  });

  it('setIfAbsent raced by many callers, on two pools: one value wins and every caller is told it', async () => {
    const db = database();
    const key = `race-${newId()}`;
    const answers = await withSecondPool(db, (other) =>
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          createMetaStore((i % 2 ? other : db).kysely).setIfAbsent(key, `node-${i}`),
        ),
      ),
    );
    const stored = await store().get(key);
    expect(stored).toMatch(/^node-\d$/);
    expect(answers).toEqual(Array(10).fill(stored));
  });
});
