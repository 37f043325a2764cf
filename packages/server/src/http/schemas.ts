import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type PageRequest, type PageResult } from '../core/pagination.js';

/**
 * Printable text of bounded length: no control characters (they break logs and UIs). Unless it may be empty,
 * it needs one visible character: services trim names, and "   " would become "".
 */
export const Text = (maxLength: number, minLength = 1) =>
  Type.String({
    minLength,
    maxLength,
    pattern: minLength > 0 ? '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]*$' : '^[^\\u0000-\\u001f\\u007f]*$',
  });

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]{1,64}@[^\\s@]{1,190}$' });

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable dotted code, listed in docs/errors.md' }),
    message: Type.String({ description: 'What happened and what to do next' }),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'Error' },
);

export const PageQuery = Type.Object(
  {
    pageStart: Type.Integer({
      minimum: 1,
      maximum: 1_000_000_000,
      default: 1,
      description: '1-based index of the first item',
    }),
    pageLimit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT }),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/** CSP's paged list shape (docs/wire/csp.md#paging): results, totalResults, nextLink, prevLink. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    results: Type.Array(item),
    totalResults: Type.Integer(),
    nextLink: Type.Union([Type.String(), Type.Null()]),
    prevLink: Type.Union([Type.String(), Type.Null()]),
  });

/** Turns a store page into the wire shape, with links that keep the other query parameters. */
export function toPage<T, U>(
  result: PageResult<T>,
  page: PageRequest,
  url: string,
  map: (item: T) => U,
): { results: U[]; totalResults: number; nextLink: string | null; prevLink: string | null } {
  const link = (pageStart: number) => {
    const parsed = new URL(url, 'http://x');
    parsed.searchParams.set('pageStart', String(pageStart));
    parsed.searchParams.set('pageLimit', String(page.pageLimit));
    return `${parsed.pathname}${parsed.search}`;
  };
  const next = page.pageStart + page.pageLimit;
  return {
    results: result.items.map(map),
    totalResults: result.total,
    nextLink: next <= result.total ? link(next) : null,
    prevLink: page.pageStart > 1 ? link(Math.max(1, page.pageStart - page.pageLimit)) : null,
  };
}

export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export const NoContent = Type.Null({ description: 'No content' });

/** `{orgId}` in a path: every org-scoped route's parameters. */
export const OrgIdParams = Type.Object({ orgId: Uuid });
