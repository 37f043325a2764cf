import { sql } from 'kysely';
import type { App } from '../http/types.js';
import type { Db } from '../storage/db.js';
import { pendingMigrations } from '../storage/migrate.js';
import type { Metrics } from './metrics.js';

/** What the ops routes use: the database to check, the metrics to show. */
export interface OpsRouteDeps {
  storage: { db: Db };
  metrics: Metrics;
}

/** Liveness, readiness and Prometheus metrics. */
export function registerOpsRoutes(app: App, c: OpsRouteDeps): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await sql`select 1`.execute(c.storage.db.kysely);
      checks.database = 'ok';
      const pending = await pendingMigrations(c.storage.db);
      checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      checks.database ??= 'unreachable';
      checks.migrations ??= 'unknown';
    }
    const ready = Object.values(checks).every((value) => value === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(c.metrics.registry.contentType);
    return c.metrics.exposition();
  });
}
