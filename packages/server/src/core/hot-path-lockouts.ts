import type { Clock } from './clock.js';
import type { LockoutBucket, LockoutStore, Lockouts } from './lockouts.js';

/** The cross-node notification channel (storage/invalidation.ts's InvalidationBus). */
export interface LockoutBus {
  publish(topic: string, key: string): Promise<void>;
  subscribe(topic: string, handler: (key: string) => void): void;
}

const TOPIC = 'lockout';
/** A node re-reads a bucket's lock from the database at most this often (in the background). */
const REFRESH_MS = 2_000;
const MAX_KEYS = 100_000;

/**
 * Lockouts on hot paths (client secrets, API-token lookups, OVH-signed requests; DESIGN principle 5): the check
 * is a memory lookup, so a correct credential never waits on the database. Failures are counted in the shared
 * `lockouts` table (they may wait: they are failures); a lockout is told to every node at once through the
 * invalidation bus, and each node also re-reads a bucket it is asked about in the background at most every two
 * seconds, so a node that started late or missed a notification learns of it by the next request.
 */
export class HotPathLockouts {
  /** Known lock ends, and when each key was last read from the database. */
  readonly #known = new Map<string, { lockedUntil: number; readAt: number }>();

  constructor(
    private readonly deps: {
      lockouts: Pick<Lockouts, 'fail'>;
      store: Pick<LockoutStore, 'lockedUntil'>;
      clock: Clock;
      bus: LockoutBus;
    },
  ) {
    deps.bus.subscribe(TOPIC, (message) => {
      const space = message.indexOf(' ');
      const until = Number(message.slice(0, space));
      const key = message.slice(space + 1);
      this.#remember(key, until, this.deps.clock.now());
    });
  }

  /** Seconds `bucket` stays locked as this node knows it, or 0; never waits. */
  retryAfter(bucket: LockoutBucket): number {
    const now = this.deps.clock.now();
    const known = this.#known.get(bucket.key);
    if (!known || now - known.readAt >= REFRESH_MS) this.#refresh(bucket.key, now);
    const until = known?.lockedUntil ?? 0;
    return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : 0;
  }

  /** Counts a failure; a lockout it starts is known here at once and told to the other nodes. */
  async fail(bucket: LockoutBucket): Promise<void> {
    for (const locked of await this.deps.lockouts.fail([bucket])) {
      await this.deps.bus.publish(TOPIC, `${locked.lockedUntil} ${locked.key}`);
    }
  }

  /** A lockout lifted by an owner or operator: every node forgets it. */
  async lifted(key: string): Promise<void> {
    await this.deps.bus.publish(TOPIC, `0 ${key}`);
  }

  #refresh(key: string, now: number): void {
    // Marked as read first, so a burst of requests reads the database once.
    this.#remember(key, this.#known.get(key)?.lockedUntil ?? 0, now);
    const marked = this.#known.get(key);
    this.deps.store.lockedUntil([key]).then(
      (found) => {
        // A notification that arrived meanwhile is newer than this read: keep it.
        if (this.#known.get(key) === marked) this.#remember(key, found.get(key) ?? 0, now);
      },
      // The database is unreachable: keep what is known; the next request tries again.
      () => {
        if (this.#known.get(key) === marked) this.#known.delete(key);
      },
    );
  }

  #remember(key: string, lockedUntil: number, readAt: number): void {
    if (this.#known.size >= MAX_KEYS && !this.#known.has(key)) {
      const oldest = this.#known.keys().next();
      if (!oldest.done) this.#known.delete(oldest.value);
    }
    this.#known.set(key, { lockedUntil, readAt });
  }
}
