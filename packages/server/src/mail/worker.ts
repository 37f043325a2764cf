import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { type Clock, HOUR, MINUTE } from '../core/clock.js';
import { randomBase62 } from '../core/ids-and-secrets.js';
import type { Mailer } from './mailer.js';
import type { OutboxMessage, OutboxStore } from './outbox-store.js';

export interface OutboxWorkerDeps {
  store: OutboxStore;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** Names this worker in the leases it takes; unique per process. */
  workerId?: string;
  /** How long a claimed message is reserved for this worker. */
  leaseMs?: number;
  batchSize?: number;
  /** Attempts after which a message is given up on. */
  maxAttempts?: number;
}

export interface RunResult {
  sent: number;
  failed: number;
}

/**
 * Sends what the outbox holds. Any number of workers, in any number of processes sharing the database, may run
 * at once: each message is leased to one of them at a time (OutboxStore.claim).
 *
 * A message is sent at most once. It is marked sent right after the SMTP server accepts it, so the only window
 * for a duplicate is a crash (or a lost database connection) between that acceptance and the update; the lease
 * then expires and another worker sends it again. That copy carries the same Message-ID (see mailer.ts), so the
 * receiving side can drop it.
 */
export class OutboxWorker {
  readonly workerId: string;
  private readonly store: OutboxStore;
  private readonly mailer: Mailer;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(deps: OutboxWorkerDeps) {
    this.store = deps.store;
    this.mailer = deps.mailer;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomBase62(8)}`;
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.batchSize = deps.batchSize ?? 20;
    this.maxAttempts = deps.maxAttempts ?? 10;
  }

  /** Claims one batch and tries to send each message in it. */
  async runOnce(): Promise<RunResult> {
    const batch = await this.store.claim(this.workerId, this.clock.now(), this.leaseMs, this.batchSize);
    const result: RunResult = { sent: 0, failed: 0 };
    for (const message of batch) {
      // A batch on a slow SMTP server can outlast the lease; a message whose lease is running out is left for
      // whoever claims it next rather than risk two workers sending it.
      if (!this.holdsLeaseLongEnough(message)) continue;
      if (await this.deliver(message)) result.sent++;
      else result.failed++;
    }
    return result;
  }

  /** Runs `runOnce` every `intervalMs`, one run at a time; failures are logged, never thrown. */
  start(intervalMs = 5000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    // The worker alone must not keep the process alive.
    this.timer.unref();
  }

  /** Stops the timer and waits for the run in progress, if any. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running !== null) return;
    this.running = this.runOnce()
      .then(
        () => {},
        (error: unknown) => this.logger.warn({ err: error }, 'outbox run failed; will retry'),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** True when at least half the lease remains: time for one send at the SMTP timeout. */
  private holdsLeaseLongEnough(message: OutboxMessage): boolean {
    return message.claimedUntil !== null && message.claimedUntil - this.clock.now() >= this.leaseMs / 2;
  }

  /** Sends one message and records the outcome; true when it was sent. */
  private async deliver(message: OutboxMessage): Promise<boolean> {
    try {
      await this.mailer.send({
        id: message.id,
        to: message.to,
        subject: message.subject,
        text: message.body,
      });
    } catch (error) {
      await this.recordFailure(message, error);
      return false;
    }
    // Outside the try: once the server has accepted the message, a failure here must not schedule a retry.
    const marked = await this.store.markSent(message.id, this.workerId, this.clock.now());
    if (!marked) this.logger.warn(this.describe(message), 'e-mail sent after its lease was taken over');
    else this.logger.debug(this.describe(message), 'e-mail sent');
    return true;
  }

  private async recordFailure(message: OutboxMessage, error: unknown): Promise<void> {
    const now = this.clock.now();
    const reason = errorText(error);
    const fields = { ...this.describe(message), attempts: message.attempts, ...smtpErrorCodes(error) };
    if (message.attempts >= this.maxAttempts) {
      await this.store.markFailed(message.id, this.workerId, reason, null, now);
      this.logger.error(fields, `giving up on an e-mail after ${message.attempts} attempts`);
      return;
    }
    const retryAt = now + retryDelay(message.attempts);
    await this.store.markFailed(message.id, this.workerId, reason, retryAt, now);
    this.logger.warn({ ...fields, retryAt: new Date(retryAt).toISOString() }, 'e-mail not sent; will retry');
  }

  /** What logs may say about a message: its outbox id and the recipient's domain, never the address or body. */
  private describe(message: OutboxMessage): { outboxId: string; recipientDomain: string } {
    return { outboxId: message.id, recipientDomain: recipientDomain(message.to) };
  }
}

/** 1, 2, 4, 8 … minutes after attempts 1, 2, 3, 4 …, at most an hour. */
export function retryDelay(attempts: number): number {
  return Math.min(2 ** Math.max(attempts - 1, 0) * MINUTE, HOUR);
}

function recipientDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).replace(/>$/, '');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * nodemailer's error code and the SMTP reply code: enough to tell a refused recipient from an unreachable
 * server. The reply text is kept out of logs (it often repeats the address) and stored in the outbox instead.
 */
function smtpErrorCodes(error: unknown): { code?: string; responseCode?: number } {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
  };
}
