import { TtlCache } from '../core/cache.js';
import type { Clock } from '../core/clock.js';
import { type ServerKey, safeEqual } from '../core/server-key.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import type { AppGrant, AppGrantStore } from './grant-store.js';
import { CLIENT_SECRET_HASH_PURPOSE } from './secrets.js';
import type { AppSecret, OAuthApp, OAuthAppStore } from './store.js';

/** The stores the app directory reads through its caches. */
export interface AppDirectoryStores {
  apps: OAuthAppStore;
  appGrants: AppGrantStore;
}

export const APP_TOPICS = { app: 'oauth_app', grant: 'app_grant' } as const;
export const grantKey = (appId: string, orgId: string) => `${appId}:${orgId}`;

const TTL_MS = 2000;

/**
 * Cached reads for client authentication and client_credentials, the hottest OAuth path: an app, its live
 * secrets, and its grant in an org. Writers announce changes on the bus; entries also expire after 2 s.
 */
export class AppDirectory {
  readonly #apps: TtlCache<string, { app: OAuthApp; secrets: AppSecret[] } | null>;
  readonly #grants: TtlCache<string, AppGrant | null>;

  constructor(
    private readonly deps: {
      storage: Transactional<AppDirectoryStores>;
      clock: Clock;
      bus: InvalidationBus;
      serverKey: ServerKey;
    },
  ) {
    const { clock, bus } = deps;
    this.#apps = new TtlCache({ maxEntries: 50_000, ttlMs: TTL_MS, clock });
    this.#grants = new TtlCache({ maxEntries: 100_000, ttlMs: TTL_MS, clock });
    bus.subscribe(APP_TOPICS.app, (id) => this.#apps.delete(id));
    bus.subscribe(APP_TOPICS.grant, (key) => this.#grants.delete(key));
  }

  async app(id: string): Promise<OAuthApp | undefined> {
    return (await this.#entry(id))?.app;
  }

  async grant(appId: string, orgId: string): Promise<AppGrant | undefined> {
    const grant = await this.#grants.getOrLoad(grantKey(appId, orgId), async () => {
      return (await this.deps.storage.stores.appGrants.find(appId, orgId)) ?? null;
    });
    return grant ?? undefined;
  }

  hashSecret(secret: string): string {
    return this.deps.serverKey.hashSecret(CLIENT_SECRET_HASH_PURPOSE, secret);
  }

  /** Whether `secret` is one of the app's live secrets (constant-time comparison of keyed hashes). */
  async checkSecret(appId: string, secret: string): Promise<boolean> {
    const entry = await this.#entry(appId);
    if (!entry) return false;
    const presented = this.hashSecret(secret);
    const now = this.deps.clock.now();
    let match = false;
    // Compare against every live secret, so the time spent does not tell which one matched.
    for (const stored of entry.secrets) {
      if (safeEqual(stored.secretHash, presented) && (stored.expiresAt === null || stored.expiresAt > now))
        match = true;
    }
    return match;
  }

  async #entry(id: string) {
    const entry = await this.#apps.getOrLoad(id, async () => {
      const { stores } = this.deps.storage;
      const app = await stores.apps.findById(id);
      return app ? { app, secrets: await stores.apps.liveSecrets(id, this.deps.clock.now()) } : null;
    });
    return entry ?? undefined;
  }
}
