import { ApiError } from '../../core/errors.js';
import { isOrgRole, type OrgRole } from '../../core/roles.js';
import type { ScopeSet } from '../../core/scopes.js';

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

const SERVICE_ID = /^[a-z][a-z0-9-]{0,62}$/;
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

const ORG_ROLE_NAMES = 'org_owner, org_admin, org_member or developer';

/**
 * Reads CSP's allowedScopes into Keyward's ScopeSet. Role and permission names may be given bare (`viewer`) or
 * already qualified with the service (`billing:viewer`). Anything malformed is a request.invalid that names the
 * field and shows what to send there.
 */
export function fromCspAllowedScopes(value: unknown): { scopes: ScopeSet; openid: boolean } {
  const scopes: ScopeSet = { allRoles: false, orgRoles: [], serviceRoles: [], permissions: [] };
  if (value === undefined || value === null) return { scopes, openid: false };
  const body = asObject(value, 'allowedScopes', SHAPES.allowedScopes);
  const general = asArray(body.generalScopes ?? [], 'allowedScopes.generalScopes', SHAPES.generalScopes);
  if (general.some((scope) => typeof scope !== 'string')) {
    throw invalid(`allowedScopes.generalScopes is a list of scope names, e.g. ${SHAPES.generalScopes}`);
  }
  const org = asObject(
    body.organizationScopes ?? {},
    'allowedScopes.organizationScopes',
    SHAPES.organizationScopes,
  );
  if (org.allRoles !== undefined && org.allRoles !== null && typeof org.allRoles !== 'boolean') {
    throw invalid('allowedScopes.organizationScopes.allRoles is true or false');
  }
  if (org.allRoles === true) scopes.allRoles = true;
  for (const role of asArray(org.roles ?? [], 'organizationScopes.roles', `[${SHAPES.orgRole}]`)) {
    const name = nameOf(role, 'organizationScopes.roles', SHAPES.orgRole);
    if (!isOrgRole(name)) {
      throw invalid(`organizationScopes.roles: "${name}" is not an org role; use ${ORG_ROLE_NAMES}`);
    }
    scopes.orgRoles.push(name as OrgRole);
  }
  for (const service of asArray(
    body.servicesScopes ?? [],
    'allowedScopes.servicesScopes',
    SHAPES.servicesScopes,
  )) {
    const item = asObject(service, 'each entry of servicesScopes', SHAPES.serviceScope);
    const id = item.serviceDefinitionId;
    if (typeof id !== 'string' || !SERVICE_ID.test(id)) {
      throw invalid(
        'servicesScopes[].serviceDefinitionId must be the id of a registered service (lower-case letters, ' +
          `digits and "-", e.g. "billing"): ${SHAPES.serviceScope}`,
      );
    }
    for (const role of asArray(item.roles ?? [], 'servicesScopes[].roles', `[${SHAPES.serviceRole}]`)) {
      scopes.serviceRoles.push(qualify(id, nameOf(role, 'servicesScopes[].roles', SHAPES.serviceRole)));
    }
    for (const permission of asArray(
      item.permissions ?? [],
      'servicesScopes[].permissions',
      `[${SHAPES.permission}]`,
    )) {
      const permissionId = asObject(
        permission,
        'each entry of servicesScopes[].permissions',
        SHAPES.permission,
      ).permissionId;
      if (typeof permissionId !== 'string') {
        throw invalid(
          `servicesScopes[].permissions[].permissionId must be a permission name: ${SHAPES.permission}`,
        );
      }
      scopes.permissions.push(qualify(id, permissionId));
    }
  }
  return { scopes, openid: general.includes('openid') };
}

function qualify(serviceId: string, name: string): string {
  const bare = name.startsWith(`${serviceId}:`) ? name.slice(serviceId.length + 1) : name;
  if (!NAME.test(bare)) {
    throw invalid(
      `"${name}" is not a role or permission name of service ${serviceId}: names have 1 to 64 letters, digits, ` +
        '"_", ".", "*" or "-" (e.g. "viewer" or "billing:viewer")',
    );
  }
  return `${serviceId}:${bare}`;
}

function serviceOf(qualified: string): string {
  return qualified.slice(0, qualified.indexOf(':'));
}

/** The `name` of a role entry, which CSP wraps in an object: {"name": "org_member"}, never a bare string. */
function nameOf(value: unknown, list: string, shape: string): string {
  if (typeof value === 'string') {
    throw invalid(`each entry of ${list} is an object ${shape}, not a bare name: send {"name": "${value}"}`);
  }
  const name = asObject(value, `each entry of ${list}`, shape).name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 128)
    throw invalid(`${list}[].name must be a role name of 1 to 128 characters: ${shape}`);
  return name;
}

function asObject(value: unknown, where: string, shape: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${where} must be a JSON object such as ${shape}`);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, where: string, shape: string): unknown[] {
  if (!Array.isArray(value) || value.length > 500)
    throw invalid(`${where} must be a list (at most 500 entries) such as ${shape}`);
  return value;
}

function invalid(message: string): ApiError {
  return new ApiError('request.invalid', message);
}
