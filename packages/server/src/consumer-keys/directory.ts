import type { OAuthAppStore } from '../apps/store.js';
import { TtlCache } from '../core/cache.js';
import type { Clock } from '../core/clock.js';
import type { ServerKey } from '../core/server-key.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { appSecretContext, CONSUMER_KEY_HASH_PURPOSE } from './format.js';
import { IpAllowList } from './ip-blocks.js';
import { RuleMatcher } from './rules.js';
import type { ConsumerApp, ConsumerCredential, ConsumerKeyStore } from './store.js';

/** The stores the consumer-key directory reads through its caches. */
export interface ConsumerKeyDirectoryStores {
  consumerKeys: ConsumerKeyStore;
  apps: OAuthAppStore;
}

export const CONSUMER_KEY_TOPICS = { app: 'consumer_app', credential: 'consumer_credential' } as const;

const TTL_MS = 2000;

/** An application with its secret opened, ready to check signatures. Never leaves the process. */
export interface LoadedApp {
  app: ConsumerApp;
  secret: string;
}

/** A credential with its rules and address list compiled. */
export interface LoadedCredential {
  credential: ConsumerCredential;
  rules: RuleMatcher;
  allowedIps: IpAllowList;
}

/**
 * Cached reads for signed calls (docs/architecture.md#hot-paths): an app by key (secret opened once), the
 * immutable mapping from a consumer key's hash to its credential id, and the credential by id, invalidated on
 * every state change through the bus.
 */
export class ConsumerKeyDirectory {
  readonly #apps: TtlCache<string, LoadedApp | null>;
  readonly #credentials: TtlCache<number, LoadedCredential>;
  // A consumer key never changes credential, so this mapping needs no invalidation.
  readonly #idByHash: TtlCache<string, number>;

  constructor(
    private readonly deps: {
      storage: Transactional<ConsumerKeyDirectoryStores>;
      clock: Clock;
      bus: InvalidationBus;
      serverKey: ServerKey;
    },
  ) {
    const { clock, bus } = deps;
    this.#apps = new TtlCache({ maxEntries: 20_000, ttlMs: TTL_MS, clock });
    this.#credentials = new TtlCache({ maxEntries: 100_000, ttlMs: TTL_MS, clock });
    this.#idByHash = new TtlCache({ maxEntries: 100_000, ttlMs: 60 * 60 * 1000, clock });
    bus.subscribe(CONSUMER_KEY_TOPICS.app, (appKey) => this.#apps.delete(appKey));
    bus.subscribe(CONSUMER_KEY_TOPICS.credential, (id) => this.#credentials.delete(Number(id)));
  }

  hashOf(consumerKey: string): string {
    return this.deps.serverKey.hashSecret(CONSUMER_KEY_HASH_PURPOSE, consumerKey);
  }

  /** The application with this key; unknown keys are cached too, briefly, as they are asked about as often. */
  async app(appKey: string): Promise<LoadedApp | undefined> {
    const found = await this.#apps.getOrLoad(appKey, async () => {
      const app = await this.deps.storage.stores.consumerKeys.findAppByKey(appKey);
      if (!app) return null;
      const secret = this.deps.serverKey.decrypt(app.secretEnc, appSecretContext(app.id)).toString('utf8');
      return { app, secret };
    });
    return found ?? undefined;
  }

  async credentialByKey(consumerKey: string): Promise<LoadedCredential | undefined> {
    const hash = this.hashOf(consumerKey);
    const id = this.#idByHash.get(hash);
    if (id !== undefined) return this.credential(id);
    const credential = await this.deps.storage.stores.consumerKeys.findCredentialByKeyHash(hash);
    if (!credential) return undefined;
    this.#idByHash.set(hash, credential.id);
    const loaded = load(credential);
    this.#credentials.set(credential.id, loaded);
    return loaded;
  }

  credential(id: number): Promise<LoadedCredential | undefined> {
    return this.#credentials.getOrLoad(id, async () => {
      const credential = await this.deps.storage.stores.consumerKeys.findCredential(id);
      return credential && load(credential);
    });
  }
}

function load(credential: ConsumerCredential): LoadedCredential {
  return {
    credential,
    rules: new RuleMatcher(credential.rules),
    allowedIps: new IpAllowList(credential.allowedIps),
  };
}
