import type { Logger } from 'pino';
import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import type { Clock } from '../core/clock.js';
import { systemCaller } from '../core/principal.js';
import type { OrgStore } from '../identity/orgs/store.js';
import type { UserStore } from '../identity/users/store.js';
import type { OutboxStore } from '../mail/outbox-store.js';
import type { Transactional } from '../storage/transactional.js';
import { expiryReminder } from './emails.js';
import type { ApiTokenStore } from './store.js';

/** The stores the expiry reminders read and write. */
export interface ReminderStores {
  apiTokens: ApiTokenStore;
  users: UserStore;
  orgs: OrgStore;
  outbox: OutboxStore;
  audit: AuditStore;
}

const BATCH = 100;

/**
 * Queues each token's expiry reminder once, N days before it expires (the user's choice at generation).
 * Due tokens are claimed under row locks (SKIP LOCKED on PostgreSQL) and marked in the same transaction that
 * puts the e-mail in the outbox, whose dedupe key makes a second queueing impossible even across nodes.
 */
export class ExpiryReminders {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> = Promise.resolve(0);
  #busy = false;

  constructor(
    private readonly deps: {
      storage: Transactional<ReminderStores>;
      clock: Clock;
      logger: Logger;
      issuer: string;
    },
  ) {}

  /** Queues every reminder due now; returns how many were queued. */
  async runOnce(): Promise<number> {
    let queued = 0;
    for (;;) {
      const batch = await this.#queueBatch();
      queued += batch;
      if (batch < BATCH) return queued;
    }
  }

  start(intervalMs = 60_000): void {
    this.#timer ??= setInterval(() => {
      if (this.#busy) return;
      this.#busy = true;
      this.#running = this.runOnce()
        .catch((error: unknown) => {
          this.deps.logger.warn({ err: error }, 'expiry reminders: run failed; will retry');
          return 0;
        })
        .finally(() => {
          this.#busy = false;
        });
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #queueBatch(): Promise<number> {
    const now = this.deps.clock.now();
    return this.deps.storage.transaction(async (stores) => {
      const due = await stores.apiTokens.claimDueReminders(now, BATCH);
      for (const token of due) {
        const [user, org] = await Promise.all([
          stores.users.findById(token.userId),
          stores.orgs.findById(token.orgId),
        ]);
        if (user && user.disabledAt === null) {
          await stores.outbox.enqueue({
            dedupeKey: `api-token-expiry:${token.id}`,
            to: user.email,
            createdAt: now,
            ...expiryReminder({ token, orgName: org?.displayName ?? token.orgId, issuer: this.deps.issuer }),
          });
          await stores.audit.insert([
            auditEvent(systemCaller('expiry-reminders'), now, {
              action: 'api_token.expiry_reminder_queued',
              orgId: token.orgId,
              target: { kind: 'api_token', id: token.id },
              details: { expiresAt: token.expiresAt },
            }),
          ]);
        }
        await stores.apiTokens.markReminded(token.id, now);
      }
      return due.length;
    });
  }
}
