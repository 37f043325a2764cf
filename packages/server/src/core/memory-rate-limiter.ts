import type { Clock } from './clock.js';

/**
 * A per-node fixed-window counter, for budgets that need not hold for a cluster (how many audit events a
 * failing client may write a minute). Security limits are shared by every node: Lockouts, HotPathLockouts.
 */
export class MemoryRateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number },
  ) {}

  /** Seconds until `key` may try again, or 0. */
  retryAfter(key: string): number {
    const window = this.#windows.get(key);
    const now = this.options.clock.now();
    if (!window || now - window.start >= this.options.windowMs || window.count < this.options.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.options.windowMs - now) / 1000));
  }

  hit(key: string): void {
    const now = this.options.clock.now();
    const window = this.#windows.get(key);
    if (!window || now - window.start >= this.options.windowMs) {
      if (this.#windows.size >= (this.options.maxKeys ?? 100_000)) this.#prune(now);
      this.#windows.set(key, { start: now, count: 1 });
    } else {
      window.count++;
    }
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start >= this.options.windowMs) this.#windows.delete(key);
    }
    // Still full of live windows: drop the oldest rather than grow without bound.
    if (this.#windows.size >= (this.options.maxKeys ?? 100_000)) {
      const oldest = this.#windows.keys().next();
      if (!oldest.done) this.#windows.delete(oldest.value);
    }
  }
}
