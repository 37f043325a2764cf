import { Loader, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Pager, usePage } from '../../components/Pager';
import { AuditFilters, useAuditQuery } from './AuditFilters';
import { AuditTable } from './AuditTable';

/** Platform → Audit log (operators): every event, filtered on the server by action, actor, target and date. */
export default function PlatformAuditPage() {
  const filter = useAuditQuery();
  const { pageStart, pageLimit } = usePage();
  const events = useQuery({
    queryKey: ['audit', filter, pageStart, pageLimit],
    queryFn: () =>
      unwrap(api.GET('/api/v1/audit-events', { params: { query: { pageStart, pageLimit, ...filter } } })),
    placeholderData: keepPreviousData,
  });
  // People are named by e-mail where the first 200 accounts tell (the events carry user ids).
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { pageStart: 1, pageLimit: 200 } } })),
  });
  const names = new Map(users.data?.results.map((u) => [u.id, u.email]));
  const nameOf = (id: string) => names.get(id) ?? `user ${id}`;
  const idOf = (text: string) =>
    users.data?.results.find((u) => u.email.toLowerCase() === text.toLowerCase())?.id ?? text;
  return (
    <Stack>
      <Title order={1}>Audit log (all organizations)</Title>
      <AuditFilters idOf={idOf} />
      {events.isPending && <Loader role="status" aria-label="Loading events" />}
      <ApiErrorAlert error={events.error} />
      {events.data && (
        <>
          <AuditTable events={events.data.results} nameOf={nameOf} />
          <Pager total={events.data.totalResults} label="events" />
        </>
      )}
    </Stack>
  );
}
