import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer.js';

const logger = pino({ level: 'silent' });

/** A write that waits until the test lets it finish, recording each batch. */
function slowStore() {
  const batches: string[][] = [];
  let release: () => void = () => {};
  return {
    batches,
    release: () => release(),
    write: (items: { key: string; at: number }[]) => {
      batches.push(items.map((item) => `${item.key}@${item.at}`));
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  };
}

describe('BatchWriter', () => {
  it('runs one write at a time and merges what arrives meanwhile into the next, by key', async () => {
    const store = slowStore();
    const writer = new BatchWriter({ name: 'test', write: store.write, keyOf: (item) => item.key, logger });
    writer.add({ key: 'a', at: 1 });
    const first = writer.flush();
    writer.add({ key: 'b', at: 2 });
    writer.add({ key: 'b', at: 3 });
    writer.add({ key: 'c', at: 4 });
    // A flush while the first write runs starts no second write; it waits for everything added so far.
    const second = writer.flush();
    expect(store.batches).toEqual([['a@1']]);
    expect(writer.pending('b')).toEqual({ key: 'b', at: 3 });
    store.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.batches).toEqual([['a@1'], ['b@3', 'c@4']]);
    store.release();
    await Promise.all([first, second]);
    expect(writer.pending('b')).toBeUndefined();
  });

  it('logs a failed batch and goes on with the next one', async () => {
    const written: string[] = [];
    let fail = true;
    const writer = new BatchWriter<{ key: string }>({
      name: 'test',
      keyOf: (item) => item.key,
      logger,
      write: async (items) => {
        if (fail) {
          fail = false;
          throw new Error('database is down');
        }
        written.push(...items.map((item) => item.key));
      },
    });
    writer.add({ key: 'lost' });
    await writer.flush();
    writer.add({ key: 'kept' });
    await writer.stop();
    expect(written).toEqual(['kept']);
  });

  it('flushes early when maxItems wait', async () => {
    const written: number[] = [];
    const writer = new BatchWriter<{ key: string }>({
      name: 'test',
      keyOf: (item) => item.key,
      logger,
      maxItems: 3,
      write: async (items) => {
        written.push(items.length);
      },
    });
    for (const key of ['a', 'b', 'c']) writer.add({ key });
    await writer.flush();
    expect(written).toEqual([3]);
  });
});
