import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { day } from '../../components/format';
import { PlatformLockouts } from '../../components/Lockouts';
import { Pager, usePage } from '../../components/Pager';
import { ShownOnce } from '../../components/ShownOnce';

/** Platform → Users (operators): every account, created and disabled here; sessions ended, lockouts lifted. */
export default function UsersPage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const { pageStart, pageLimit } = usePage();
  const [creating, setCreating] = useState(false);
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const users = useQuery({
    queryKey: ['users', pageStart, pageLimit],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { pageStart, pageLimit } } })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Users</Title>
        <Button onClick={() => setCreating(true)}>Create a user</Button>
      </Group>
      {users.isPending && <Loader role="status" aria-label="Loading users" />}
      <ApiErrorAlert error={users.error} />
      {users.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped miw={640} aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  <Table.Th>Platform roles</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.results.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {user.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {user.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{user.platformRoles.join(', ') || '—'}</Table.Td>
                    <Table.Td>{day(user.createdAt)}</Table.Td>
                    <Table.Td>
                      <Badge color={user.disabled ? 'gray' : 'teal'} variant="light" autoContrast>
                        {user.disabled ? 'Disabled' : 'Active'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" justify="flex-end">
                        <ConfirmButton
                          color="indigo"
                          aria-label={`Reset password of ${user.email}`}
                          title={`Reset the password of ${user.email}?`}
                          message="Their current password stops working and every session of theirs ends. A generated password is shown once, for you to pass on to them; their API tokens and other credentials keep working."
                          confirmLabel="Reset password"
                          onConfirm={async () => {
                            const answer = await unwrap(
                              api.POST('/api/v1/users/{userId}/reset-password', {
                                params: { path: { userId: user.id } },
                              }),
                            );
                            setReset({ email: answer.user.email, password: answer.password });
                          }}
                        >
                          Reset password
                        </ConfirmButton>
                        {user.id !== me?.user.id && (
                          <ConfirmButton
                            color="indigo"
                            aria-label={`End sessions of ${user.email}`}
                            title={`End every session of ${user.email}?`}
                            message={`${user.name || user.email} is signed out of the console and the sign-in pages everywhere, and signs in again with their password. API tokens and other credentials keep working.`}
                            confirmLabel="End sessions"
                            onConfirm={async () => {
                              const answer = await unwrap(
                                api.DELETE('/api/v1/users/{userId}/sessions', {
                                  params: { path: { userId: user.id } },
                                }),
                              );
                              notifications.show({
                                color: 'teal',
                                message: `${answer.ended} ${answer.ended === 1 ? 'session' : 'sessions'} of ${user.email} ended`,
                              });
                            }}
                          >
                            End sessions
                          </ConfirmButton>
                        )}
                        {user.id !== me?.user.id &&
                          (user.disabled ? (
                            <ConfirmButton
                              color="indigo"
                              aria-label={`Enable ${user.email}`}
                              title={`Re-enable the account ${user.email}?`}
                              message="The user can sign in again; their tokens work again where they have not expired."
                              confirmLabel="Enable account"
                              onConfirm={async () => {
                                await unwrap(
                                  api.POST('/api/v1/users/{userId}/enable', {
                                    params: { path: { userId: user.id } },
                                  }),
                                );
                                await refresh();
                              }}
                            >
                              Enable
                            </ConfirmButton>
                          ) : (
                            <ConfirmButton
                              aria-label={`Disable ${user.email}`}
                              title={`Disable the account ${user.email}?`}
                              message="Their sessions end and every credential of theirs (API tokens, consumer keys) stops working until the account is enabled again."
                              confirmLabel="Disable account"
                              onConfirm={async () => {
                                await unwrap(
                                  api.POST('/api/v1/users/{userId}/disable', {
                                    params: { path: { userId: user.id } },
                                  }),
                                );
                                await refresh();
                              }}
                            >
                              Disable
                            </ConfirmButton>
                          ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={users.data.totalResults} label="users" />
        </>
      )}
      <PlatformLockouts />
      {creating && <CreateUser onClose={() => setCreating(false)} onSaved={refresh} />}
      <Modal
        opened={reset !== null}
        onClose={() => setReset(null)}
        title="Password reset"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={false}
      >
        {reset && (
          <Stack>
            <ShownOnce
              title={`New Keyward password of ${reset.email}`}
              secrets={[{ label: 'New password', value: reset.password }]}
              details={[{ label: 'Account', value: reset.email }]}
              fileName={`keyward-password-${reset.email.replace(/[^A-Za-z0-9_.-]+/g, '-')}.txt`}
            />
            <Group justify="flex-end">
              <Button onClick={() => setReset(null)} data-autofocus>
                Continue
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function CreateUser({ onClose, onSaved }: { onClose: () => void; onSaved: () => Promise<unknown> }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [operator, setOperator] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST('/api/v1/users', {
          body: {
            email: email.trim(),
            ...(name.trim() ? { name: name.trim() } : {}),
            ...(password ? { password } : {}),
            ...(operator ? { platformRoles: ['platform_operator' as const] } : {}),
          },
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
    <Modal opened onClose={onClose} title="Create a user">
      <form onSubmit={save} noValidate>
        <Stack>
          <TextInput
            label="E-mail"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-autofocus
          />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <PasswordInput
            label="Password"
            description="Leave empty for an account that cannot sign in with a password yet"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Checkbox
            label="Platform operator"
            checked={operator}
            onChange={(e) => setOperator(e.currentTarget.checked)}
          />
          <ApiErrorAlert error={error} title="The user was not created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
