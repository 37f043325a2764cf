import type { Lockout, LockoutScope, LockoutStore } from '../core/lockouts.js';
import type { Executor } from './db.js';
import type { LockoutsTable } from './schema.js';

/** The counters of `Lockouts`, in the `lockouts` table: one atomic statement per failure on both dialects. */
export function createLockoutStore(db: Executor): LockoutStore {
  return {
    async lockedUntil(keys) {
      if (keys.length === 0) return new Map();
      const rows = await db
        .selectFrom('lockouts')
        .select(['key', 'locked_until'])
        .where('key', 'in', [...keys])
        .where('locked_until', 'is not', null)
        .execute();
      return new Map(rows.map((row) => [row.key, Number(row.locked_until)]));
    },

    async recordFailure(bucket, now, windowStartAfter, streakAfter) {
      const row = await db
        .insertInto('lockouts')
        .values({
          key: bucket.key,
          id: bucket.id,
          scope: bucket.scope,
          user_id: bucket.userId ?? null,
          subject: bucket.subject ?? null,
          address: bucket.address ?? null,
          failures: 1,
          window_start: now,
          lockout_count: 0,
          locked_until: null,
          last_failure_at: now,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => {
            const inWindow = eb('lockouts.window_start', '>', windowStartAfter);
            return {
              failures: eb
                .case()
                .when(inWindow)
                .then(eb('lockouts.failures', '+', 1))
                .else(1)
                .end(),
              window_start: eb.case().when(inWindow).then(eb.ref('lockouts.window_start')).else(now).end(),
              // A quiet bucket (no failure and no lockout for a whole maximum lockout) starts its streak over.
              lockout_count: eb
                .case()
                .when(eb.fn.coalesce('lockouts.locked_until', 'lockouts.last_failure_at'), '<', streakAfter)
                .then(0)
                .else(eb.ref('lockouts.lockout_count'))
                .end(),
              last_failure_at: now,
            };
          }),
        )
        .returning(['failures', 'lockout_count'])
        .executeTakeFirstOrThrow();
      return { failures: Number(row.failures), lockoutCount: Number(row.lockout_count) };
    },

    async lock(key, failures, lockoutCount, until) {
      const result = await db
        .updateTable('lockouts')
        .set((eb) => ({
          failures: 0,
          window_start: until,
          lockout_count: eb('lockout_count', '+', 1),
          locked_until: until,
        }))
        .where('key', '=', key)
        .where('failures', '>=', failures)
        .where('lockout_count', '=', lockoutCount)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async clear(keys) {
      if (keys.length > 0)
        await db
          .deleteFrom('lockouts')
          .where('key', 'in', [...keys])
          .execute();
    },

    async listLocked(now, userIds) {
      if (userIds?.length === 0) return [];
      let query = db.selectFrom('lockouts').selectAll().where('locked_until', '>', now);
      if (userIds) query = query.where('user_id', 'in', [...userIds]);
      const rows = await query.orderBy('locked_until', 'desc').limit(500).execute();
      return rows.map(toLockout);
    },

    async findById(id) {
      const row = await db.selectFrom('lockouts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toLockout(row);
    },

    async lift(id) {
      const result = await db
        .updateTable('lockouts')
        .set({ failures: 0, lockout_count: 0, locked_until: null })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async deleteIdle(before) {
      const result = await db
        .deleteFrom('lockouts')
        .where('last_failure_at', '<', before)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toLockout(row: LockoutsTable): Lockout {
  return {
    id: row.id,
    key: row.key,
    scope: row.scope as LockoutScope,
    userId: row.user_id,
    subject: row.subject,
    address: row.address,
    failures: Number(row.failures),
    lockoutCount: Number(row.lockout_count),
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    lastFailureAt: Number(row.last_failure_at),
  };
}
