import {
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useServices } from '../../api/queries';
import type { AppGrant, Org, Service } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { day, orgRoleLabel } from '../../components/format';
import { OrgGate } from '../../components/OrgGate';
import { Pager, usePage } from '../../components/Pager';
import { RolesField } from '../../components/RolesField';

type OrgRole = 'org_owner' | 'org_admin' | 'org_member' | 'developer';

/** Organization → Apps added to this organization: server-to-server apps (of any org) and the roles given here. */
export default function AppGrantsPage() {
  return <OrgGate>{(org) => <Grants org={org} />}</OrgGate>;
}

function Grants({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const services = useServices();
  const { pageStart, pageLimit } = usePage();
  const adding = params.get('add');
  const [editing, setEditing] = useState<AppGrant | null>(null);
  const owner = org.orgRoles.includes('org_owner');
  const admin = owner || org.orgRoles.includes('org_admin');
  const adder = admin || org.orgRoles.includes('developer');
  const grants = useQuery({
    queryKey: ['orgs', org.id, 'app-grants', pageStart, pageLimit],
    enabled: adder,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/app-grants', {
          params: { path: { orgId: org.id }, query: { pageStart, pageLimit } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'app-grants'] });
  const closeAdd = () => {
    const next = new URLSearchParams(params);
    next.delete('add');
    setParams(next, { replace: true });
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" c="dimmed" fw={600}>
            {org.displayName}
          </Text>
          <Title order={1}>Apps added to this organization</Title>
        </div>
        {adder && <Button onClick={() => setParams({ add: '' })}>Add an app</Button>}
      </Group>
      <Text size="sm" c="dimmed">
        A server-to-server app acts here with the roles this organization gives it (never more than the app
        asks for). Owners and admins add and remove apps; developers may add apps with the Member and
        Developer roles.
      </Text>
      {!adder && <Text>Only owners, admins and developers see the apps added to this organization.</Text>}
      {grants.isPending && adder && <Loader role="status" aria-label="Loading apps" />}
      <ApiErrorAlert error={grants.error} />
      {grants.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped miw={720} aria-label="Apps added to this organization">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>App</Table.Th>
                  <Table.Th>Roles given here</Table.Th>
                  <Table.Th>Added</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {grants.data.results.map((grant) => (
                  <Table.Tr key={grant.appId}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {grant.appName}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {grant.appId}
                      </Text>
                      {grant.appOwnerOrgId !== org.id && (
                        <Text size="xs" c="dimmed">
                          owned by another organization
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {[...grant.orgRoles.map(orgRoleLabel), ...grant.serviceRoles].join(', ') ||
                          'No roles'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{day(grant.createdAt)}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" justify="flex-end">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(grant)}
                          aria-label={`Change roles of ${grant.appName}`}
                        >
                          Change roles
                        </Button>
                        {admin && (
                          <ConfirmButton
                            aria-label={`Remove ${grant.appName}`}
                            title={`Remove “${grant.appName}” from ${org.displayName}?`}
                            message={`The app ${grant.appId} can no longer get tokens in ${org.displayName}; its tokens here stop working at once. The app itself is not deleted.`}
                            confirmLabel="Remove app"
                            onConfirm={async () => {
                              await unwrap(
                                api.DELETE('/api/v1/orgs/{orgId}/app-grants/{appId}', {
                                  params: { path: { orgId: org.id, appId: grant.appId } },
                                }),
                              );
                              await refresh();
                            }}
                          >
                            Remove
                          </ConfirmButton>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={grants.data.totalResults} label="apps" />
        </>
      )}
      {adding !== null && services.data && (
        <GrantDialog org={org} appId={adding} services={services.data} onClose={closeAdd} onSaved={refresh} />
      )}
      {editing && services.data && (
        <GrantDialog
          org={org}
          grant={editing}
          services={services.data}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
    </Stack>
  );
}

function GrantDialog({
  org,
  appId = '',
  grant,
  services,
  onClose,
  onSaved,
}: {
  org: Org;
  appId?: string;
  grant?: AppGrant;
  services: readonly Service[];
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [id, setId] = useState(grant?.appId ?? appId);
  const [roles, setRoles] = useState({
    orgRoles: grant?.orgRoles ?? ['org_member'],
    serviceRoles: grant?.serviceRoles ?? [],
  });
  const [error, setError] = useState<unknown>(null);
  const [idError, setIdError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const owner = org.orgRoles.includes('org_owner');
  const admin = owner || org.orgRoles.includes('org_admin');
  const disabled: Record<string, string> = {
    ...(owner ? {} : { org_owner: 'Only an owner may give the owner role' }),
    ...(admin ? {} : { org_admin: 'Developers give only the Member and Developer roles' }),
  };
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = id.trim();
    setIdError(trimmed ? undefined : 'Enter the app id (client_id) of a server-to-server app');
    if (!trimmed) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST('/api/v1/orgs/{orgId}/app-grants', {
          params: { path: { orgId: org.id } },
          body: { appId: trimmed, orgRoles: roles.orgRoles as OrgRole[], serviceRoles: roles.serviceRoles },
        }),
      );
      await onSaved();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={grant ? `Roles of “${grant.appName}” here` : `Add an app to ${org.displayName}`}
    >
      <form onSubmit={save} noValidate>
        <Stack>
          {!grant && (
            <TextInput
              label="App ID"
              description="The client_id of a server-to-server app, from this or another organization"
              required
              value={id}
              onChange={(e) => setId(e.currentTarget.value)}
              error={idError}
              data-autofocus
            />
          )}
          <RolesField
            orgRoles={roles.orgRoles}
            serviceRoles={roles.serviceRoles}
            onChange={setRoles}
            services={services}
            disabledOrgRoles={disabled}
          />
          <ApiErrorAlert error={error} title={grant ? 'Roles not changed' : 'App not added'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {grant ? 'Save roles' : 'Add app'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
