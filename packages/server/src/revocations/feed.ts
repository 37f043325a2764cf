import type { Logger } from 'pino';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Revocation, RevocationStore } from './store.js';

/** What the feed uses of storage: its store, and word of each commit that appended to it. */
export interface FeedStorage {
  stores: { revocations: RevocationStore };
  onRevocationsCommitted(listener: (head: number) => void): void;
}

/** Bus topic: "the feed grew to this position" (key = the new head). */
export const FEED_TOPIC = 'revocation_feed';
/** Entries read per query, for snapshots and for catching a stream up. */
export const FEED_PAGE = 1000;
/** How often a node with subscribers checks the head itself, in case a notification was lost. */
const POLL_MS = 1000;

/** One stream's receiving end: it gets every entry after `position`, in order. */
export interface FeedSubscriber {
  position: number;
  send(entries: readonly Revocation[]): void;
}

/**
 * Pushes revocations to this node's streams as soon as any node commits them. A commit here publishes the new
 * head on the invalidation bus (NOTIFY to the other nodes on PostgreSQL, IPC between one server's workers);
 * whoever hears it reads the entries after its subscribers' positions, with one query for all of them. Each
 * node also checks the head every second while it has subscribers, so a lost notification delays an entry by
 * a second at most.
 */
export class RevocationFeed {
  readonly #subscribers = new Set<FeedSubscriber>();
  #known = 0;
  #pumping: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      storage: FeedStorage;
      bus: Pick<InvalidationBus, 'publish' | 'subscribe'>;
      logger: Pick<Logger, 'warn'>;
    },
  ) {
    deps.storage.onRevocationsCommitted((head) => void deps.bus.publish(FEED_TOPIC, String(head)));
    deps.bus.subscribe(FEED_TOPIC, (key) => {
      const head = Number(key);
      if (Number.isSafeInteger(head) && head > this.#known) this.#wake();
    });
  }

  /**
   * Where a reader that holds everything up to `after` goes on from: `after` itself, or the beginning (`reset`)
   * when the feed cannot vouch for what came after it — the sweep removed entries past it, or `after` is ahead
   * of this feed (a reader of another database). Entries leave only once useless, so a reset costs a re-read.
   */
  async resumePoint(after: number): Promise<{ from: number; reset: boolean }> {
    const { head, sweptThrough } = await this.deps.storage.stores.revocations.positions();
    const reset = after > head || (after > 0 && after < sweptThrough);
    return { from: reset ? 0 : after, reset };
  }

  /** The entries after `after` (or all of them, on a reset), a page at a time. */
  async snapshot(
    after: number,
    limit: number,
  ): Promise<{ entries: Revocation[]; reset: boolean; next: number; more: boolean }> {
    const { from, reset } = await this.resumePoint(after);
    const entries = await this.deps.storage.stores.revocations.listAfter(from, limit + 1);
    const page = entries.slice(0, limit);
    return { entries: page, reset, next: page.at(-1)?.position ?? from, more: entries.length > limit };
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** Starts sending `subscriber` what comes after its position (the backlog first); returns how to stop. */
  subscribe(subscriber: FeedSubscriber): () => void {
    this.#subscribers.add(subscriber);
    this.#timer ??= setInterval(() => void this.#poll(), POLL_MS).unref();
    this.#wake();
    return () => {
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll(): Promise<void> {
    try {
      const { head } = await this.deps.storage.stores.revocations.positions();
      if (head > this.#known) this.#wake();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not read the revocation feed head; retrying in 1 s');
    }
  }

  /** Runs one pump at a time; a wake during a pump runs another after it. */
  #wake(): void {
    if (this.#pumping !== undefined) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump()
      .catch((error) => this.deps.logger.warn({ err: error }, 'could not read the revocation feed'))
      .finally(() => {
        this.#pumping = undefined;
        if (this.#again) {
          this.#again = false;
          this.#wake();
        }
      });
  }

  async #pump(): Promise<void> {
    if (this.#subscribers.size === 0) return;
    let from = Math.min(...[...this.#subscribers].map((subscriber) => subscriber.position));
    for (;;) {
      const entries = await this.deps.storage.stores.revocations.listAfter(from, FEED_PAGE);
      const last = entries.at(-1);
      if (!last) {
        // Everything up to `from` has been read (or swept): the poll need not wake for a head this low again.
        this.#known = Math.max(this.#known, from);
        return;
      }
      for (const subscriber of this.#subscribers) {
        const news = entries.filter((entry) => entry.position > subscriber.position);
        if (news.length === 0) continue;
        subscriber.position = news.at(-1)?.position ?? subscriber.position;
        subscriber.send(news);
      }
      from = last.position;
      this.#known = Math.max(this.#known, last.position);
      if (entries.length < FEED_PAGE) return;
    }
  }
}
