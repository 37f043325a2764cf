import type { Container } from '../container.js';
import { DAY } from '../core/clock.js';

const EVERY_MS = 10 * 60 * 1000;

/**
 * Periodic clean-up any number of nodes may run at once (each step is an idempotent delete):
 * expired sessions, stale rate-limit windows, signing keys no token can still need.
 */
export function startMaintenance(c: Container): { stop(): void; runOnce(): Promise<void> } {
  const runOnce = async () => {
    try {
      const sessions = await c.sessions.deleteExpired();
      const windows = await c.storage.stores.rateLimits.deleteOlderThan(c.clock.now() - DAY);
      const keys = await c.keys.pruneRetired();
      if (sessions + windows + keys > 0)
        c.logger.debug({ sessions, windows, keys }, 'maintenance: removed expired rows');
    } catch (error) {
      c.logger.warn({ err: error }, 'maintenance run failed; will retry');
    }
  };
  const timer = setInterval(() => void runOnce(), EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
