import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, openMigratedDatabase } from '../../test/support/databases.js';
import { type Db, stampStatement } from './db.js';

// How SQLite runs a stamping statement: by primary key, never a scan of the stamped table. Without the repeated
// `IN (SELECT id FROM stamp)`, SQLite (no statistics) scans the table for more than about 250 rows a statement,
// which the bench saw as 200 ms a batch at a million API tokens. The plan does not depend on the row count, so
// an empty table shows it. PostgreSQL plans with statistics and is covered by the bench.
const test = createTestDatabase('sqlite');
let db: Db;
beforeAll(async () => {
  db = await openMigratedDatabase(test);
});
afterAll(async () => {
  await db.close();
  await test.cleanup();
});

async function planOf(statement: ReturnType<typeof stampStatement>): Promise<string[]> {
  const compiled = statement.compile(db.kysely);
  const result = await db.kysely.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((row) => row.detail);
}

for (const [table, idType, idOf] of [
  ['api_tokens', 'text', (i: number) => `token-${i}`],
  ['consumer_credentials', 'bigint', (i: number) => 1_000_000 + i],
] as const) {
  it(`stamps ${table} by primary key, for one row and for a full statement of 500`, async () => {
    for (const count of [1, 300, 500]) {
      const uses = Array.from({ length: count }, (_, i) => ({ id: idOf(i), at: 1_000 + i }));
      const plan = await planOf(stampStatement(table, idType, uses));
      expect(plan.some((step) => step.startsWith(`SEARCH ${table} USING`))).toBe(true);
      expect(plan.filter((step) => step.startsWith(`SCAN ${table}`))).toEqual([]);
    }
  });
}
