import { ApiError } from '../../core/errors.js';
import { isOrgRole, type OrgRole } from '../../core/roles.js';
import type { ScopeSet } from '../../core/scopes.js';

/** CSP's AllowedScopes (csp-wire §1): general, organization and per-service scopes. */
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

/**
 * Reads CSP's allowedScopes into Keyward's ScopeSet. Role and permission names may be given bare (`viewer`) or
 * already qualified with the service (`billing:viewer`). Anything malformed is a request.invalid naming it.
 */
export function fromCspAllowedScopes(value: unknown): { scopes: ScopeSet; openid: boolean } {
  const scopes: ScopeSet = { allRoles: false, orgRoles: [], serviceRoles: [], permissions: [] };
  if (value === undefined || value === null) return { scopes, openid: false };
  const body = asObject(value, 'allowedScopes');
  const general = asArray(body.generalScopes ?? [], 'allowedScopes.generalScopes');
  const org = asObject(body.organizationScopes ?? {}, 'allowedScopes.organizationScopes');
  if (org.allRoles === true) scopes.allRoles = true;
  for (const role of asArray(org.roles ?? [], 'organizationScopes.roles')) {
    const name = nameOf(role, 'organizationScopes.roles[].name');
    if (!isOrgRole(name)) throw invalid(`organizationScopes.roles: "${name}" is not an org role`);
    scopes.orgRoles.push(name as OrgRole);
  }
  for (const service of asArray(body.servicesScopes ?? [], 'allowedScopes.servicesScopes')) {
    const item = asObject(service, 'servicesScopes[]');
    const id = item.serviceDefinitionId;
    if (typeof id !== 'string' || !SERVICE_ID.test(id))
      throw invalid('servicesScopes[].serviceDefinitionId must be a service id');
    for (const role of asArray(item.roles ?? [], 'servicesScopes[].roles')) {
      scopes.serviceRoles.push(qualify(id, nameOf(role, 'servicesScopes[].roles[].name')));
    }
    for (const permission of asArray(item.permissions ?? [], 'servicesScopes[].permissions')) {
      const permissionId = asObject(permission, 'servicesScopes[].permissions[]').permissionId;
      if (typeof permissionId !== 'string')
        throw invalid('servicesScopes[].permissions[].permissionId must be a string');
      scopes.permissions.push(qualify(id, permissionId));
    }
  }
  return { scopes, openid: general.includes('openid') };
}

function qualify(serviceId: string, name: string): string {
  const bare = name.startsWith(`${serviceId}:`) ? name.slice(serviceId.length + 1) : name;
  if (!NAME.test(bare)) throw invalid(`"${name}" is not a role or permission name of service ${serviceId}`);
  return `${serviceId}:${bare}`;
}

function serviceOf(qualified: string): string {
  return qualified.slice(0, qualified.indexOf(':'));
}

function nameOf(value: unknown, where: string): string {
  const name = asObject(value, where).name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 128)
    throw invalid(`${where} must be a string`);
  return name;
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value) || value.length > 500)
    throw invalid(`${where} must be a list (at most 500 entries)`);
  return value;
}

function invalid(message: string): ApiError {
  return new ApiError('request.invalid', message);
}
