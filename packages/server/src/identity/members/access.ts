import { effectiveOrgAccess, type OrgAccess, orgNotFound } from '../../core/authorize.js';
import type { Caller } from '../../core/principal.js';
import type { Stores } from '../../storage/stores.js';

/** What `caller` may do in `orgId` right now; org.not_found when they are not in it (no existence leak). */
export async function resolveOrgAccess(stores: Stores, caller: Caller, orgId: string): Promise<OrgAccess> {
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
