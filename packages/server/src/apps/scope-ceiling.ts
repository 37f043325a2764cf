import type { OrgAccess } from '../core/authorize.js';
import { ApiError } from '../core/errors.js';
import type { OrgRole } from '../core/roles.js';
import { exceededBy, holdingsOf, type ScopeSet } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { assertServiceRolesExist } from '../identity/services/service.js';
import type { ServiceStore } from '../identity/services/store.js';

/**
 * ASVS 10.4.11: an app may be configured only with roles its creator holds; "all roles" (a ceiling that the
 * grants and users' roles decide) only by owners and admins.
 */
export async function checkScopeCeiling(
  stores: { services: ServiceStore },
  access: OrgAccess,
  scopes: ScopeSet,
  services: Awaited<ReturnType<IdentityDirectory['services']>>,
): Promise<void> {
  await assertServiceRolesExist(stores, scopes.serviceRoles);
  if (access.caller.principal.kind === 'system') return;
  if (scopes.allRoles) {
    if (!access.orgRoles.some((role) => role === 'org_owner' || role === 'org_admin')) {
      throw new ApiError(
        'app.scope_exceeded',
        'only owners and admins may give an app all roles; list the roles instead',
        {
          refused: ['allRoles'],
        },
      );
    }
    return;
  }
  // Owners and admins may give any role they could give a member; others only what they hold.
  const implied: OrgRole[] = access.orgRoles.includes('org_owner')
    ? ['org_owner', 'org_admin', 'org_member', 'developer']
    : access.orgRoles.includes('org_admin')
      ? ['org_admin', 'org_member', 'developer']
      : [...access.orgRoles];
  const managesRoles = implied.includes('org_admin');
  const held = holdingsOf({ orgRoles: implied, serviceRoles: access.serviceRoles }, [], services);
  if (managesRoles) {
    held.serviceRoles = [...new Set([...held.serviceRoles, ...scopes.serviceRoles])];
    held.permissions = [...new Set([...held.permissions, ...scopes.permissions])];
  }
  const refused = exceededBy(scopes, held);
  if (refused.length > 0) {
    throw new ApiError(
      'app.scope_exceeded',
      `you cannot give an app ${refused.join(', ')}: you do not hold it`,
      { refused },
    );
  }
}
