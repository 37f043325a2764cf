import { TtlCache } from '../core/cache.js';
import type { Clock } from '../core/clock.js';
import type { ServerKey } from '../core/server-key.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { API_TOKEN_HASH_PURPOSE } from './format.js';
import type { OrgPolicy, OrgPolicyStore } from './policy-store.js';
import type { ApiToken, ApiTokenStore } from './store.js';

/** The stores the API token directory reads through its caches. */
export interface ApiTokenDirectoryStores {
  apiTokens: ApiTokenStore;
  orgPolicies: OrgPolicyStore;
}

export const API_TOKEN_TOPICS = { token: 'api_token', policy: 'org_policy' } as const;

const TTL_MS = 2000;

/**
 * Cached reads for the exchange and for bearer checks: a token by id (invalidated when its state changes),
 * the immutable mapping from a token's keyed hash to its id, and org policies.
 */
export class ApiTokenDirectory {
  readonly #byId: TtlCache<string, ApiToken>;
  // A hash never changes owner, so this mapping needs no invalidation; the state lives in #byId.
  readonly #idByHash: TtlCache<string, string>;
  readonly #policies: TtlCache<string, OrgPolicy | null>;

  constructor(
    private readonly deps: {
      storage: Transactional<ApiTokenDirectoryStores>;
      clock: Clock;
      bus: InvalidationBus;
      serverKey: ServerKey;
    },
  ) {
    const { clock, bus } = deps;
    this.#byId = new TtlCache({ maxEntries: 100_000, ttlMs: TTL_MS, clock });
    this.#idByHash = new TtlCache({ maxEntries: 100_000, ttlMs: 60 * 60 * 1000, clock });
    this.#policies = new TtlCache({ maxEntries: 10_000, ttlMs: TTL_MS, clock });
    bus.subscribe(API_TOKEN_TOPICS.token, (id) => this.#byId.delete(id));
    bus.subscribe(API_TOKEN_TOPICS.policy, (orgId) => this.#policies.delete(orgId));
  }

  hashOf(tokenValue: string): string {
    return this.deps.serverKey.hashSecret(API_TOKEN_HASH_PURPOSE, tokenValue);
  }

  async findByValue(tokenValue: string): Promise<ApiToken | undefined> {
    const hash = this.hashOf(tokenValue);
    const id = this.#idByHash.get(hash);
    if (id) return this.findById(id);
    const token = await this.deps.storage.stores.apiTokens.findByHash(hash);
    if (token) {
      this.#idByHash.set(hash, token.id);
      this.#byId.set(token.id, token);
    }
    return token;
  }

  findById(id: string): Promise<ApiToken | undefined> {
    return this.#byId.getOrLoad(id, () => this.deps.storage.stores.apiTokens.findById(id));
  }

  async policy(orgId: string): Promise<OrgPolicy | undefined> {
    const policy = await this.#policies.getOrLoad(orgId, async () => {
      return (await this.deps.storage.stores.orgPolicies.find(orgId)) ?? null;
    });
    return policy ?? undefined;
  }
}
