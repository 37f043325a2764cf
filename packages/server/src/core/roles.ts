/** Organization roles, with CSP's names (docs/wire/csp.md#organization-roles). */
export const ORG_ROLES = ['org_owner', 'org_admin', 'org_member', 'developer'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Roles that apply to the whole installation rather than to one organization. */
export const PLATFORM_ROLES = ['platform_operator'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}

/** Sorted, without duplicates: the stored form of any role list. */
export function normalizeRoles<T extends string>(roles: readonly T[]): T[] {
  return [...new Set(roles)].sort();
}
