import type { RateLimitStore } from '../core/rate-limiter.js';
import type { Executor } from './db.js';

/** The counters of `RateLimiter`, in the `rate_limits` table. */
export function createRateLimitStore(db: Executor): RateLimitStore {
  return {
    async hit(key, windowStart) {
      // One atomic statement on both dialects: a new window restarts the count at 1.
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            count: eb
              .case()
              .when('rate_limits.window_start', '=', windowStart)
              .then(eb('rate_limits.count', '+', 1))
              .else(1)
              .end(),
            window_start: windowStart,
          })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async peek(key, windowStart) {
      const row = await db
        .selectFrom('rate_limits')
        .select('count')
        .where('key', '=', key)
        .where('window_start', '=', windowStart)
        .executeTakeFirst();
      return row ? Number(row.count) : 0;
    },

    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },

    async deleteOlderThan(windowStart) {
      const result = await db
        .deleteFrom('rate_limits')
        .where('window_start', '<', windowStart)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
