import type { Clock } from './clock.js';

/**
 * A bounded map whose entries expire after `ttlMs` (DESIGN §8: per-node, short-lived, explicitly invalidated).
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
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.options.clock.now() + this.options.ttlMs });
    if (this.#entries.size > this.options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
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
