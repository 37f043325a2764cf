import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorize, type OrgAccess } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { Caller } from '../../core/principal.js';
import { normalizeRoles, type OrgRole } from '../../core/roles.js';
import { revocationOf } from '../../revocations/entries.js';
import type { RevocationStore } from '../../revocations/store.js';
import type { InvalidationBus } from '../../storage/invalidation.js';
import type { Transactional } from '../../storage/transactional.js';
import { memberKey, TOPICS } from '../directory.js';
import type { InvitationService } from '../invitations/service.js';
import type { Invitation } from '../invitations/store.js';
import type { OrgStore } from '../orgs/store.js';
import { assertServiceRolesExist } from '../services/service.js';
import type { ServiceStore } from '../services/store.js';
import { normalizeEmail } from '../users/service.js';
import type { UserStore } from '../users/store.js';
import type { AccessStores } from './access.js';
import { resolveOrgAccess } from './access.js';
import type { Member, MemberStore, Membership } from './store.js';

/** The stores MemberService reads and writes. */
export interface MemberServiceStores extends AccessStores {
  members: MemberStore;
  orgs: OrgStore;
  users: UserStore;
  audit: AuditStore;
  services: ServiceStore;
  revocations: RevocationStore;
}

export interface MemberRoles {
  orgRoles: OrgRole[];
  serviceRoles: string[];
}

export const MANAGERS: readonly OrgRole[] = ['org_owner', 'org_admin'];

/**
 * Membership rules: owners manage everything; admins manage other members but never owners; only owners grant
 * or remove org_owner; an organization always keeps at least one owner; anyone may leave (unless last owner).
 */
export class MemberService {
  constructor(
    private readonly deps: {
      storage: Transactional<MemberServiceStores>;
      clock: Clock;
      bus: InvalidationBus;
      invitations: Pick<InvitationService, 'invite'>;
    },
  ) {}

  /**
   * Adds the account that uses `email`, or, when none does, invites the address with the same roles (the
   * invitation's rules are the same as adding: owners and admins, only owners grant org_owner).
   */
  async addOrInvite(
    caller: Caller,
    orgId: string,
    input: { email: string } & MemberRoles,
  ): Promise<{ member: Member } | { invitation: Invitation }> {
    const known = await this.deps.storage.stores.users.findByEmail(normalizeEmail(input.email));
    return known
      ? { member: await this.add(caller, orgId, input) }
      : { invitation: await this.deps.invitations.invite(caller, orgId, input) };
  }

  /** Every member sees the list; roles are for owners and admins (`withRoles`). */
  async list(
    caller: Caller,
    orgId: string,
    page: PageRequest,
  ): Promise<{ page: PageResult<Member>; withRoles: boolean }> {
    const { stores } = this.deps.storage;
    const access = await resolveOrgAccess(stores, caller, orgId);
    const withRoles =
      access.caller.principal.kind === 'system' || MANAGERS.some((r) => access.orgRoles.includes(r));
    return { page: await stores.members.listByOrg(orgId, page), withRoles };
  }

  async add(caller: Caller, orgId: string, input: { email: string } & MemberRoles): Promise<Member> {
    const roles = normalizeMemberRoles(input);
    const now = this.deps.clock.now();
    const member = await this.deps.storage.transaction(async (stores) => {
      await stores.orgs.lock(orgId);
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: MANAGERS });
      requireOwnerFor(access, [], roles.orgRoles);
      await assertServiceRolesExist(stores, roles.serviceRoles);
      const email = normalizeEmail(input.email);
      const user = await stores.users.findByEmail(email);
      if (!user) {
        throw new ApiError(
          'user.not_found',
          `no Keyward account uses ${email}; an operator creates accounts (keyward admin create-user or POST /api/v1/users)`,
        );
      }
      if (await stores.members.find(orgId, user.id)) {
        throw new ApiError(
          'member.exists',
          `${email} is already a member; PUT .../members/${user.id} changes roles`,
        );
      }
      const membership: Membership = { orgId, userId: user.id, ...roles, createdAt: now, updatedAt: now };
      await stores.members.insert(membership);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'member.added',
          orgId,
          target: { kind: 'user', id: user.id },
          details: { ...roles },
        }),
      ]);
      return { ...membership, email: user.email, name: user.name, disabled: user.disabledAt !== null };
    });
    await this.deps.bus.publish(TOPICS.member, memberKey(orgId, member.userId));
    return member;
  }

  async update(caller: Caller, orgId: string, userId: string, input: MemberRoles): Promise<Membership> {
    const roles = normalizeMemberRoles(input);
    const now = this.deps.clock.now();
    const updated = await this.deps.storage.transaction(async (stores) => {
      await stores.orgs.lock(orgId);
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: MANAGERS });
      const current = await findMember(stores, orgId, userId);
      if (caller.principal.subjectId === userId && !access.orgRoles.includes('org_owner')) {
        throw new ApiError('member.self_change', 'an admin cannot change their own roles; ask an owner');
      }
      requireOwnerFor(access, current.orgRoles, roles.orgRoles);
      await assertServiceRolesExist(stores, roles.serviceRoles);
      await stores.members.updateRoles(orgId, userId, roles, now);
      await requireAnOwner(stores, orgId);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'member.roles_changed',
          orgId,
          target: { kind: 'user', id: userId },
          details: { from: { orgRoles: current.orgRoles, serviceRoles: current.serviceRoles }, to: roles },
        }),
      ]);
      return { ...current, ...roles, updatedAt: now };
    });
    await this.deps.bus.publish(TOPICS.member, memberKey(orgId, userId));
    return updated;
  }

  async remove(caller: Caller, orgId: string, userId: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      await stores.orgs.lock(orgId);
      const access = await resolveOrgAccess(stores, caller, orgId);
      const leaving = caller.principal.kind === 'user' && caller.principal.subjectId === userId;
      if (!leaving) authorize(access, { anyOrgRole: MANAGERS });
      const current = await findMember(stores, orgId, userId);
      if (!leaving) requireOwnerFor(access, current.orgRoles, []);
      await stores.members.delete(orgId, userId);
      await requireAnOwner(stores, orgId);
      await stores.revocations.append([
        revocationOf({ kind: 'subject', subject: userId, orgId }, now, `removed from organization ${orgId}`),
      ]);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: leaving ? 'member.left' : 'member.removed',
          orgId,
          target: { kind: 'user', id: userId },
          details: { orgRoles: current.orgRoles, serviceRoles: current.serviceRoles },
        }),
      ]);
    });
    await this.deps.bus.publish(TOPICS.member, memberKey(orgId, userId));
  }
}

export function normalizeMemberRoles(input: MemberRoles): MemberRoles {
  const orgRoles = normalizeRoles(input.orgRoles);
  if (orgRoles.length === 0) {
    throw new ApiError('request.invalid', 'a member needs at least one org role, e.g. ["org_member"]', {
      field: 'orgRoles',
    });
  }
  return { orgRoles, serviceRoles: normalizeRoles(input.serviceRoles) };
}

/** Only owners may touch org_owner: granting it, removing it, or changing/removing a member who holds it. */
export function requireOwnerFor(
  access: OrgAccess,
  before: readonly OrgRole[],
  after: readonly OrgRole[],
): void {
  if (!before.includes('org_owner') && !after.includes('org_owner')) return;
  if (access.caller.principal.kind === 'system' || access.orgRoles.includes('org_owner')) return;
  throw new ApiError('member.owner_only', 'only an organization owner may grant, change or remove an owner');
}

async function findMember(stores: MemberServiceStores, orgId: string, userId: string): Promise<Membership> {
  const membership = await stores.members.find(orgId, userId);
  if (!membership)
    throw new ApiError('member.not_found', `user ${userId} is not a member of organization ${orgId}`);
  return membership;
}

/** Checked after the write, inside the transaction: a violation rolls the change back. */
async function requireAnOwner(stores: MemberServiceStores, orgId: string): Promise<void> {
  if ((await stores.members.countOwners(orgId)) === 0) {
    throw new ApiError(
      'org.last_owner',
      'an organization must keep at least one owner; make another member org_owner first',
    );
  }
}
