import type { Clock } from '../core/clock.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import { FEED_PAGE, FEED_TOPIC } from './feed.js';
import type { Revocation, RevocationStore } from './store.js';

/** How long the index is used without reading the feed again, when no notification came. */
const RELOAD_AFTER_MS = 2000;

/** What an access token is checked by: its claims as Keyward minted them. `issuedAt` in milliseconds. */
export interface IndexedToken {
  jti: string;
  credential: { type: string; id: string };
  subject: string;
  orgId: string;
  clientId: string;
  issuedAt: number;
}

/**
 * The revocation feed's live entries in this process, so Keyward's own checks (its API, introspection) refuse
 * exactly what verifiers refuse — e.g. a client_credentials token after its app's secret was regenerated. Read
 * incrementally from the last position: at once after a notification, else every two seconds at most.
 */
export class RevocationIndex {
  readonly #entries = new Map<string, Revocation>();
  #position = 0;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      store: Pick<RevocationStore, 'listAfter'>;
      clock: Clock;
      bus: Pick<InvalidationBus, 'subscribe'>;
    },
  ) {
    deps.bus.subscribe(FEED_TOPIC, () => {
      this.#loadedAt = Number.NEGATIVE_INFINITY;
    });
  }

  /** Why the token is refused, or undefined. */
  async refuses(token: IndexedToken): Promise<string | undefined> {
    if (this.deps.clock.now() - this.#loadedAt > RELOAD_AFTER_MS) await this.#reload();
    const keys = [
      `token ${token.jti}`,
      `credential ${token.credential.type} ${token.credential.id}`,
      `subject ${token.subject}`,
      `subject ${token.subject} ${token.orgId}`,
      `client ${token.clientId}`,
    ];
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry && (entry.issuedBefore === undefined || token.issuedAt <= entry.issuedBefore))
        return entry.reason;
    }
    return undefined;
  }

  #reload(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const now = this.deps.clock.now();
        for (;;) {
          const page = await this.deps.store.listAfter(this.#position, FEED_PAGE);
          for (const entry of page) {
            const key = keyOf(entry);
            const held = this.#entries.get(key);
            // The later revocation of one target covers the earlier one's tokens too.
            if (!held || (held.issuedBefore ?? Infinity) <= (entry.issuedBefore ?? Infinity)) {
              this.#entries.set(key, entry);
            }
            this.#position = entry.position;
          }
          if (page.length < FEED_PAGE) break;
        }
        for (const [key, entry] of this.#entries) if (entry.keepUntil <= now) this.#entries.delete(key);
        this.#loadedAt = now;
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }
}

function keyOf({ target }: Revocation): string {
  switch (target.kind) {
    case 'token':
      return `token ${target.jti}`;
    case 'credential':
      return `credential ${target.type} ${target.id}`;
    case 'subject':
      return target.orgId === undefined
        ? `subject ${target.subject}`
        : `subject ${target.subject} ${target.orgId}`;
    case 'client':
      return `client ${target.clientId}`;
  }
}
