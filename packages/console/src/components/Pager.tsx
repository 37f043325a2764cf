import { Group, Pagination, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';

export const PAGE_SIZE = 20;

/** The page the URL asks for (`?page=`), as the API's pageStart/pageLimit. */
export function usePage(
  size = PAGE_SIZE,
  param = 'page',
): { page: number; pageStart: number; pageLimit: number } {
  const [params] = useSearchParams();
  return pageOf(params, size, param);
}

/** usePage outside React: the page a query string asks for. */
export function pageOf(
  params: URLSearchParams,
  size = PAGE_SIZE,
  param = 'page',
): { page: number; pageStart: number; pageLimit: number } {
  const page = Math.max(1, Number.parseInt(params.get(param) ?? '1', 10) || 1);
  return { page, pageStart: (page - 1) * size + 1, pageLimit: size };
}

/** Paging over a list the server pages; the page lives in the URL so it survives a reload or a shared link. */
export function Pager({
  total,
  size = PAGE_SIZE,
  label,
  param = 'page',
}: {
  total: number;
  size?: number;
  label: string;
  /** The URL parameter, when a page has two lists. */
  param?: string;
}) {
  const [params, setParams] = useSearchParams();
  const { page } = usePage(size, param);
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text size="sm" c="dimmed">
        {total === 0 ? `No ${label}` : `${first}–${Math.min(total, page * size)} of ${total} ${label}`}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(next) => {
            const updated = new URLSearchParams(params);
            updated.set(param, String(next));
            setParams(updated);
          }}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
          size="sm"
        />
      )}
    </Group>
  );
}
