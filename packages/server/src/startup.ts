import { sql } from 'kysely';
import type { Logger } from 'pino';
import { bootstrapFirstRun, type FirstRun } from './bootstrap.js';
import { type Config, ConfigError } from './config/load.js';
import { resolveServerSecret } from './config/server-secret.js';
import { type Container, createContainer } from './container.js';
import { type Clock, systemClock } from './core/clock.js';
import { systemCaller } from './core/principal.js';
import { ServerKey, safeEqual } from './core/server-key.js';
import { settleIssuer } from './deployment-issuer.js';
import type { MetricsGroup } from './ops/metrics.js';
import { type Db, type OpenOptions, openDatabase } from './storage/db.js';
import type { PeerChannel } from './storage/invalidation.js';
import { createMetaStore } from './storage/meta-store.js';
import { migrateToLatest, withStartupLock } from './storage/migrate.js';
import { createStorage } from './stores.js';

export interface Runtime {
  container: Container;
  /** Set when this start created the first operator (the banner shows how to sign in). */
  firstRun: FirstRun | null;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  /** serve: also ensures signing keys and the first operator; tools only migrate. */
  purpose: 'serve' | 'tool';
  clock?: Clock;
  database?: OpenOptions;
  /** Other workers of this process group (cache invalidation on SQLite). */
  peers?: PeerChannel | undefined;
  /** The same workers, for /metrics. */
  metricsGroup?: MetricsGroup | undefined;
}

/**
 * Opens the database and brings it up to date: migrations, the server-secret check, the deployment's issuer, the
 * signing key and the first-run operator, all under one database lock so several nodes can start at once. The
 * container is built once the issuer is settled, so everything in it sees the deployment's issuer.
 */
export async function openRuntime(
  config: Config,
  logger: Logger,
  options: OpenRuntimeOptions,
): Promise<Runtime> {
  const serverKey = new ServerKey(await resolveServerSecret(config, logger));
  const db = openDatabase(config.database, options.database);
  const clock = options.clock ?? systemClock;
  try {
    await checkReachable(db);
    const { container, firstRun } = await withStartupLock(db, async () => {
      const applied = await migrateToLatest(db);
      if (applied.length > 0)
        logger.info({ migrations: applied, database: db.description }, 'database migrated');
      await checkServerSecret(db, serverKey);
      const issuer = await settleIssuer(createStorage(db), config, {
        purpose: options.purpose,
        singleNode: db.dialect === 'sqlite',
        clock,
        logger,
      });
      const container = createContainer({
        config: { ...config, issuer },
        logger,
        clock,
        db,
        serverKey,
        peers: options.peers,
        metricsGroup: options.metricsGroup,
      });
      if (options.purpose !== 'serve') return { container, firstRun: null };
      const caller = systemCaller('startup');
      const { created } = await container.keys.ensureActiveKey(config.signingAlg, caller);
      if (created) logger.info({ kid: created.kid, alg: created.alg }, 'signing key created');
      return { container, firstRun: await bootstrapFirstRun(container, caller) };
    });
    if (options.purpose === 'tool') await container.keys.reload().catch(() => {});
    return { container, firstRun, close: () => db.close() };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

async function checkReachable(db: Db): Promise<void> {
  try {
    await sql`select 1`.execute(db.kysely);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      'KEYWARD_DATABASE_URL',
      `cannot open ${db.description} (${reason}); check that the database is running and the URL is right`,
    );
  }
}

/**
 * The first node stores a check value derived from KEYWARD_SECRET; a node with another secret stops here,
 * before it could write data the others cannot read.
 */
async function checkServerSecret(db: Db, serverKey: ServerKey): Promise<void> {
  const meta = createMetaStore(db.kysely);
  const expected = serverKey.checkValue();
  const stored = await meta.setIfAbsent('server_secret_check', expected);
  if (!safeEqual(stored, expected)) {
    throw new ConfigError(
      'KEYWARD_SECRET',
      'this database was set up with a different server secret; start every node with the same KEYWARD_SECRET',
    );
  }
}
