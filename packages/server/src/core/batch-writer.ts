import type { Logger } from 'pino';

/**
 * Collects hot-path writes, flushed every `intervalMs` (≤ 250 ms, docs/architecture.md#hot-paths), so a
 * request never waits for a disk write it does not need. Items with the same key replace each other.
 * A crash loses at most one interval of items, which is why only last-used stamps and failure audits go here.
 */
export class BatchWriter<T> {
  #items = new Map<string, T>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly options: {
      name: string;
      write: (items: T[]) => Promise<void>;
      keyOf: (item: T) => string;
      logger: Logger;
      intervalMs?: number;
      /** Flush early when this many items wait. */
      maxItems?: number;
    },
  ) {}

  add(item: T): void {
    this.#items.set(this.options.keyOf(item), item);
    if (this.#items.size >= (this.options.maxItems ?? 1000)) void this.flush();
  }

  /** The item waiting under `key`, if any. */
  pending(key: string): T | undefined {
    return this.#items.get(key);
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.options.intervalMs ?? 250);
    this.#timer.unref();
  }

  /**
   * Writes what is waiting; resolves when it is on disk (or its failure logged). One write runs at a time:
   * items added meanwhile wait, merged by key, and go in the next write as soon as this one ends. So a database
   * slower than the interval gets fewer, larger writes instead of an ever longer queue of them.
   */
  flush(): Promise<void> {
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#items.size > 0) {
      const items = [...this.#items.values()];
      this.#items = new Map();
      try {
        await this.options.write(items);
      } catch (error) {
        this.options.logger.error(
          { err: error, batch: this.options.name, lost: items.length },
          'batch write failed',
        );
      }
    }
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
