import { Loader, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { when } from '../../components/format';

/** My Account → Authorized OAuth apps: the web and native apps the user consented to, per organization. */
export default function ConsentsPage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const consents = useQuery({
    queryKey: ['me', 'consents'],
    queryFn: () => unwrap(api.GET('/api/v1/me/consents')),
  });
  const orgName = (orgId: string) => me?.memberships.find((o) => o.id === orgId)?.displayName ?? orgId;
  return (
    <Stack>
      <Title order={1}>Authorized OAuth apps</Title>
      <Text size="sm" c="dimmed">
        Apps you allowed to act for you. Withdrawing a consent stops the app’s tokens for that organization at
        once; the app must ask you again.
      </Text>
      {consents.isPending && <Loader role="status" aria-label="Loading consents" />}
      <ApiErrorAlert error={consents.error} />
      {consents.data && consents.data.results.length === 0 && <Text>You have not authorized any app.</Text>}
      {consents.data && consents.data.results.length > 0 && (
        <div className="kw-table-scroll">
          <Table striped miw={640} aria-label="Authorized apps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>App</Table.Th>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consents.data.results.map((consent) => (
                <Table.Tr key={`${consent.appId}/${consent.orgId}`}>
                  <Table.Td fw={500}>{consent.appName}</Table.Td>
                  <Table.Td>{orgName(consent.orgId)}</Table.Td>
                  <Table.Td>{consent.scope || 'Every role the app may have'}</Table.Td>
                  <Table.Td>{when(consent.updatedAt)}</Table.Td>
                  <Table.Td>
                    <ConfirmButton
                      aria-label={`Withdraw consent for ${consent.appName}`}
                      title={`Withdraw your consent to “${consent.appName}”?`}
                      message={`${consent.appName} can no longer act for you in ${orgName(consent.orgId)}: its tokens stop working at once and it must ask you again.`}
                      confirmLabel="Withdraw consent"
                      onConfirm={async () => {
                        await unwrap(
                          api.DELETE('/api/v1/me/consents/{appId}/{orgId}', {
                            params: { path: { appId: consent.appId, orgId: consent.orgId } },
                          }),
                        );
                        await queryClient.invalidateQueries({ queryKey: ['me', 'consents'] });
                      }}
                    >
                      Withdraw
                    </ConfirmButton>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}
