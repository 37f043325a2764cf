import { Loader, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { Lockout } from '../api/types';
import { ApiErrorAlert } from './ApiErrorAlert';
import { ConfirmButton } from './ConfirmButton';
import { when } from './format';

/** Who is locked out, in words: an account, an OAuth client, or every account from one address. */
export function lockedWho(lockout: Lockout): string {
  if (lockout.email) return lockout.email;
  if (lockout.clientId) return `OAuth client ${lockout.clientId}`;
  if (lockout.scope === 'address') return 'Every account';
  if (lockout.scope === 'api_token_address') return 'API tokens';
  if (lockout.scope === 'signed_request_address') return 'Signed requests';
  return 'Unknown account';
}

/** From where the failures came, per scope (docs/accounts.md#lockout). */
export function lockedFrom(lockout: Lockout): string {
  switch (lockout.scope) {
    case 'account':
      return 'Any browser without the account’s device cookie';
    case 'device':
      return 'One browser (its device cookie)';
    default:
      return lockout.address ? `Address ${lockout.address}` : '—';
  }
}

/**
 * The current lockouts of a scope (an organization's members for its owners, everything for operators), each
 * lifted behind a confirmation. Nothing locked shows a one-line empty state.
 */
export function LockoutsSection({
  queryKey,
  list,
  lift,
}: {
  queryKey: readonly unknown[];
  list: () => Promise<{ lockouts: Lockout[] }>;
  lift: (lockoutId: string) => Promise<unknown>;
}) {
  const queryClient = useQueryClient();
  const lockouts = useQuery({ queryKey, queryFn: list });
  return (
    <Stack gap="xs" component="section" aria-labelledby="lockouts-title">
      <Title order={2} size="h3" id="lockouts-title">
        Lockouts
      </Title>
      <Text size="sm" c="dimmed">
        Sign-ins locked after too many wrong passwords. Lifting one lets the next attempt through at once.
      </Text>
      {lockouts.isPending && <Loader role="status" aria-label="Loading lockouts" />}
      <ApiErrorAlert error={lockouts.error} />
      {lockouts.data &&
        (lockouts.data.lockouts.length === 0 ? (
          <Text size="sm">Nobody is locked out.</Text>
        ) : (
          <div className="kw-table-scroll">
            <Table striped miw={640} aria-label="Lockouts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>Locked until</Table.Th>
                  <Table.Th>In a row</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lockouts.data.lockouts.map((lockout) => {
                  const who = lockedWho(lockout);
                  const from = lockedFrom(lockout);
                  return (
                    <Table.Tr key={lockout.id}>
                      <Table.Td>{who}</Table.Td>
                      <Table.Td>{from}</Table.Td>
                      <Table.Td>{when(lockout.lockedUntil)}</Table.Td>
                      <Table.Td>{lockout.lockoutsInARow}</Table.Td>
                      <Table.Td>
                        <ConfirmButton
                          aria-label={`Lift the lockout of ${who}`}
                          title={`Lift the lockout of ${who}?`}
                          message={`${from}: the next sign-in attempt is checked at once, and the back-off starts over at its shortest.`}
                          confirmLabel="Lift lockout"
                          onConfirm={async () => {
                            await lift(lockout.id);
                            await queryClient.invalidateQueries({ queryKey });
                          }}
                        >
                          Lift
                        </ConfirmButton>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </div>
        ))}
    </Stack>
  );
}

/** The operators' lockouts: every account, client and address. */
export function PlatformLockouts() {
  return (
    <LockoutsSection
      queryKey={['lockouts']}
      list={() => unwrap(api.GET('/api/v1/lockouts'))}
      lift={(lockoutId) =>
        unwrap(api.DELETE('/api/v1/lockouts/{lockoutId}', { params: { path: { lockoutId } } }))
      }
    />
  );
}

/** An organization's owners: the sign-in lockouts of its members. */
export function OrgLockouts({ orgId }: { orgId: string }) {
  return (
    <LockoutsSection
      queryKey={['orgs', orgId, 'lockouts']}
      list={() => unwrap(api.GET('/api/v1/orgs/{orgId}/lockouts', { params: { path: { orgId } } }))}
      lift={(lockoutId) =>
        unwrap(
          api.DELETE('/api/v1/orgs/{orgId}/lockouts/{lockoutId}', { params: { path: { orgId, lockoutId } } }),
        )
      }
    />
  );
}
