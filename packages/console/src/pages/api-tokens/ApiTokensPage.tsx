import {
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { myApiTokensQuery, useMe } from '../../api/queries';
import type { ApiToken, GeneratedApiToken } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckAccessButton } from '../../components/CheckAccess';
import { ConfirmButton } from '../../components/ConfirmButton';
import { day, when } from '../../components/format';
import { Pager, usePage } from '../../components/Pager';
import { ShownOnce } from '../../components/ShownOnce';
import { AccountTabs } from './AccountTabs';

const STATE_COLORS: Record<ApiToken['state'], string> = {
  active: 'teal',
  expired: 'gray',
  deactivated: 'orange',
  revoked: 'red',
};

export function TokenState({ token }: { token: ApiToken }) {
  return (
    <Badge color={STATE_COLORS[token.state]} variant="light" autoContrast>
      {token.state === 'deactivated' ? 'Deactivated' : token.state[0]?.toUpperCase() + token.state.slice(1)}
    </Badge>
  );
}

/** My Account → API Tokens: the user's tokens (never their values), newest first, paged by the server. */
export default function ApiTokensPage() {
  const queryClient = useQueryClient();
  const { pageStart, pageLimit } = usePage();
  const { data: me } = useMe();
  const [regenerated, setRegenerated] = useState<GeneratedApiToken | null>(null);
  const tokens = useQuery({ ...myApiTokensQuery(pageStart, pageLimit), placeholderData: keepPreviousData });
  const orgName = (orgId: string) => me?.memberships.find((o) => o.id === orgId)?.displayName ?? orgId;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me', 'api-tokens'] });

  return (
    <Stack>
      <AccountTabs />
      <Group justify="space-between" align="flex-end">
        <Title order={1}>API Tokens</Title>
        <Button component={Link} to="/account/api-tokens/new">
          Generate a New API Token
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Only the name of a token is shown here, never its value. Lost a value? Regenerate the token.
      </Text>
      {tokens.isPending && <Loader role="status" aria-label="Loading API tokens" />}
      <ApiErrorAlert error={tokens.error} />
      {tokens.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped highlightOnHover miw={760} aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Organization</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.results.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td fw={500}>{token.name}</Table.Td>
                    <Table.Td>{orgName(token.orgId)}</Table.Td>
                    <Table.Td>{day(token.createdAt)}</Table.Td>
                    <Table.Td>{day(token.expiresAt, 'Never')}</Table.Td>
                    <Table.Td>{when(token.lastUsedAt, 'Never used')}</Table.Td>
                    <Table.Td>
                      <TokenState token={token} />
                    </Table.Td>
                    <Table.Td>
                      {token.state !== 'revoked' && (
                        <Group gap={6} wrap="nowrap" justify="flex-end">
                          <CheckAccessButton
                            orgId={token.orgId}
                            subject={{ type: 'api_token', id: token.id }}
                            name={`the API token “${token.name}”`}
                          />
                          <ConfirmButton
                            color="indigo"
                            aria-label={`Regenerate ${token.name}`}
                            title={`Regenerate the API token “${token.name}”?`}
                            message="The current value stops working at once (and so do the access tokens obtained with it). A new value with the same name, scopes and lifetime is shown once."
                            confirmLabel="Regenerate token"
                            onConfirm={async () => {
                              const answer = await unwrap(
                                api.POST('/api/v1/me/api-tokens/{tokenId}/regenerate', {
                                  params: { path: { tokenId: token.id } },
                                }),
                              );
                              setRegenerated(answer);
                              await refresh();
                            }}
                          >
                            Regenerate
                          </ConfirmButton>
                          <ConfirmButton
                            aria-label={`Revoke ${token.name}`}
                            title={`Revoke the API token “${token.name}”?`}
                            message="Revoking deletes the API token and the access tokens obtained with it: scripts using it stop working at once. This cannot be undone."
                            confirmLabel="Revoke token"
                            onConfirm={async () => {
                              await unwrap(
                                api.DELETE('/api/v1/me/api-tokens/{tokenId}', {
                                  params: { path: { tokenId: token.id } },
                                }),
                              );
                              await refresh();
                            }}
                          >
                            Revoke
                          </ConfirmButton>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={tokens.data.totalResults} label="API tokens" />
        </>
      )}
      <Modal
        opened={regenerated !== null}
        onClose={() => setRegenerated(null)}
        title="Token Regenerated"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={false}
      >
        {regenerated && (
          <Stack>
            <ShownOnce
              title={`Keyward API token “${regenerated.name}”`}
              secrets={[{ label: 'API token', value: regenerated.token }]}
              details={[
                { label: 'Name', value: regenerated.name },
                { label: 'Organization', value: orgName(regenerated.orgId) },
                { label: 'Expires', value: day(regenerated.expiresAt, 'never') },
              ]}
              fileName={`keyward-api-token-${regenerated.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.txt`}
            />
            <Group justify="flex-end">
              <Button onClick={() => setRegenerated(null)} data-autofocus>
                Continue
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
