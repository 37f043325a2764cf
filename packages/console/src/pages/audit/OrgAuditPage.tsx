import { Loader, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Org } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { OrgGate } from '../../components/OrgGate';
import { Pager, usePage } from '../../components/Pager';
import { AuditFilters, useAuditQuery } from './AuditFilters';
import { AuditTable } from './AuditTable';

/** Organization → Audit log (owners and admins): newest first, paged by the server. */
export default function OrgAuditPage() {
  return <OrgGate>{(org) => <OrgAudit org={org} />}</OrgGate>;
}

function OrgAudit({ org }: { org: Org }) {
  const filter = useAuditQuery();
  const { pageStart, pageLimit } = usePage();
  const events = useQuery({
    queryKey: ['orgs', org.id, 'audit', filter, pageStart, pageLimit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/audit-events', {
          params: { path: { orgId: org.id }, query: { pageStart, pageLimit, ...filter } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  // People are named by e-mail where the organization's first 200 members tell (the events carry user ids).
  const members = useQuery({
    queryKey: ['orgs', org.id, 'members', 'names'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/members', {
          params: { path: { orgId: org.id }, query: { pageStart: 1, pageLimit: 200 } },
        }),
      ),
  });
  const names = new Map(members.data?.results.map((m) => [m.userId, m.email]));
  const nameOf = (id: string) => names.get(id) ?? `user ${id}`;
  const idOf = (text: string) =>
    members.data?.results.find((m) => m.email.toLowerCase() === text.toLowerCase())?.userId ?? text;
  return (
    <Stack>
      <div>
        <Text size="sm" c="dimmed" fw={600}>
          {org.displayName}
        </Text>
        <Title order={1}>Audit log</Title>
      </div>
      <Text size="sm" c="dimmed">
        Every change in this organization, newest first.
      </Text>
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
