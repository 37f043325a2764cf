import type { Clock } from './clock.js';

/**
 * A bounded map whose entries expire after `ttlMs` (docs/architecture.md#hot-paths).
 * Least recently used entries go first when full. Concurrent loads of one key share a single load.
 */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>();
  readonly #loading = new Map<K, Promise<V | undefined>>();

  constructor(private readonly options: { maxEntries: number; ttlMs: number; clock: Clock }) {}

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.options.clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Re-insert: Map iteration order is insertion order, so the oldest key is the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const now = this.options.clock.now();
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: now + this.options.ttlMs });
    if (this.#entries.size > this.options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#dropExpired(now);
  }

  /**
   * The least recently used entries come first and are the likeliest to have expired: drop a few of them on
   * each write, so a cache under churn does not hold `maxEntries` dead entries (memory) until they are asked for.
   */
  #dropExpired(now: number): void {
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now || dropped === 4) return;
      this.#entries.delete(key);
      dropped++;
    }
  }

  /** How many entries are held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }

  delete(key: K): void {
    this.#entries.delete(key);
    this.#loading.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#loading.clear();
  }

  /** The cached value, or the loaded one (cached unless undefined). */
  async getOrLoad(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.#loading.get(key);
    if (pending !== undefined) return pending;
    const loading = load().then(
      (value) => {
        // An invalidation during the load removed this promise: do not cache what may be stale.
        if (this.#loading.get(key) === loading && value !== undefined) this.set(key, value);
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, loading);
    return loading;
  }
}
