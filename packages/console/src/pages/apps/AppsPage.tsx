import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Org } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { day } from '../../components/format';
import { OrgGate } from '../../components/OrgGate';
import { Pager, usePage } from '../../components/Pager';
import { APP_TYPES } from './appScopes';

/** Organization → OAuth Apps: the apps this organization owns, searched and paged by the server. */
export default function AppsPage() {
  return <OrgGate>{(org) => <Apps org={org} />}</OrgGate>;
}

function Apps({ org }: { org: Org }) {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('search') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const { pageStart, pageLimit } = usePage();
  const creator = org.orgRoles.some((r) => r === 'org_owner' || r === 'org_admin' || r === 'developer');
  const apps = useQuery({
    queryKey: ['orgs', org.id, 'apps', debounced, pageStart, pageLimit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/apps', {
          params: {
            path: { orgId: org.id },
            query: { pageStart, pageLimit, ...(debounced ? { search: debounced } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" c="dimmed" fw={600}>
            {org.displayName}
          </Text>
          <Title order={1}>OAuth Apps</Title>
        </div>
        {creator && (
          <Button component={Link} to={`/orgs/${org.id}/apps/new`}>
            Create App
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Apps this organization owns. Owners, admins and developers create them; a server-to-server app also
        needs adding to each organization it acts in (Apps added to this organization).
      </Text>
      <TextInput
        label="Search by name"
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          const next = new URLSearchParams(params);
          next.delete('page');
          if (event.currentTarget.value) next.set('search', event.currentTarget.value);
          else next.delete('search');
          setParams(next, { replace: true });
        }}
        maw={360}
      />
      {apps.isPending && <Loader role="status" aria-label="Loading apps" />}
      <ApiErrorAlert error={apps.error} />
      {apps.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped miw={640} aria-label="OAuth apps">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>App ID</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {apps.data.results.map((app) => (
                  <Table.Tr key={app.id}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/orgs/${org.id}/apps/${encodeURIComponent(app.id)}`}
                        fw={500}
                      >
                        {app.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" autoContrast>
                        {APP_TYPES[app.type].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {app.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>{day(app.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={apps.data.totalResults} label="apps" />
        </>
      )}
    </Stack>
  );
}
