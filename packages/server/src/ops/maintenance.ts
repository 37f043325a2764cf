import type { Logger } from 'pino';
import { type Clock, DAY } from '../core/clock.js';

/** A clean-up step: deletes what is older than a time (or already expired) and says how many rows went. */
type Prune = (before: number) => Promise<number>;

/**
 * What maintenance cleans, by the one method of each service or store it calls. The wiring passes the
 * container, which has them all.
 */
export interface MaintenanceDeps {
  clock: Clock;
  logger: Pick<Logger, 'debug' | 'warn'>;
  sessions: { deleteExpired(): Promise<number> };
  keys: { pruneRetired(): Promise<number> };
  storage: {
    stores: {
      rateLimits: { deleteOlderThan: Prune };
      lockouts: { deleteIdle: Prune };
      deviceCookies: { deleteExpired: Prune };
      consumerKeys: { deleteUnanswered: Prune };
      oauth: { deleteExpired: Prune };
      deviceAuthorizations: { deleteExpired: Prune };
      pushedRequests: { deleteExpired: Prune };
      revocations: { deleteExpired: Prune };
      emailLinks: { deleteExpired: Prune };
    };
  };
}

const EVERY_MS = 10 * 60 * 1000;

/**
 * Periodic clean-up any number of nodes may run at once (each step is an idempotent delete):
 * expired sessions, stale rate-limit windows, quiet lockout buckets, expired device cookies, signing keys no token can still need, unanswered credential
 * requests, device authorizations and pushed authorization requests long expired, and the OAuth provider's
 * expired rows (interactions, codes, revocations, used client-assertion and DPoP-proof ids), revocation feed
 * entries no token needs any more, and password-reset and verification links a day past their expiry.
 */
export function startMaintenance(c: MaintenanceDeps): { stop(): void; runOnce(): Promise<void> } {
  const runOnce = async () => {
    try {
      const sessions = await c.sessions.deleteExpired();
      const windows = await c.storage.stores.rateLimits.deleteOlderThan(c.clock.now() - DAY);
      // Lockout buckets a week quiet (neither failing nor locked): their streak would have started over anyway
      // under any lockout up to a week long.
      const lockouts = await c.storage.stores.lockouts.deleteIdle(c.clock.now() - 7 * DAY);
      const deviceCookies = await c.storage.stores.deviceCookies.deleteExpired(c.clock.now());
      const keys = await c.keys.pruneRetired();
      // Credential requests nobody answered: their links died after 24 hours; keep them a week for the record.
      const requests = await c.storage.stores.consumerKeys.deleteUnanswered(c.clock.now() - 7 * DAY);
      // Finished authorizations, old codes, revocations and one-time JWT ids past their lifetime.
      const oauth = await c.storage.stores.oauth.deleteExpired(c.clock.now());
      // Device authorizations and pushed requests live minutes; a day on, a late poll or link finds nothing.
      const devices = await c.storage.stores.deviceAuthorizations.deleteExpired(c.clock.now() - DAY);
      const pushed = await c.storage.stores.pushedRequests.deleteExpired(c.clock.now() - DAY);
      // Revocation feed entries once every access token they could refuse has expired.
      const revocations = await c.storage.stores.revocations.deleteExpired(c.clock.now());
      // Links sent by e-mail live minutes to days; a day on, a late click finds "expired" no more, only "unknown".
      const links = await c.storage.stores.emailLinks.deleteExpired(c.clock.now() - DAY);
      const removed = {
        sessions,
        windows,
        lockouts,
        deviceCookies,
        keys,
        requests,
        oauth,
        devices,
        pushed,
        revocations,
        links,
      };
      if (Object.values(removed).some((count) => count > 0))
        c.logger.debug(removed, 'maintenance: removed expired rows');
    } catch (error) {
      c.logger.warn({ err: error }, 'maintenance run failed; will retry');
    }
  };
  const timer = setInterval(() => void runOnce(), EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
