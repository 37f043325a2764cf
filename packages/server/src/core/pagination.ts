/** CSP-style paging: `pageStart` is the 1-based index of the first item, `pageLimit` the page size (≤ 200). */
export interface PageRequest {
  pageStart: number;
  pageLimit: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

export const MAX_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_LIMIT = 200;

export function pageOffset(page: PageRequest): number {
  return page.pageStart - 1;
}

/** One page of a list already read whole (a service that returns a short, bounded list). */
export function pageOf<T>(items: readonly T[], page: PageRequest): PageResult<T> {
  const start = pageOffset(page);
  return { items: items.slice(start, start + page.pageLimit), total: items.length };
}
