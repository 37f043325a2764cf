import {
  Alert,
  Checkbox,
  Fieldset,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tree,
  type TreeNodeData,
  UnstyledButton,
  useTree,
} from '@mantine/core';
import { useMemo } from 'react';
import type { Service } from '../../api/types';
import { ORG_ROLES, orgRoleLabel } from '../../components/format';

export interface Scopes {
  allRoles: boolean;
  orgRoles: string[];
  serviceRoles: string[];
  permissions: string[];
}

/** What the user holds in the organization (from GET /me), with the permissions their service roles give. */
export interface Held {
  orgRoles: readonly string[];
  serviceRoles: readonly string[];
  permissions: readonly string[];
}

/** Permissions the given service roles give, per the registered services. */
export function permissionsOf(serviceRoles: readonly string[], services: readonly Service[]): string[] {
  const permissions = new Set<string>();
  for (const qualified of serviceRoles) {
    const [serviceId, roleName] = splitRole(qualified);
    const role = services.find((s) => s.id === serviceId)?.roles.find((r) => r.name === roleName);
    for (const permission of role?.permissions ?? []) permissions.add(permission);
  }
  return [...permissions].sort();
}

function splitRole(qualified: string): [string, string] {
  const colon = qualified.indexOf(':');
  return [qualified.slice(0, colon), qualified.slice(colon + 1)];
}

const toggle = (list: readonly string[], item: string, on: boolean) =>
  on ? [...new Set([...list, item])].sort() : list.filter((x) => x !== item);

/**
 * The scopes of a credential, as the console shows them: All Roles; Organization Roles as checkboxes; Service
 * Roles as a tree (each service expands to its roles); and at the side the permissions of the service role
 * selected, for a narrower grant. What the user does not hold is disabled and says so: a token never grants
 * more than its user has, and the API refuses such a request.
 */
export function ScopePicker({
  value,
  onChange,
  services,
  held,
  orgName,
  error,
}: {
  value: Scopes;
  onChange: (next: Scopes) => void;
  services: readonly Service[];
  held: Held;
  orgName: string;
  error?: string | undefined;
}) {
  const tree = useTree({ multiple: false });
  // Memoized: the Tree re-initializes its state whenever it gets a new data array, which would re-render forever.
  const data: TreeNodeData[] = useMemo(
    () =>
      services.map((service) => ({
        value: `service:${service.id}`,
        label: service.name,
        children: service.roles.map((role) => ({ value: `${service.id}:${role.name}`, label: role.name })),
      })),
    [services],
  );
  const selectedRole = tree.selectedState.find((v) => !v.startsWith('service:'));
  const all = value.allRoles;
  const notHeld = `You do not hold this role in ${orgName}`;

  const roleOf = (qualified: string) => {
    const [serviceId, roleName] = splitRole(qualified);
    const service = services.find((s) => s.id === serviceId);
    return { service, role: service?.roles.find((r) => r.name === roleName) };
  };
  const selected = selectedRole ? roleOf(selectedRole) : null;

  return (
    <Fieldset legend="Define scopes" variant="filled">
      <Stack gap="md">
        {error && (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Checkbox
          label="All Roles"
          description="Every organization and service role you hold in this organization, now and at each exchange"
          checked={all}
          onChange={(event) => onChange({ ...value, allRoles: event.currentTarget.checked })}
        />
        {all && (
          <Alert color="blue" variant="light">
            Even with All Roles, the token has only the roles your account holds. Your roles are on the My
            Roles tab.
          </Alert>
        )}
        <Checkbox.Group
          label="Organization Roles"
          description="Organization roles determine a user's access to the organization's resources."
          value={all ? [] : value.orgRoles}
          onChange={(orgRoles) => onChange({ ...value, orgRoles: [...orgRoles].sort() })}
        >
          <Stack gap={6} mt="xs">
            {ORG_ROLES.map((role) => {
              const holds = held.orgRoles.includes(role);
              return (
                <Checkbox
                  key={role}
                  value={role}
                  label={orgRoleLabel(role)}
                  disabled={all || !holds}
                  description={holds ? undefined : notHeld}
                />
              );
            })}
          </Stack>
        </Checkbox.Group>

        <div>
          <Text fw={500} size="sm" id="service-roles-label">
            Service Roles
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            Expand a service with its arrow to see its roles. Select a role to see its permissions at the
            side.
          </Text>
          {services.length === 0 ? (
            <Text size="sm">No services are registered yet.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Paper withBorder p="xs">
                <Tree
                  aria-labelledby="service-roles-label"
                  data={data}
                  tree={tree}
                  levelOffset={28}
                  expandOnClick
                  expandOnSpace={false}
                  selectOnClick
                  renderNode={({ node, expanded, hasChildren, elementProps, level }) => {
                    if (level === 1) {
                      const chosen = value.serviceRoles.filter((r) =>
                        r.startsWith(`${node.value.slice(8)}:`),
                      );
                      return (
                        <Group gap={6} wrap="nowrap" {...elementProps} py={4}>
                          <Text aria-hidden component="span" w={14} ta="center" size="sm">
                            {hasChildren ? (expanded ? '▾' : '▸') : ''}
                          </Text>
                          <Text size="sm" fw={500}>
                            {node.label}
                          </Text>
                          {chosen.length > 0 && (
                            <Text size="xs" c="dimmed">
                              ({chosen.length} selected)
                            </Text>
                          )}
                        </Group>
                      );
                    }
                    const holds = held.serviceRoles.includes(node.value);
                    return (
                      <Group gap={6} wrap="nowrap" {...elementProps} py={4}>
                        <Checkbox
                          label={node.label}
                          aria-label={`${node.label} (${roleOf(node.value).service?.name ?? ''})`}
                          checked={!all && value.serviceRoles.includes(node.value)}
                          disabled={all || !holds}
                          description={holds ? undefined : notHeld}
                          onFocus={() => tree.select(node.value)}
                          onChange={(event) =>
                            onChange({
                              ...value,
                              serviceRoles: toggle(
                                value.serviceRoles,
                                node.value,
                                event.currentTarget.checked,
                              ),
                            })
                          }
                        />
                      </Group>
                    );
                  }}
                />
              </Paper>
              <Paper withBorder p="sm" aria-live="polite">
                <Title order={3} size="h6" mb="xs">
                  Permissions
                </Title>
                {!selected?.role ? (
                  <Text size="sm" c="dimmed">
                    Select a service role to see its permissions. Some services allow a narrower grant: tick
                    only the permissions the token needs.
                  </Text>
                ) : (
                  <Stack gap={6}>
                    <Text size="sm">
                      {selected.service?.name} · <strong>{selected.role.name}</strong>
                      {selected.role.description ? ` — ${selected.role.description}` : ''}
                    </Text>
                    {selected.role.permissions.length === 0 && (
                      <Text size="sm">This role has no permissions.</Text>
                    )}
                    {selected.role.permissions.map((permission) => {
                      const viaRole = value.serviceRoles.includes(selectedRole ?? '');
                      const holds = held.permissions.includes(permission);
                      const description = selected.service?.permissions.find(
                        (p) => p.id === permission,
                      )?.description;
                      return (
                        <Checkbox
                          key={permission}
                          label={permission}
                          checked={!all && (viaRole || value.permissions.includes(permission))}
                          disabled={all || viaRole || !holds}
                          description={
                            !holds
                              ? 'You do not hold this permission in this organization'
                              : viaRole
                                ? 'Included: the whole role is selected'
                                : description || undefined
                          }
                          onChange={(event) =>
                            onChange({
                              ...value,
                              permissions: toggle(value.permissions, permission, event.currentTarget.checked),
                            })
                          }
                        />
                      );
                    })}
                  </Stack>
                )}
              </Paper>
            </SimpleGrid>
          )}
        </div>
        {!all && value.permissions.length > 0 && (
          <Text size="sm">
            Single permissions: {value.permissions.join(', ')}{' '}
            <UnstyledButton
              c="indigo.8"
              fz="sm"
              td="underline"
              onClick={() => onChange({ ...value, permissions: [] })}
            >
              clear
            </UnstyledButton>
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
