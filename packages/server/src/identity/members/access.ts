import { effectiveOrgAccess, type OrgAccess, orgNotFound } from '../../core/authorize.js';
import type { Caller } from '../../core/principal.js';
import type { OrgRole } from '../../core/roles.js';
import type { OrgStore } from '../orgs/store.js';
import type { MemberStore } from './store.js';

/**
 * The stores access is resolved from. A server app acts through its grant in the org, kept by the apps domain
 * (apps/grant-store.ts), which sits above identity: this is the one method read from it.
 */
export interface AccessStores {
  orgs: Pick<OrgStore, 'findById'>;
  members: Pick<MemberStore, 'find'>;
  appGrants: {
    find(
      appId: string,
      orgId: string,
    ): Promise<{ orgRoles: readonly OrgRole[]; serviceRoles: readonly string[] } | undefined>;
  };
}

/** What `caller` may do in `orgId` right now; org.not_found when they are not in it (no existence leak). */
export async function resolveOrgAccess(
  stores: AccessStores,
  caller: Caller,
  orgId: string,
): Promise<OrgAccess> {
  const { principal } = caller;
  if (principal.kind === 'system') {
    if (!(await stores.orgs.findById(orgId))) throw orgNotFound(orgId);
    return effectiveOrgAccess(caller, orgId, undefined);
  }
  // A user acts through their membership, an app through its grant (docs/architecture.md#effective-access).
  const membership =
    principal.kind === 'user'
      ? await stores.members.find(orgId, principal.subjectId)
      : principal.kind === 'app'
        ? await stores.appGrants.find(principal.subjectId, orgId)
        : undefined;
  return effectiveOrgAccess(caller, orgId, membership);
}
