import { Badge, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { when } from '../../components/format';
import { AccountTabs } from '../api-tokens/AccountTabs';

const sessionsQuery = { queryKey: ['me', 'sessions'], queryFn: () => unwrap(api.GET('/api/v1/me/sessions')) };

/**
 * My Account → Sessions: where the account is signed in (device, address, when), the current session marked.
 * Any other session can be ended, one at a time or all at once, each behind a confirmation naming what ends.
 */
export default function SessionsPage() {
  const queryClient = useQueryClient();
  const sessions = useQuery(sessionsQuery);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me', 'sessions'] });

  const endOne = async (id: string, device: string) => {
    await unwrap(api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId: id } } }));
    notifications.show({ color: 'teal', message: `Session on ${device} ended.` });
    await refresh();
  };

  const endOthers = async () => {
    const { ended } = await unwrap(api.DELETE('/api/v1/me/sessions'));
    notifications.show({
      color: 'teal',
      message: ended === 1 ? '1 other session ended.' : `${ended} other sessions ended.`,
    });
    await refresh();
  };

  const others = sessions.data?.sessions.filter((session) => !session.current).length ?? 0;

  return (
    <Stack>
      <AccountTabs />
      <Title order={1}>Sessions</Title>
      <Text size="sm" c="dimmed">
        Where your account is signed in to this console. End any session you do not recognize, then change
        your password.
      </Text>
      {sessions.isPending && <Loader role="status" aria-label="Loading your sessions" />}
      <ApiErrorAlert error={sessions.error} />
      {sessions.data && (
        <Paper withBorder p="md">
          <Stack>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Device</Table.Th>
                  <Table.Th visibleFrom="sm">Address</Table.Th>
                  <Table.Th visibleFrom="sm">Signed in</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data.sessions.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{session.device}</Text>
                        {session.current && (
                          <Badge variant="light" color="teal" autoContrast>
                            This session
                          </Badge>
                        )}
                      </Group>
                      {/* On a phone the address and sign-in time go under the device, not in columns. */}
                      <Text size="xs" c="dimmed" hiddenFrom="sm">
                        {session.address ?? 'No address'} · signed in {when(session.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{session.address ?? '—'}</Table.Td>
                    <Table.Td visibleFrom="sm">{when(session.createdAt)}</Table.Td>
                    <Table.Td>{when(session.lastSeenAt)}</Table.Td>
                    <Table.Td>
                      {!session.current && (
                        <ConfirmButton
                          aria-label={`End the session on ${session.device}`}
                          title={`End the session on ${session.device}?`}
                          message={`Whoever uses ${session.device}${session.address ? ` (${session.address})` : ''} will have to sign in again.`}
                          confirmLabel="End session"
                          onConfirm={() => endOne(session.id, session.device)}
                        >
                          End
                        </ConfirmButton>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {others === 0 ? (
              <Text size="sm">You are signed in nowhere else.</Text>
            ) : (
              <Group>
                <ConfirmButton
                  size="sm"
                  title="End all other sessions?"
                  message={`${others === 1 ? 'The other session' : `All ${others} other sessions`} will end; this one stays signed in.`}
                  confirmLabel="End other sessions"
                  onConfirm={endOthers}
                >
                  End all other sessions
                </ConfirmButton>
              </Group>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
