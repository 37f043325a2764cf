import { TtlCache } from '../core/cache.js';
import type { Clock } from '../core/clock.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import type { MemberStore, Membership } from './members/store.js';
import type { Service, ServiceStore } from './services/store.js';
import type { User, UserStore } from './users/store.js';

/** The stores the identity directory reads through its caches. */
export interface IdentityStores {
  users: UserStore;
  members: MemberStore;
  services: ServiceStore;
}

/** Topics announced on the invalidation bus when identity rows change. */
export const TOPICS = {
  user: 'user',
  member: 'member',
  services: 'services',
} as const;

export const memberKey = (orgId: string, userId: string) => `${orgId}:${userId}`;

const TTL_MS = 2000;

/**
 * Cached reads of users, memberships and the service catalogue for the hot paths (token exchange, bearer
 * checks). Writers announce changes on the bus; entries also expire after two seconds.
 */
export class IdentityDirectory {
  readonly #users: TtlCache<string, User>;
  readonly #memberships: TtlCache<string, Membership | null>;
  readonly #services: TtlCache<'all', ReadonlyMap<string, Service>>;

  constructor(
    private readonly deps: { storage: Transactional<IdentityStores>; clock: Clock; bus: InvalidationBus },
  ) {
    const { clock, bus } = deps;
    this.#users = new TtlCache({ maxEntries: 50_000, ttlMs: TTL_MS, clock });
    this.#memberships = new TtlCache({ maxEntries: 100_000, ttlMs: TTL_MS, clock });
    this.#services = new TtlCache({ maxEntries: 1, ttlMs: TTL_MS, clock });
    bus.subscribe(TOPICS.user, (id) => this.#users.delete(id));
    bus.subscribe(TOPICS.member, (key) => this.#memberships.delete(key));
    bus.subscribe(TOPICS.services, () => this.#services.clear());
  }

  user(id: string): Promise<User | undefined> {
    return this.#users.getOrLoad(id, () => this.deps.storage.stores.users.findById(id));
  }

  async membership(orgId: string, userId: string): Promise<Membership | undefined> {
    // null is cached too: a non-member is asked about as often as a member.
    const found = await this.#memberships.getOrLoad(memberKey(orgId, userId), async () => {
      return (await this.deps.storage.stores.members.find(orgId, userId)) ?? null;
    });
    return found ?? undefined;
  }

  async services(): Promise<ReadonlyMap<string, Service>> {
    const map = await this.#services.getOrLoad('all', async () => {
      const { items } = await this.deps.storage.stores.services.list({ pageStart: 1, pageLimit: 100_000 });
      return new Map(items.map((service) => [service.id, service]));
    });
    return map ?? new Map();
  }
}
