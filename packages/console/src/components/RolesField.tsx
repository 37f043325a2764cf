import { Checkbox, MultiSelect, Stack } from '@mantine/core';
import type { Service } from '../api/types';
import { ORG_ROLES, orgRoleLabel } from './format';

/**
 * Org roles as checkboxes and service roles as a searchable multi-select, for granting roles to a member or
 * an app. `disabledOrgRoles` maps a role the caller may not grant to the reason.
 */
export function RolesField({
  orgRoles,
  serviceRoles,
  onChange,
  services,
  disabledOrgRoles = {},
  orgRolesError,
}: {
  orgRoles: string[];
  serviceRoles: string[];
  onChange: (next: { orgRoles: string[]; serviceRoles: string[] }) => void;
  services: readonly Service[];
  disabledOrgRoles?: Record<string, string>;
  orgRolesError?: string | undefined;
}) {
  return (
    <Stack gap="sm">
      <Checkbox.Group
        label="Organization roles"
        value={orgRoles}
        onChange={(next) => onChange({ orgRoles: [...next].sort(), serviceRoles })}
        error={orgRolesError}
      >
        <Stack gap={6} mt={6}>
          {ORG_ROLES.map((role) => (
            <Checkbox
              key={role}
              value={role}
              label={orgRoleLabel(role)}
              disabled={disabledOrgRoles[role] !== undefined}
              description={disabledOrgRoles[role]}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <MultiSelect
        label="Service roles"
        placeholder={serviceRoles.length === 0 ? 'Choose service roles' : undefined}
        searchable
        data={services.map((service) => ({
          group: service.name,
          items: service.roles.map((role) => ({
            value: `${service.id}:${role.name}`,
            label: `${service.id}:${role.name}`,
          })),
        }))}
        value={serviceRoles}
        onChange={(next) => onChange({ orgRoles, serviceRoles: [...next].sort() })}
        nothingFoundMessage="No such service role"
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}
