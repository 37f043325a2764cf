import { describe, expect, it } from 'vitest';
import { TtlCache } from './cache.js';
import { ManualClock } from './clock.js';

describe('TtlCache', () => {
  it('expires entries after the TTL and evicts the least recently used when full', () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache<string, number>({ maxEntries: 2, ttlMs: 1000, clock });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    clock.advance(1000);
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops expired entries as new ones arrive, so churn does not keep dead entries in memory', () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache<number, number>({ maxEntries: 10_000, ttlMs: 1000, clock });
    for (let i = 0; i < 1000; i++) cache.set(i, i);
    clock.advance(1000);
    for (let i = 1000; i < 1300; i++) cache.set(i, i);
    expect(cache.size).toBe(300);
    expect(cache.get(1299)).toBe(1299);
  });

  it('shares one load between concurrent callers and does not cache a load invalidated midway', async () => {
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 1000, clock: new ManualClock(0) });
    let loads = 0;
    let release: (value: number) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const first = cache.getOrLoad('k', load);
    const second = cache.getOrLoad('k', load);
    cache.delete('k'); // a write happened while the old value was being read
    release(7);
    expect(await first).toBe(7);
    expect(await second).toBe(7);
    expect(loads).toBe(1);
    expect(cache.get('k')).toBeUndefined();
  });
});
