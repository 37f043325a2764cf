import type { Clock } from '../core/clock.js';
import { accessTokenRevocation } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import type { OAuthStore } from './store.js';

/** The store the revocation list reads. */
export interface RevocationStores {
  oauth: OAuthStore;
  revocations: RevocationStore;
}

export const REVOCATION_TOPIC = 'revoked_access_token';
const RELOAD_AFTER_MS = 2000;

/**
 * Access tokens revoked before they expire (RFC 7009), held in memory: revocations are rare and short-lived
 * (at most the access-token lifetime), so the whole list fits, and checking a token costs a set lookup.
 * Reloaded when any node revokes (bus) and every two seconds at most.
 */
export class RevocationList {
  #jtis = new Set<string>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(
    private readonly deps: { storage: Transactional<RevocationStores>; clock: Clock; bus: InvalidationBus },
  ) {
    deps.bus.subscribe(REVOCATION_TOPIC, (jti) => {
      this.#jtis.add(jti);
      this.#loadedAt = Number.NEGATIVE_INFINITY;
    });
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.deps.clock.now() - this.#loadedAt > RELOAD_AFTER_MS) await this.#reload();
    return this.#jtis.has(jti);
  }

  async revoke(jti: string, expiresAt: number): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      await stores.oauth.revokeAccessToken(jti, expiresAt);
      await stores.revocations.append([accessTokenRevocation(jti, expiresAt, now)]);
    });
    await this.deps.bus.publish(REVOCATION_TOPIC, jti);
  }

  #reload(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const now = this.deps.clock.now();
        this.#jtis = new Set(await this.deps.storage.stores.oauth.liveRevokedAccessTokens(now));
        this.#loadedAt = now;
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }
}
