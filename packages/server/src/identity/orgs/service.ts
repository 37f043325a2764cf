import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorize, effectiveOrgAccess } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { newId } from '../../core/ids-and-secrets.js';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { Caller } from '../../core/principal.js';
import type { OrgRole } from '../../core/roles.js';
import type { Transactional } from '../../storage/transactional.js';
import type { AccessStores } from '../members/access.js';
import { resolveOrgAccess } from '../members/access.js';
import type { MemberStore } from '../members/store.js';
import { userNotFound } from '../users/service.js';
import type { UserStore } from '../users/store.js';
import type { Org, OrgStore, OrgWithRoles } from './store.js';

/** The stores OrgService reads and writes. */
export interface OrgServiceStores extends AccessStores {
  orgs: OrgStore;
  users: UserStore;
  members: MemberStore;
  audit: AuditStore;
}

export interface NewOrg {
  name: string;
  displayName?: string | undefined;
  /** Required for system callers (the CLI names the owner); users become the owner themselves. */
  ownerUserId?: string | undefined;
}

export class OrgService {
  constructor(
    private readonly deps: { storage: Transactional<OrgServiceStores>; clock: Clock; orgsPerUser: number },
  ) {}

  /** Creates an organization whose first owner is the caller (or, from the CLI, the named user). */
  async create(caller: Caller, input: NewOrg): Promise<OrgWithRoles> {
    const { principal } = caller;
    let ownerId: string;
    if (principal.kind === 'system') {
      if (!input.ownerUserId) throw new TypeError('a system caller must name the owner');
      ownerId = input.ownerUserId;
    } else if (principal.kind === 'user' && principal.scope === null) {
      ownerId = principal.subjectId;
    } else {
      throw new ApiError('auth.forbidden', 'organizations are created by a signed-in user, not with a token');
    }
    const now = this.deps.clock.now();
    const org: Org = {
      id: newId(),
      name: input.name.trim(),
      displayName: (input.displayName ?? input.name).trim(),
      createdAt: now,
      updatedAt: now,
      requireMfa: false,
    };
    const orgRoles: OrgRole[] = ['org_owner'];
    await this.deps.storage.transaction(async (stores) => {
      if (!(await stores.users.findById(ownerId))) throw userNotFound(ownerId);
      if (
        principal.kind !== 'system' &&
        (await stores.members.countOwnedBy(ownerId)) >= this.deps.orgsPerUser
      ) {
        throw new ApiError(
          'org.limit_reached',
          `you already own ${this.deps.orgsPerUser} organizations, the most one user may create; ` +
            'hand one over or ask an operator to raise KEYWARD_MAX_ORGS_PER_USER',
        );
      }
      await stores.orgs.insert(org);
      await stores.members.insert({
        orgId: org.id,
        userId: ownerId,
        orgRoles,
        serviceRoles: [],
        createdAt: now,
        updatedAt: now,
      });
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'org.created',
          orgId: org.id,
          target: { kind: 'org', id: org.id },
          details: { name: org.name, owner: ownerId },
        }),
      ]);
    });
    return { ...org, orgRoles, serviceRoles: [] };
  }

  /**
   * The organizations the caller's holder may act in. A user's: their memberships, and with a credential bound to
   * one org (an API token's access token) that org only. A server-to-server app's: every org that added it, with
   * the roles that org gave it, since the app gets a token for any of them (client_credentials with orgId); its
   * token acts in its own org only. The roles shown for the credential's own org are what it holds there now
   * (membership or grant ∩ its scope), as GET /orgs/{orgId} shows them.
   */
  async list(caller: Caller, page: PageRequest): Promise<PageResult<OrgWithRoles>> {
    const { principal } = caller;
    const { orgs } = this.deps.storage.stores;
    let result: PageResult<OrgWithRoles>;
    if (principal.kind === 'user') {
      result = await orgs.listForUser(principal.subjectId, page);
      if (principal.orgId !== null) {
        const items = result.items.filter((org) => org.id === principal.orgId);
        result = { items, total: items.length };
      }
    } else if (principal.kind === 'app') {
      result = await orgs.listForApp(principal.subjectId, page);
    } else {
      return { items: [], total: 0 };
    }
    return { ...result, items: result.items.map((org) => withCurrentRoles(caller, org)) };
  }

  async get(caller: Caller, orgId: string): Promise<OrgWithRoles> {
    const { stores } = this.deps.storage;
    const access = await resolveOrgAccess(stores, caller, orgId);
    const org = await stores.orgs.findById(orgId);
    if (!org) throw new ApiError('org.not_found', `organization ${orgId} does not exist`);
    return { ...org, orgRoles: [...access.orgRoles], serviceRoles: [...access.serviceRoles] };
  }

  async update(
    caller: Caller,
    orgId: string,
    changes: { name?: string; displayName?: string; requireMfa?: boolean },
  ): Promise<OrgWithRoles> {
    const now = this.deps.clock.now();
    const trimmed = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.displayName !== undefined ? { displayName: changes.displayName.trim() } : {}),
      ...(changes.requireMfa !== undefined ? { requireMfa: changes.requireMfa } : {}),
    };
    await this.deps.storage.transaction(async (stores) => {
      const access = await resolveOrgAccess(stores, caller, orgId);
      // Who must use a second factor is a security policy of the org: its owners decide it.
      authorize(access, {
        anyOrgRole: changes.requireMfa !== undefined ? ['org_owner'] : ['org_owner', 'org_admin'],
      });
      await stores.orgs.update(orgId, trimmed, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'org.updated',
          orgId,
          target: { kind: 'org', id: orgId },
          details: trimmed,
        }),
      ]);
    });
    return this.get(caller, orgId);
  }
}

/** The roles of the credential's own org narrowed to its scope; other orgs as listed. */
function withCurrentRoles(caller: Caller, org: OrgWithRoles): OrgWithRoles {
  if (caller.principal.orgId !== org.id) return org;
  const access = effectiveOrgAccess(caller, org.id, org);
  return { ...org, orgRoles: [...access.orgRoles], serviceRoles: [...access.serviceRoles] };
}
