import type { Clock } from './clock.js';

/** Fixed-window counters shared by every node through the database (storage/rate-limit-store.ts). */
export interface RateLimitStore {
  /** Adds one to `key`'s counter for the window starting at `windowStart`; returns the new count. */
  hit(key: string, windowStart: number): Promise<number>;
  peek(key: string, windowStart: number): Promise<number>;
  reset(key: string): Promise<void>;
  deleteOlderThan(windowStart: number): Promise<number>;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** Fixed-window limiter on the shared database, so every node counts the same attempts. */
export class RateLimiter {
  constructor(private readonly deps: { store: RateLimitStore; clock: Clock }) {}

  /** Seconds to wait when `key` has used up `rule` in the current window, else 0. */
  async retryAfter(key: string, rule: RateLimitRule): Promise<number> {
    const { windowStart, windowEnd } = this.#window(rule);
    const count = await this.deps.store.peek(key, windowStart);
    return count >= rule.limit ? Math.max(1, Math.ceil((windowEnd - this.deps.clock.now()) / 1000)) : 0;
  }

  /** Counts one attempt against `key`. */
  async hit(key: string, rule: RateLimitRule): Promise<number> {
    return this.deps.store.hit(key, this.#window(rule).windowStart);
  }

  async reset(key: string): Promise<void> {
    await this.deps.store.reset(key);
  }

  #window(rule: RateLimitRule): { windowStart: number; windowEnd: number } {
    const size = rule.windowSeconds * 1000;
    const windowStart = Math.floor(this.deps.clock.now() / size) * size;
    return { windowStart, windowEnd: windowStart + size };
  }
}
