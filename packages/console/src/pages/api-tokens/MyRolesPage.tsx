import { Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMe, useServices } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { orgRoleLabel } from '../../components/format';
import { AccountTabs } from './AccountTabs';
import { permissionsOf } from './ScopePicker';

/** My Account → My Roles: the user's organization and service roles in each organization (from GET /me). */
export default function MyRolesPage() {
  const me = useMe();
  const services = useServices();
  if (me.isPending) return <Loader role="status" aria-label="Loading your roles" />;
  if (me.error) return <ApiErrorAlert error={me.error} />;
  const platformRoles = me.data.user.platformRoles;
  return (
    <Stack>
      <AccountTabs />
      <Title order={1}>My Roles</Title>
      <Text size="sm" c="dimmed">
        An API token can carry only roles you hold in its organization; these are they.
      </Text>
      {platformRoles.length > 0 && (
        <Text size="sm">
          Platform roles:{' '}
          {platformRoles.map((role) => (
            <Badge key={role} variant="light" color="grape" autoContrast mr={4}>
              {role}
            </Badge>
          ))}
        </Text>
      )}
      {me.data.memberships.length === 0 && <Text>You are not a member of any organization.</Text>}
      {me.data.memberships.map((org) => (
        <Paper key={org.id} withBorder p="md">
          <Title order={2} size="h4">
            {org.displayName}
          </Title>
          <Text size="xs" c="dimmed" mb="sm">
            Organization id {org.id}
          </Text>
          <Stack gap="xs">
            <Group gap={6}>
              <Text size="sm" fw={500} w={140}>
                Organization roles
              </Text>
              {org.orgRoles.map((role) => (
                <Badge key={role} variant="light" autoContrast>
                  {orgRoleLabel(role)}
                </Badge>
              ))}
            </Group>
            <Group gap={6} align="flex-start">
              <Text size="sm" fw={500} w={140}>
                Service roles
              </Text>
              {org.serviceRoles.length === 0 && <Text size="sm">None</Text>}
              {org.serviceRoles.map((role) => (
                <Badge key={role} variant="outline" color="teal" autoContrast>
                  {role}
                </Badge>
              ))}
            </Group>
            {services.data && org.serviceRoles.length > 0 && (
              <Text size="sm">
                <Text span fw={500}>
                  Permissions:{' '}
                </Text>
                {permissionsOf(org.serviceRoles, services.data).join(', ') || 'none'}
              </Text>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
