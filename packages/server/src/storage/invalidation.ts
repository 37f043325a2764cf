import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { type Db, loadPg } from './db.js';

const CHANNEL = 'keyward_invalidate';

type Handler = (key: string) => void;

/** Other processes on this machine sharing the database (workers of one `keyward serve`), reached directly. */
export interface PeerChannel {
  send(topic: string, key: string): void;
  onMessage(handler: (topic: string, key: string) => void): void;
}

/**
 * Tells every cache that a row changed. Locally the handlers run at once; on PostgreSQL the change also goes
 * out by NOTIFY; other nodes drop their copy on arrival (docs/architecture.md#hot-paths). Caches have a TTL,
 * so a node that misses a notification (a dropped LISTEN connection) is stale for two seconds at most. Workers of
 * one process group on SQLite tell each other through `peers` (the cluster's IPC channel) instead.
 */
export class InvalidationBus {
  readonly #handlers = new Map<string, Handler[]>();
  readonly #nodeId = randomBytes(6).toString('hex');
  #listener: pg.Client | undefined;

  constructor(private readonly deps: { db: Db; logger: Logger; peers?: PeerChannel | undefined }) {
    // On PostgreSQL, NOTIFY already reaches every process, workers included.
    if (deps.db.dialect !== 'postgres') deps.peers?.onMessage((topic, key) => this.#dispatch(topic, key));
  }

  subscribe(topic: string, handler: Handler): void {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
  }

  /** Call after the change committed. */
  async publish(topic: string, key: string): Promise<void> {
    this.#dispatch(topic, key);
    if (this.deps.db.dialect !== 'postgres') {
      this.deps.peers?.send(topic, key);
      return;
    }
    try {
      await sql`select pg_notify(${CHANNEL}, ${`${this.#nodeId}|${topic}|${key}`})`.execute(
        this.deps.db.kysely,
      );
    } catch (error) {
      this.deps.logger.warn(
        { err: error, topic },
        'could not notify other nodes; their caches expire within 2 s',
      );
    }
  }

  /** Starts listening for other nodes' changes (PostgreSQL only). */
  async start(): Promise<void> {
    const connection = this.deps.db.connectionOptions;
    if (this.deps.db.dialect !== 'postgres' || !connection) return;
    const client = new (loadPg().Client)(connection);
    client.on('error', (error) =>
      this.deps.logger.warn({ err: error }, 'invalidation listener lost its connection'),
    );
    client.on('notification', (message) => {
      const [node, topic, ...rest] = (message.payload ?? '').split('|');
      if (node === this.#nodeId || !topic) return;
      this.#dispatch(topic, rest.join('|'));
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#listener = client;
  }

  async stop(): Promise<void> {
    await this.#listener?.end().catch(() => {});
    this.#listener = undefined;
  }

  #dispatch(topic: string, key: string): void {
    for (const handler of this.#handlers.get(topic) ?? []) handler(key);
  }
}
