import { ApiError } from './errors.js';
import type { Caller } from './principal.js';
import { ORG_ROLES, type OrgRole, type PlatformRole } from './roles.js';

/** What a caller holds in one org right now: membership ∩ the credential's scope. */
export interface OrgAccess {
  orgId: string;
  caller: Caller;
  orgRoles: readonly OrgRole[];
  serviceRoles: readonly string[];
}

export interface Requirement {
  /** Any one of these org roles. */
  anyOrgRole?: readonly OrgRole[];
  /** Only a person may do this, never an app (e.g. generate an API token). */
  userOnly?: boolean;
}

/** Membership roles reduced by the credential's scope; `system` holds every role. */
export function effectiveOrgAccess(
  caller: Caller,
  orgId: string,
  membership: { orgRoles: readonly OrgRole[]; serviceRoles: readonly string[] } | undefined,
): OrgAccess {
  const { principal } = caller;
  if (principal.kind === 'system') return { orgId, caller, orgRoles: ORG_ROLES, serviceRoles: [] };
  if (principal.orgId !== null && principal.orgId !== orgId) {
    throw new ApiError(
      'auth.forbidden',
      `this credential was issued for organization ${principal.orgId} and cannot act in another one`,
    );
  }
  if (!membership) throw orgNotFound(orgId);
  const scope = principal.scope;
  if (scope === null || scope.allRoles) {
    return { orgId, caller, orgRoles: membership.orgRoles, serviceRoles: membership.serviceRoles };
  }
  return {
    orgId,
    caller,
    orgRoles: membership.orgRoles.filter((role) => scope.orgRoles.includes(role)),
    serviceRoles: membership.serviceRoles.filter((role) => scope.serviceRoles.includes(role)),
  };
}

/** The single decision point for org-scoped actions. Throws auth.forbidden naming what was missing. */
export function authorize(access: OrgAccess, requirement: Requirement): void {
  const { principal } = access.caller;
  if (principal.kind === 'system') return;
  if (requirement.userOnly && principal.kind !== 'user') {
    throw new ApiError('auth.forbidden', 'only a user may do this; an application credential cannot');
  }
  const roles = requirement.anyOrgRole;
  if (roles && !roles.some((role) => access.orgRoles.includes(role))) {
    const held = access.orgRoles.length > 0 ? access.orgRoles.join(', ') : 'no org role';
    throw new ApiError(
      'auth.forbidden',
      `this needs the org role ${roles.join(' or ')} in organization ${access.orgId}; the caller has ${held}`,
      { requiredAnyOf: [...roles], held: [...access.orgRoles] },
    );
  }
}

/**
 * What belongs to a person (their API tokens, consents, consumer applications) is managed by that person only,
 * never by an application credential or the operator's command line. `refusal` says, in the caller's terms, what
 * was refused. Returns the user's id.
 */
export function requireUser(caller: Caller, refusal: string): string {
  if (caller.principal.kind !== 'user') throw new ApiError('auth.forbidden', refusal);
  return caller.principal.subjectId;
}

/** Platform-wide actions (registering services, managing users) need a platform role. */
export function authorizePlatform(caller: Caller, role: PlatformRole): void {
  const { principal } = caller;
  if (principal.kind === 'system') return;
  const scoped = principal.scope !== null && !principal.scope.allRoles;
  if (principal.kind !== 'user' || scoped || !principal.platformRoles.includes(role)) {
    throw new ApiError('auth.forbidden', `this needs the platform role ${role}`, { required: role });
  }
}

export function orgNotFound(orgId: string): ApiError {
  return new ApiError(
    'org.not_found',
    `organization ${orgId} does not exist or you are not a member; GET /api/v1/orgs lists yours`,
  );
}
