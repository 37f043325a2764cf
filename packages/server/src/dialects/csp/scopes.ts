import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ApiError } from '../../core/errors.js';
import type { ScopeSet } from '../../core/scopes.js';
import { OrgRoleName, orNull, RoleEntry, RoleName } from './schemas.js';

/** CSP's AllowedScopes (docs/wire/csp.md#allowed-scopes): general, organization and per-service scopes. */
export interface CspAllowedScopes {
  generalScopes: string[];
  organizationScopes: { allRoles: boolean; roles: { name: string }[]; permissions: unknown[] };
  servicesScopes: {
    serviceDefinitionId: string;
    allRoles: boolean;
    roles: { name: string }[];
    permissions: { permissionId: string; resources: string[] }[];
  }[];
}

const SERVICE_ID = '^[a-z][a-z0-9-]{0,62}$';
const NAME = /^[A-Za-z0-9_.*-]{1,64}$/;

export function toCspAllowedScopes(scopes: ScopeSet, openid: boolean): CspAllowedScopes {
  const services = new Map<string, CspAllowedScopes['servicesScopes'][number]>();
  const entry = (id: string) => {
    let found = services.get(id);
    if (!found) {
      found = { serviceDefinitionId: id, allRoles: false, roles: [], permissions: [] };
      services.set(id, found);
    }
    return found;
  };
  for (const role of scopes.serviceRoles)
    entry(serviceOf(role)).roles.push({ name: role.slice(role.indexOf(':') + 1) });
  for (const permission of scopes.permissions) {
    entry(serviceOf(permission)).permissions.push({
      permissionId: permission.slice(permission.indexOf(':') + 1),
      resources: [],
    });
  }
  return {
    generalScopes: openid ? ['openid'] : [],
    organizationScopes: {
      allRoles: scopes.allRoles,
      roles: scopes.orgRoles.map((name) => ({ name })),
      permissions: [],
    },
    servicesScopes: [...services.values()],
  };
}

/** What each part of allowedScopes looks like, quoted in the messages that refuse a malformed one. */
export const SHAPES = {
  allowedScopes:
    '{"generalScopes": ["openid"], "organizationScopes": {"roles": [{"name": "org_member"}]}, ' +
    '"servicesScopes": [{"serviceDefinitionId": "billing", "roles": [{"name": "viewer"}]}]}',
  generalScopes: '["openid"]',
  organizationScopes: '{"allRoles": false, "roles": [{"name": "org_member"}]}',
  orgRole: '{"name": "org_member"}',
  servicesScopes: '[{"serviceDefinitionId": "billing", "roles": [{"name": "viewer"}], "permissions": []}]',
  serviceScope: '{"serviceDefinitionId": "billing", "roles": [{"name": "viewer"}]}',
  serviceRole: '{"name": "viewer"}',
  permission: '{"permissionId": "read"}',
} as const;

const listOf = <T extends TSchema>(where: string, item: T, shape: string) =>
  orNull(
    Type.Array(item, {
      maxItems: 500,
      refusal: `${where} must be a list (at most 500 entries) such as ${shape}`,
    }),
  );

/** CSP's allowedScopes as a request carries it (docs/wire/csp.md#allowed-scopes). */
export const CspAllowedScopesBody = Type.Object(
  {
    generalScopes: listOf(
      'allowedScopes.generalScopes',
      Type.String({
        maxLength: 128,
        refusal: `allowedScopes.generalScopes is a list of scope names, e.g. ${SHAPES.generalScopes}`,
      }),
      SHAPES.generalScopes,
    ),
    organizationScopes: orNull(
      Type.Object(
        {
          allRoles: orNull(
            Type.Boolean({ refusal: 'allowedScopes.organizationScopes.allRoles is true or false' }),
          ),
          roles: listOf(
            'organizationScopes.roles',
            RoleEntry('organizationScopes.roles', SHAPES.orgRole, OrgRoleName('organizationScopes.roles')),
            `[${SHAPES.orgRole}]`,
          ),
        },
        {
          refusal: `allowedScopes.organizationScopes must be a JSON object such as ${SHAPES.organizationScopes}`,
        },
      ),
    ),
    servicesScopes: listOf(
      'allowedScopes.servicesScopes',
      Type.Object(
        {
          serviceDefinitionId: Type.String({
            pattern: SERVICE_ID,
            refusal:
              'servicesScopes[].serviceDefinitionId must be the id of a registered service (lower-case letters, ' +
              `digits and "-", e.g. "billing"): ${SHAPES.serviceScope}`,
          }),
          roles: listOf(
            'servicesScopes[].roles',
            RoleEntry(
              'servicesScopes[].roles',
              SHAPES.serviceRole,
              RoleName('servicesScopes[].roles', SHAPES.serviceRole),
            ),
            `[${SHAPES.serviceRole}]`,
          ),
          permissions: listOf(
            'servicesScopes[].permissions',
            Type.Object(
              {
                permissionId: Type.String({
                  maxLength: 128,
                  refusal: `servicesScopes[].permissions[].permissionId must be a permission name: ${SHAPES.permission}`,
                }),
              },
              {
                refusal: `each entry of servicesScopes[].permissions must be a JSON object such as ${SHAPES.permission}`,
              },
            ),
            `[${SHAPES.permission}]`,
          ),
        },
        { refusal: `each entry of servicesScopes must be a JSON object such as ${SHAPES.serviceScope}` },
      ),
      SHAPES.servicesScopes,
    ),
  },
  { refusal: `allowedScopes must be a JSON object such as ${SHAPES.allowedScopes}` },
);
export type CspAllowedScopesBody = Static<typeof CspAllowedScopesBody>;

/**
 * Reads CSP's allowedScopes into Keyward's ScopeSet. Role and permission names may be given bare (`viewer`) or
 * already qualified with the service (`billing:viewer`); the schema has checked the shape.
 */
export function fromCspAllowedScopes(body: CspAllowedScopesBody | null | undefined): {
  scopes: ScopeSet;
  openid: boolean;
} {
  const org = body?.organizationScopes;
  const services = body?.servicesScopes ?? [];
  return {
    scopes: {
      allRoles: org?.allRoles === true,
      orgRoles: (org?.roles ?? []).map((role) => role.name),
      serviceRoles: services.flatMap((service) =>
        (service.roles ?? []).map((role) => qualify(service.serviceDefinitionId, role.name)),
      ),
      permissions: services.flatMap((service) =>
        (service.permissions ?? []).map((permission) =>
          qualify(service.serviceDefinitionId, permission.permissionId),
        ),
      ),
    },
    openid: (body?.generalScopes ?? []).includes('openid'),
  };
}

/** `viewer` or `billing:viewer` → `billing:viewer`, once the bare name is known to be a name. */
function qualify(serviceId: string, name: string): string {
  const bare = name.startsWith(`${serviceId}:`) ? name.slice(serviceId.length + 1) : name;
  if (!NAME.test(bare)) {
    throw new ApiError(
      'request.invalid',
      `"${name}" is not a role or permission name of service ${serviceId}: names have 1 to 64 letters, digits, ` +
        '"_", ".", "*" or "-" (e.g. "viewer" or "billing:viewer")',
    );
  }
  return `${serviceId}:${bare}`;
}

function serviceOf(qualified: string): string {
  return qualified.slice(0, qualified.indexOf(':'));
}
