import type { Clock } from './clock.js';

/** What a bucket counts failures of; the console and the audit trail show it. */
export type LockoutScope =
  | 'account_address'
  | 'account'
  | 'address'
  | 'device'
  | 'client_address'
  | 'api_token_address'
  | 'signed_request_address';

/**
 * `attempts` failures within `windowSeconds` lock the bucket for `baseSeconds`; each lockout in a row lasts
 * twice as long as the one before, up to `maxSeconds`. A bucket with no failure for `maxSeconds` starts over.
 */
export interface LockoutRule {
  attempts: number;
  windowSeconds: number;
  baseSeconds: number;
  maxSeconds: number;
}

/** One counter: a key and what it is about (for the owners' and operators' lists). */
export interface LockoutBucket {
  key: string;
  scope: LockoutScope;
  rule: LockoutRule;
  userId?: string | null;
  subject?: string | null;
  address?: string | null;
}

/** A bucket as stored. */
export interface Lockout {
  id: string;
  key: string;
  scope: LockoutScope;
  userId: string | null;
  subject: string | null;
  address: string | null;
  failures: number;
  lockoutCount: number;
  lockedUntil: number | null;
  lastFailureAt: number;
}

/** The counters, in the database so every node counts the same failures (storage/lockout-store.ts). */
export interface LockoutStore {
  /** The `locked_until` of those of `keys` that have one. */
  lockedUntil(keys: readonly string[]): Promise<Map<string, number>>;
  /**
   * Adds one failure to the bucket, atomically: a window older than `windowStartAfter` restarts at 1, and a
   * bucket whose last failure is older than `streakAfter` forgets its lockouts in a row.
   */
  recordFailure(
    bucket: Omit<LockoutBucket, 'rule'> & { id: string },
    now: number,
    windowStartAfter: number,
    streakAfter: number,
  ): Promise<{ failures: number; lockoutCount: number }>;
  /**
   * Locks the bucket until `until` if it still has `failures` or more and `lockoutCount` lockouts in a row (so
   * of two nodes that see the limit reached, one locks); true when this call locked it.
   */
  lock(key: string, failures: number, lockoutCount: number, until: number): Promise<boolean>;
  /** Forgets the buckets (a success). */
  clear(keys: readonly string[]): Promise<void>;
  /** Buckets locked after `now`; of these users only, when given. */
  listLocked(now: number, userIds?: readonly string[]): Promise<Lockout[]>;
  findById(id: string): Promise<Lockout | undefined>;
  /** Ends a lockout and its streak: the next failures count from zero. */
  lift(id: string): Promise<boolean>;
  /** Deletes buckets neither locked nor failed since `before`. */
  deleteIdle(before: number): Promise<number>;
}

/** A bucket that is locked now, and for how many more seconds. */
export interface Locked {
  bucket: LockoutBucket;
  retryAfterSeconds: number;
}

/**
 * Failure counters with exponential back-off, shared by every node (ASVS 6.3.1 / OWASP Authentication Cheat
 * Sheet "account lockout"). Callers choose the buckets, so a lockout can be narrow enough that it never stops
 * the owner: by (account, address), by device cookie, by (client, address).
 */
export class Lockouts {
  constructor(
    private readonly deps: {
      store: LockoutStore;
      clock: Clock;
      newId: () => string;
      /** A bucket was just locked: audit it (the wiring writes the event). */
      onLocked: (lockout: LockedEvent) => void;
    },
  ) {}

  /** The first of `buckets` that is locked now, or undefined. */
  async check(buckets: readonly LockoutBucket[]): Promise<Locked | undefined> {
    if (buckets.length === 0) return undefined;
    const now = this.deps.clock.now();
    const until = await this.deps.store.lockedUntil(buckets.map((bucket) => bucket.key));
    for (const bucket of buckets) {
      const end = until.get(bucket.key);
      if (end !== undefined && end > now) {
        return { bucket, retryAfterSeconds: Math.max(1, Math.ceil((end - now) / 1000)) };
      }
    }
    return undefined;
  }

  /** Counts one failure in each bucket; a bucket that reaches its limit is locked (and audited). */
  async fail(buckets: readonly LockoutBucket[]): Promise<LockedEvent[]> {
    const { store, clock, newId } = this.deps;
    const now = clock.now();
    const started: LockedEvent[] = [];
    for (const { rule, ...bucket } of buckets) {
      const counted = await store.recordFailure(
        { ...bucket, id: newId() },
        now,
        now - rule.windowSeconds * 1000,
        now - rule.maxSeconds * 1000,
      );
      if (counted.failures < rule.attempts) continue;
      const seconds = backOffSeconds(rule, counted.lockoutCount);
      const until = now + seconds * 1000;
      if (await store.lock(bucket.key, rule.attempts, counted.lockoutCount, until)) {
        const event: LockedEvent = {
          ...bucket,
          userId: bucket.userId ?? null,
          subject: bucket.subject ?? null,
          address: bucket.address ?? null,
          lockedUntil: until,
          seconds,
          lockoutCount: counted.lockoutCount + 1,
        };
        this.deps.onLocked(event);
        started.push(event);
      }
    }
    return started;
  }

  /** A success: these buckets start over. */
  async clear(buckets: readonly LockoutBucket[]): Promise<void> {
    if (buckets.length > 0) await this.deps.store.clear(buckets.map((bucket) => bucket.key));
  }
}

/** What the audit event of a new lockout says. */
export interface LockedEvent {
  key: string;
  scope: LockoutScope;
  userId: string | null;
  subject: string | null;
  address: string | null;
  lockedUntil: number;
  seconds: number;
  /** 1 for the first lockout in a row, 2 for the second… */
  lockoutCount: number;
}

/** The length of the lockout that follows `previous` lockouts in a row: base, 2×base, 4×base… up to max. */
export function backOffSeconds(rule: LockoutRule, previous: number): number {
  // 2^30 × base is past any sensible maximum; capping the exponent keeps the number finite.
  return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** Math.min(previous, 30));
}
