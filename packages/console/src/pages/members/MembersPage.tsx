import {
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useMe, useServices } from '../../api/queries';
import type { Invitation, Member, Org } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckAccessButton } from '../../components/CheckAccess';
import { ConfirmButton } from '../../components/ConfirmButton';
import { day, orgRoleLabel, when } from '../../components/format';
import { OrgLockouts } from '../../components/Lockouts';
import { OrgGate } from '../../components/OrgGate';
import { Pager, usePage } from '../../components/Pager';
import { RolesField } from '../../components/RolesField';

type OrgRole = 'org_owner' | 'org_admin' | 'org_member' | 'developer';

/** Organization → Members. */
export default function MembersPage() {
  return <OrgGate>{(org) => <Members org={org} />}</OrgGate>;
}

/**
 * The rules the API enforces, shown as what is enabled: owners manage everyone; admins manage members but never
 * owners, nor their own roles; only owners grant org_owner. (The last-owner rule is the API's to say: it is
 * answered in the dialog.)
 */
function whyNot(org: Org, me: string, member: Member, action: 'edit' | 'remove'): string | null {
  const owner = org.orgRoles.includes('org_owner');
  const admin = org.orgRoles.includes('org_admin');
  if (member.userId === me) {
    if (action === 'remove') return null; // leaving is allowed to anyone (the API keeps one owner)
    return owner ? null : 'An admin cannot change their own roles; ask an owner';
  }
  if (!owner && !admin) return 'Only owners and admins manage members';
  if (!owner && member.orgRoles?.includes('org_owner')) return 'Only an owner may change or remove an owner';
  return null;
}

function Members({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const { pageStart, pageLimit } = usePage();
  const { data: me } = useMe();
  const services = useServices();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Member | null>(null);
  const manager = org.orgRoles.includes('org_owner') || org.orgRoles.includes('org_admin');
  const members = useQuery({
    queryKey: ['orgs', org.id, 'members', pageStart, pageLimit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/members', {
          params: { path: { orgId: org.id }, query: { pageStart, pageLimit } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'members'] }),
      queryClient.invalidateQueries({ queryKey: ['me'] }),
      queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'invitations'] }),
    ]);
  const myId = me?.user.id ?? '';

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" c="dimmed" fw={600}>
            {org.displayName}
          </Text>
          <Title order={1}>Members</Title>
        </div>
        {manager && <Button onClick={() => setAdding(true)}>Add a member</Button>}
      </Group>
      {!manager && (
        <Text size="sm" c="dimmed">
          Owners and admins see every member’s roles and manage them.
        </Text>
      )}
      {members.isPending && <Loader role="status" aria-label="Loading members" />}
      <ApiErrorAlert error={members.error} />
      {members.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped miw={720} aria-label="Members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Member</Table.Th>
                  {manager && <Table.Th>Organization roles</Table.Th>}
                  {manager && <Table.Th>Service roles</Table.Th>}
                  <Table.Th>Since</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.results.map((member) => {
                  const noEdit = whyNot(org, myId, member, 'edit');
                  const noRemove = whyNot(org, myId, member, 'remove');
                  const leaving = member.userId === myId;
                  return (
                    <Table.Tr key={member.userId}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {member.name}
                          {leaving && ' (you)'}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {member.email}
                        </Text>
                        {member.disabled && (
                          <Badge color="gray" size="xs" autoContrast>
                            Disabled account
                          </Badge>
                        )}
                      </Table.Td>
                      {manager && (
                        <Table.Td>
                          <Text size="sm">{member.orgRoles?.map(orgRoleLabel).join(', ')}</Text>
                        </Table.Td>
                      )}
                      {manager && (
                        <Table.Td>
                          <Text size="sm">{member.serviceRoles?.join(', ') || '—'}</Text>
                        </Table.Td>
                      )}
                      <Table.Td>{day(member.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" justify="flex-end">
                          {(manager || leaving) && (
                            <CheckAccessButton
                              orgId={org.id}
                              subject={{ userId: member.userId }}
                              name={leaving ? 'you' : member.email}
                            />
                          )}
                          {manager && (
                            <Tooltip label={noEdit ?? ''} disabled={noEdit === null}>
                              <Button
                                size="xs"
                                variant="default"
                                disabled={noEdit !== null}
                                onClick={() => setEditing(member)}
                                aria-label={`Edit roles of ${member.email}`}
                                aria-description={noEdit ?? undefined}
                              >
                                Edit roles
                              </Button>
                            </Tooltip>
                          )}
                          {(manager || leaving) &&
                            (noRemove === null ? (
                              <ConfirmButton
                                aria-label={leaving ? 'Leave the organization' : `Remove ${member.email}`}
                                title={
                                  leaving
                                    ? `Leave ${org.displayName}?`
                                    : `Remove ${member.email} from ${org.displayName}?`
                                }
                                message={
                                  leaving
                                    ? 'You lose your roles here, and your API tokens for this organization stop working.'
                                    : `${member.email} loses every role in ${org.displayName}; their API tokens for it stop working at the next use.`
                                }
                                confirmLabel={leaving ? 'Leave organization' : 'Remove member'}
                                onConfirm={async () => {
                                  await unwrap(
                                    api.DELETE('/api/v1/orgs/{orgId}/members/{userId}', {
                                      params: { path: { orgId: org.id, userId: member.userId } },
                                    }),
                                  );
                                  await refresh();
                                }}
                              >
                                {leaving ? 'Leave' : 'Remove'}
                              </ConfirmButton>
                            ) : (
                              <Tooltip label={noRemove}>
                                <Button
                                  size="xs"
                                  color="red"
                                  variant="light"
                                  disabled
                                  aria-description={noRemove}
                                >
                                  Remove
                                </Button>
                              </Tooltip>
                            ))}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={members.data.totalResults} label="members" />
        </>
      )}
      {manager && <Invitations org={org} />}
      {org.orgRoles.includes('org_owner') && <OrgLockouts orgId={org.id} />}
      {adding && services.data && (
        <MemberDialog org={org} services={services.data} onClose={() => setAdding(false)} onSaved={refresh} />
      )}
      {editing && services.data && (
        <MemberDialog
          org={org}
          member={editing}
          services={services.data}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
    </Stack>
  );
}

function MemberDialog({
  org,
  member,
  services,
  onClose,
  onSaved,
}: {
  org: Org;
  member?: Member;
  services: NonNullable<ReturnType<typeof useServices>['data']>;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState({
    orgRoles: member?.orgRoles ?? ['org_member'],
    serviceRoles: member?.serviceRoles ?? [],
  });
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<{ email?: string; roles?: string }>({});
  const [busy, setBusy] = useState(false);
  const owner = org.orgRoles.includes('org_owner');
  const disabled: Record<string, string> = owner
    ? {}
    : { org_owner: 'Only an owner may grant the owner role' };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const problems = {
      ...(member || /^[^\s@]+@[^\s@]+$/.test(email.trim())
        ? {}
        : { email: 'Enter an e-mail address, such as ada@example.com' }),
      ...(roles.orgRoles.length > 0 ? {} : { roles: 'A member needs at least one organization role' }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = { orgRoles: roles.orgRoles as OrgRole[], serviceRoles: roles.serviceRoles };
      if (member) {
        await unwrap(
          api.PUT('/api/v1/orgs/{orgId}/members/{userId}', {
            params: { path: { orgId: org.id, userId: member.userId } },
            body,
          }),
        );
      } else {
        const added = await unwrap(
          api.POST('/api/v1/orgs/{orgId}/members', {
            params: { path: { orgId: org.id } },
            body: { email: email.trim(), ...body },
          }),
        );
        // No account uses the address: the API answers 202 with an invitation e-mailed to it.
        if ('invitation' in added)
          notifications.show({ color: 'teal', message: `Invitation sent to ${added.invitation.email}` });
      }
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
      title={member ? `Roles of ${member.email}` : `Add a member to ${org.displayName}`}
    >
      <form onSubmit={save} noValidate>
        <Stack>
          {!member && (
            <TextInput
              label="E-mail"
              description="Someone without a Keyward account yet gets an invitation by e-mail"
              type="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={invalid.email}
              data-autofocus
            />
          )}
          <RolesField
            orgRoles={roles.orgRoles}
            serviceRoles={roles.serviceRoles}
            onChange={setRoles}
            services={services}
            disabledOrgRoles={disabled}
            orgRolesError={invalid.roles}
          />
          <ApiErrorAlert error={error} title={member ? 'Roles not changed' : 'Member not added'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {member ? 'Save roles' : 'Add member'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Admins cannot resend or revoke an invitation as owner (the API refuses it); owners manage every invitation. */
function whyNotInvitation(org: Org, invitation: Invitation): string | null {
  if (org.orgRoles.includes('org_owner')) return null;
  return invitation.orgRoles.includes('org_owner') ? 'Only an owner may manage an invitation as owner' : null;
}

/** Pending invitations (expired ones included, to resend): e-mail, roles, dates; Resend and Revoke. */
function Invitations({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const queryKey = ['orgs', org.id, 'invitations'];
  const invitations = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId: org.id } } })),
  });
  const [resendError, setResendError] = useState<unknown>(null);
  const [resending, setResending] = useState<string | null>(null);
  const resend = async (invitation: Invitation) => {
    setResending(invitation.id);
    setResendError(null);
    try {
      await unwrap(
        api.POST('/api/v1/orgs/{orgId}/invitations/{invitationId}/resend', {
          params: { path: { orgId: org.id, invitationId: invitation.id } },
        }),
      );
      notifications.show({ color: 'teal', message: `Invitation sent again to ${invitation.email}` });
      await queryClient.invalidateQueries({ queryKey });
    } catch (failure) {
      setResendError(failure);
    } finally {
      setResending(null);
    }
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="invitations-title">
      <Title order={2} size="h3" id="invitations-title">
        Pending invitations
      </Title>
      {invitations.isPending && <Loader role="status" aria-label="Loading invitations" />}
      <ApiErrorAlert error={invitations.error} />
      <ApiErrorAlert error={resendError} title="Invitation not sent again" />
      {invitations.data &&
        (invitations.data.items.length === 0 ? (
          <Text size="sm">
            No invitation is waiting. Adding a member by an address without an account sends one.
          </Text>
        ) : (
          <div className="kw-table-scroll">
            <Table striped miw={720} aria-label="Pending invitations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>E-mail</Table.Th>
                  <Table.Th>Roles</Table.Th>
                  <Table.Th>Invited</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.data.items.map((invitation) => {
                  const no = whyNotInvitation(org, invitation);
                  return (
                    <Table.Tr key={invitation.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {invitation.email}
                        </Text>
                        {invitation.status === 'expired' && (
                          <Badge color="gray" size="xs" autoContrast>
                            Expired: resend it
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {[...invitation.orgRoles.map(orgRoleLabel), ...invitation.serviceRoles].join(', ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>{when(invitation.createdAt)}</Table.Td>
                      <Table.Td>{when(invitation.expiresAt)}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" justify="flex-end">
                          <Tooltip label={no ?? ''} disabled={no === null}>
                            <Button
                              size="xs"
                              variant="default"
                              disabled={no !== null}
                              loading={resending === invitation.id}
                              onClick={() => resend(invitation)}
                              aria-label={`Resend the invitation of ${invitation.email}`}
                              aria-description={no ?? undefined}
                            >
                              Resend
                            </Button>
                          </Tooltip>
                          {no === null ? (
                            <ConfirmButton
                              aria-label={`Revoke the invitation of ${invitation.email}`}
                              title={`Revoke the invitation of ${invitation.email}?`}
                              message={`The link e-mailed to ${invitation.email} stops working; they do not join ${org.displayName}.`}
                              confirmLabel="Revoke invitation"
                              onConfirm={async () => {
                                await unwrap(
                                  api.DELETE('/api/v1/orgs/{orgId}/invitations/{invitationId}', {
                                    params: { path: { orgId: org.id, invitationId: invitation.id } },
                                  }),
                                );
                                await queryClient.invalidateQueries({ queryKey });
                              }}
                            >
                              Revoke
                            </ConfirmButton>
                          ) : (
                            <Tooltip label={no}>
                              <Button size="xs" color="red" variant="light" disabled aria-description={no}>
                                Revoke
                              </Button>
                            </Tooltip>
                          )}
                        </Group>
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
