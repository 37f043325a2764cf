import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorize, authorizePlatform } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import type { Lockout, LockoutStore } from '../../core/lockouts.js';
import type { Caller } from '../../core/principal.js';
import type { Transactional } from '../../storage/transactional.js';
import { type AccessStores, resolveOrgAccess } from '../members/access.js';
import type { MemberStore } from '../members/store.js';
import type { UserStore } from '../users/store.js';

/** The stores LockoutService reads and writes. */
export interface LockoutServiceStores extends AccessStores {
  lockouts: LockoutStore;
  members: MemberStore;
  users: Pick<UserStore, 'findById'>;
  audit: AuditStore;
}

/** A lockout as owners and operators see it: the account's e-mail, never the bucket's key. */
export interface LockoutView extends Omit<Lockout, 'key'> {
  email: string | null;
}

/** An org owner sees the lockouts of this many members at most (the first by e-mail). */
const MEMBERS_READ = 5_000;

/**
 * Who may see and lift lockouts (docs/accounts.md#lifting-a-lockout): operators every one; an org owner those of
 * the org's members. Lifting ends the lockout and its back-off streak, and is audited.
 */
export class LockoutService {
  constructor(
    private readonly deps: {
      storage: Transactional<LockoutServiceStores>;
      clock: Clock;
      /** Tells every node's hot-path memo that `key` is no longer locked. */
      lifted: (key: string) => Promise<void>;
    },
  ) {}

  async listAll(caller: Caller): Promise<LockoutView[]> {
    authorizePlatform(caller, 'platform_operator');
    return this.#views(await this.deps.storage.stores.lockouts.listLocked(this.deps.clock.now()));
  }

  async listForOrg(caller: Caller, orgId: string): Promise<LockoutView[]> {
    const userIds = await this.#memberIds(caller, orgId);
    return this.#views(await this.deps.storage.stores.lockouts.listLocked(this.deps.clock.now(), userIds));
  }

  async liftAny(caller: Caller, id: string): Promise<void> {
    authorizePlatform(caller, 'platform_operator');
    await this.#lift(caller, id, null);
  }

  async liftForOrg(caller: Caller, orgId: string, id: string): Promise<void> {
    const userIds = await this.#memberIds(caller, orgId);
    await this.#lift(caller, id, { orgId, userIds: new Set(userIds) });
  }

  async #lift(
    caller: Caller,
    id: string,
    org: { orgId: string; userIds: Set<string> } | null,
  ): Promise<void> {
    const { storage, clock } = this.deps;
    const lockout = await storage.stores.lockouts.findById(id);
    const now = clock.now();
    const visible =
      lockout?.lockedUntil != null &&
      lockout.lockedUntil > now &&
      (!org || (lockout.userId !== null && org.userIds.has(lockout.userId)));
    if (!lockout || !visible) throw lockoutNotFound(id, org?.orgId ?? null);
    await storage.transaction(async (stores) => {
      await stores.lockouts.lift(id);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'lockout.lifted',
          orgId: org?.orgId ?? null,
          target: lockout.userId
            ? { kind: 'user', id: lockout.userId }
            : lockout.subject
              ? { kind: 'app', id: lockout.subject }
              : { kind: 'address', id: lockout.address ?? 'unknown' },
          details: { lockoutId: id, scope: lockout.scope, address: lockout.address },
        }),
      ]);
    });
    await this.deps.lifted(lockout.key);
  }

  async #memberIds(caller: Caller, orgId: string): Promise<string[]> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: ['org_owner'] });
    const members = await stores.members.listByOrg(orgId, { pageStart: 1, pageLimit: MEMBERS_READ });
    return members.items.map((member) => member.userId);
  }

  async #views(lockouts: Lockout[]): Promise<LockoutView[]> {
    const { users } = this.deps.storage.stores;
    return Promise.all(
      lockouts.map(async ({ key: _key, ...lockout }) => ({
        ...lockout,
        email: lockout.userId ? ((await users.findById(lockout.userId))?.email ?? null) : null,
      })),
    );
  }
}

function lockoutNotFound(id: string, orgId: string | null): ApiError {
  return new ApiError(
    'lockout.not_found',
    orgId
      ? `no current lockout ${id} of a member of this organization; GET /api/v1/orgs/${orgId}/lockouts lists them`
      : `no current lockout ${id}; GET /api/v1/lockouts lists them`,
  );
}
