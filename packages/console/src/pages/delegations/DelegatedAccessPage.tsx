import {
  Anchor,
  Badge,
  Code,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckAccessButton } from '../../components/CheckAccess';
import { ConfirmButton } from '../../components/ConfirmButton';
import { when } from '../../components/format';
import { Pager, usePage } from '../../components/Pager';

type Status = 'pendingValidation' | 'validated' | 'refused' | 'expired';
const STATUS_LABELS: Record<Status, string> = {
  pendingValidation: 'Pending',
  validated: 'Validated',
  refused: 'Refused',
  expired: 'Expired',
};
const STATUS_COLORS: Record<Status, string> = {
  pendingValidation: 'yellow',
  validated: 'teal',
  refused: 'red',
  expired: 'gray',
};

/** My Account → Delegated access (OVH-style): the consumer keys the user granted, and the user's applications. */
export default function DelegatedAccessPage() {
  return (
    <Stack>
      <Title order={1}>Delegated access</Title>
      <Text size="sm" c="dimmed">
        Applications that sign calls for you with a consumer key (OVH-style), and the applications you
        registered.
      </Text>
      <AuthorizedApplications />
      <MyApplications />
    </Stack>
  );
}

function AuthorizedApplications() {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as Status | null) ?? undefined;
  const { pageStart, pageLimit } = usePage();
  const credentials = useQuery({
    queryKey: ['me', 'consumer-credentials', status, pageStart, pageLimit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/me/consumer-credentials', {
          params: { query: { pageStart, pageLimit, ...(status ? { status } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          Applications I have authorized
        </Title>
        <Select
          label="State"
          data={[
            { value: '', label: 'Any state' },
            ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
          ]}
          value={status ?? ''}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            next.delete('page');
            if (value) next.set('status', value);
            else next.delete('status');
            setParams(next);
          }}
          allowDeselect={false}
          w={180}
        />
      </Group>
      {credentials.isPending && <Loader role="status" aria-label="Loading consumer keys" />}
      <ApiErrorAlert error={credentials.error} />
      {credentials.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped miw={820} aria-label="Applications I have authorized">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Application</Table.Th>
                  <Table.Th>Rules</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Valid until</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {credentials.data.results.map((credential) => (
                  <Table.Tr key={credential.credentialId}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {credential.application.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        key #{credential.credentialId}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {credential.rules.map((rule) => (
                        <Code key={`${rule.method} ${rule.path}`} display="block">
                          {rule.method} {rule.path}
                        </Code>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[credential.status]} variant="light" autoContrast>
                        {STATUS_LABELS[credential.status]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{when(credential.expiresAt, 'No end')}</Table.Td>
                    <Table.Td>{when(credential.createdAt)}</Table.Td>
                    <Table.Td>{when(credential.lastUsedAt, 'Never used')}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" justify="flex-end">
                        <CheckAccessButton
                          subject={{ type: 'consumer_credential', id: credential.credentialId }}
                          name={`key #${credential.credentialId} of ${credential.application.name}`}
                        />
                        <ConfirmButton
                          aria-label={`Revoke key ${credential.credentialId} of ${credential.application.name}`}
                          title={`Revoke the consumer key of “${credential.application.name}”?`}
                          message={`Key #${credential.credentialId} stops working at once: ${credential.application.name} can no longer sign calls for you with it.`}
                          confirmLabel="Revoke key"
                          onConfirm={async () => {
                            await unwrap(
                              api.DELETE('/api/v1/me/consumer-credentials/{credentialId}', {
                                params: { path: { credentialId: credential.credentialId } },
                              }),
                            );
                            await queryClient.invalidateQueries({ queryKey: ['me', 'consumer-credentials'] });
                          }}
                        >
                          Revoke
                        </ConfirmButton>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={credentials.data.totalResults} label="consumer keys" />
        </>
      )}
    </Stack>
  );
}

function MyApplications() {
  const queryClient = useQueryClient();
  const { pageStart, pageLimit } = usePage(undefined, 'appsPage');
  const apps = useQuery({
    queryKey: ['me', 'consumer-apps', pageStart, pageLimit],
    queryFn: () =>
      unwrap(api.GET('/api/v1/me/consumer-apps', { params: { query: { pageStart, pageLimit } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        My applications
      </Title>
      <Text size="sm">
        Register an application (application key and secret) on the{' '}
        <Anchor href="/createApp/">application registration page</Anchor>.
      </Text>
      {apps.isPending && <Loader role="status" aria-label="Loading applications" />}
      <ApiErrorAlert error={apps.error} />
      {apps.data && apps.data.results.length === 0 && (
        <Text size="sm">You have not registered any application.</Text>
      )}
      {apps.data && apps.data.results.length > 0 && (
        <div className="kw-table-scroll">
          <Table striped miw={640} aria-label="My applications">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Application key (AK)</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apps.data.results.map((app) => (
                <Table.Tr key={app.applicationId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {app.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {app.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{app.applicationKey}</Code>
                  </Table.Td>
                  <Table.Td>{app.status}</Table.Td>
                  <Table.Td>{when(app.createdAt)}</Table.Td>
                  <Table.Td>
                    <ConfirmButton
                      aria-label={`Delete application ${app.name}`}
                      title={`Delete the application “${app.name}”?`}
                      message={`The application ${app.applicationKey} and every consumer key given to it stop working at once. This cannot be undone.`}
                      confirmLabel="Delete application"
                      onConfirm={async () => {
                        await unwrap(
                          api.DELETE('/api/v1/me/consumer-apps/{applicationId}', {
                            params: { path: { applicationId: app.applicationId } },
                          }),
                        );
                        await queryClient.invalidateQueries({ queryKey: ['me', 'consumer-apps'] });
                      }}
                    >
                      Delete
                    </ConfirmButton>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {apps.data && <Pager total={apps.data.totalResults} label="applications" param="appsPage" />}
    </Stack>
  );
}
