import type { Executor } from './db.js';

/** Installation-wide facts (e.g. the server-secret check value), one row per key. */
export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  /** Inserts unless the key exists; returns the value now stored. */
  setIfAbsent(key: string, value: string): Promise<string>;
  /** Inserts or replaces. */
  set(key: string, value: string): Promise<void>;
}

export function createMetaStore(db: Executor): MetaStore {
  return {
    async get(key) {
      const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async setIfAbsent(key, value) {
      await db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return (await this.get(key)) ?? value;
    },

    async set(key, value) {
      await db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
}
