import type { SelectQueryBuilder } from 'kysely';
import { type PageRequest, type PageResult, pageOffset } from '../core/pagination.js';

/**
 * One page of a query, and how many rows the query matches in all, read together. `base` holds the tables,
 * joins and filters; `select` adds the columns and the order of the page. The count runs over `base` alone.
 */
export async function readPage<DB, TB extends keyof DB, O, T>(
  base: SelectQueryBuilder<DB, TB, object>,
  select: (base: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  map: (row: O) => T,
): Promise<PageResult<T>> {
  const [rows, count] = await Promise.all([
    select(base).limit(page.pageLimit).offset(pageOffset(page)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  // Kysely cannot name the selection of a generic query; the row is the one `n` selected above.
  return { items: rows.map(map), total: Number((count as { n: unknown }).n) };
}
