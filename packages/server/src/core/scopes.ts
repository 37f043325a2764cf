import { isOrgRole, normalizeRoles, type OrgRole, type PlatformRole } from './roles.js';

/**
 * What a credential asks for (CSP's allowedScopes): some org roles, service roles and permissions, or all the
 * roles its holder has. A request never grants more than the holder holds at the time it is used.
 */
export interface ScopeSet {
  allRoles: boolean;
  orgRoles: OrgRole[];
  /** `<serviceId>:<role>` */
  serviceRoles: string[];
  /** `<serviceId>:<permission>` */
  permissions: string[];
}

/** What someone holds in one org right now; permissions are expanded from their service roles. */
export interface Holdings {
  orgRoles: OrgRole[];
  serviceRoles: string[];
  permissions: string[];
  platformRoles: PlatformRole[];
}

/** A ScopeSet as read-only input (a credential's ScopeLimit has this shape too). */
export interface ScopeLike {
  readonly allRoles: boolean;
  readonly orgRoles: readonly OrgRole[];
  readonly serviceRoles: readonly string[];
  readonly permissions: readonly string[];
}

/**
 * What the scope rules need to know of a registered service: the permissions each of its roles grants. The
 * service catalogue (identity/services) keeps more; its services have this shape.
 */
export interface ServiceRoles {
  readonly roles: readonly { readonly name: string; readonly permissions: readonly string[] }[];
}

/** The registered services by id, as the scope rules read them. */
export type ServiceCatalogue = ReadonlyMap<string, ServiceRoles>;

export const EMPTY_SCOPE: ScopeSet = { allRoles: false, orgRoles: [], serviceRoles: [], permissions: [] };

export function normalizeScopeSet(scope: Partial<ScopeSet>): ScopeSet {
  return {
    allRoles: scope.allRoles ?? false,
    orgRoles: normalizeRoles(scope.orgRoles ?? []),
    serviceRoles: normalizeRoles(scope.serviceRoles ?? []),
    permissions: normalizeRoles(scope.permissions ?? []),
  };
}

/** Permissions granted by the given service roles, according to the registered services. */
export function expandServiceRoles(serviceRoles: readonly string[], services: ServiceCatalogue): string[] {
  const permissions = new Set<string>();
  for (const text of serviceRoles) {
    const colon = text.indexOf(':');
    const service = services.get(text.slice(0, colon));
    const role = service?.roles.find((r) => r.name === text.slice(colon + 1));
    for (const permission of role?.permissions ?? []) permissions.add(permission);
  }
  return [...permissions].sort();
}

export function holdingsOf(
  membership: { orgRoles: readonly OrgRole[]; serviceRoles: readonly string[] },
  platformRoles: readonly PlatformRole[],
  services: ServiceCatalogue,
): Holdings {
  return {
    orgRoles: [...membership.orgRoles],
    serviceRoles: [...membership.serviceRoles],
    permissions: expandServiceRoles(membership.serviceRoles, services),
    platformRoles: [...platformRoles],
  };
}

/** Everything in `requested` that `held` does not cover: what a generation request must be refused for. */
export function exceededBy(requested: ScopeLike, held: Holdings): string[] {
  if (requested.allRoles) return [];
  return [
    ...requested.orgRoles.filter((role) => !held.orgRoles.includes(role)),
    ...requested.serviceRoles.filter((role) => !held.serviceRoles.includes(role)),
    ...requested.permissions.filter((permission) => !held.permissions.includes(permission)),
  ];
}

/**
 * What of `requested` `held` covers now (docs/architecture.md#effective-access: per exchange, so a role taken
 * from the user disappears from the next access token). Platform roles come only with "all roles".
 */
export function grantedScope(requested: ScopeLike, held: Holdings, services: ServiceCatalogue): Holdings {
  if (requested.allRoles) return held;
  const serviceRoles = requested.serviceRoles.filter((role) => held.serviceRoles.includes(role));
  const permissions = new Set([
    ...expandServiceRoles(serviceRoles, services),
    ...requested.permissions.filter((permission) => held.permissions.includes(permission)),
  ]);
  return {
    orgRoles: requested.orgRoles.filter((role) => held.orgRoles.includes(role)),
    serviceRoles,
    permissions: [...permissions].sort(),
    platformRoles: [],
  };
}

/**
 * The part of `granted` that belongs to the given services: their roles and permissions, and nothing else. Org
 * and platform roles are Keyward's own, so a token for another service's audience (RFC 8707) never carries them.
 */
export function onlyServices(granted: Holdings, serviceIds: readonly string[]): Holdings {
  const ours = (qualified: string) => serviceIds.includes(qualified.slice(0, qualified.indexOf(':')));
  return {
    orgRoles: [],
    serviceRoles: granted.serviceRoles.filter(ours),
    permissions: granted.permissions.filter(ours),
    platformRoles: [],
  };
}

/**
 * CSP's perms (docs/wire/csp.md#perms): `csp:<orgRole>`, `csp:<platformRole>`, `external/<serviceId>/<role>`
 * for service roles, and `external/<serviceId>/<serviceId>:<permission>` for permissions (a permission keeps
 * its `:`, which no role name has, so the two never collide).
 */
export function toPerms(granted: Holdings): string[] {
  const external = (qualified: string) => `external/${qualified.slice(0, qualified.indexOf(':'))}/`;
  return [
    ...granted.platformRoles.map((role) => `csp:${role}`),
    ...granted.orgRoles.map((role) => `csp:${role}`),
    ...granted.serviceRoles.map((role) => `${external(role)}${role.slice(role.indexOf(':') + 1)}`),
    ...granted.permissions.map((permission) => `${external(permission)}${permission}`),
  ];
}

/** The inverse of toPerms, for access tokens presented back to Keyward; unknown entries are ignored. */
export function fromPerms(perms: readonly string[]): Holdings {
  const held: Holdings = { orgRoles: [], serviceRoles: [], permissions: [], platformRoles: [] };
  for (const perm of perms) {
    if (perm.startsWith('csp:')) {
      const role = perm.slice(4);
      if (isOrgRole(role)) held.orgRoles.push(role);
      else if (role === 'platform_operator') held.platformRoles.push(role);
      continue;
    }
    const match = /^external\/([^/]+)\/(.+)$/.exec(perm);
    if (!match) continue;
    const [, serviceId, rest] = match as unknown as [string, string, string];
    if (rest.includes(':')) held.permissions.push(rest);
    else held.serviceRoles.push(`${serviceId}:${rest}`);
  }
  return held;
}
