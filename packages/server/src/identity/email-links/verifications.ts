import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { anonymousCaller, type Caller } from '../../core/principal.js';
import type { RateLimiter, RateLimitRule } from '../../core/rate-limiter.js';
import type { ServerKey } from '../../core/server-key.js';
import type { OutboxStore } from '../../mail/outbox-store.js';
import type { InvalidationBus } from '../../storage/invalidation.js';
import type { Transactional } from '../../storage/transactional.js';
import { TOPICS } from '../directory.js';
import type { UserStore } from '../users/store.js';
import { verificationMail } from './emails.js';
import { issueLink, openLink, type RequestOrigin } from './password-resets.js';
import type { EmailLinkStore } from './store.js';

/** The stores e-mail verification reads and writes. */
export interface VerificationStores {
  users: UserStore;
  emailLinks: EmailLinkStore;
  outbox: OutboxStore;
  audit: AuditStore;
}

/** Path of the page a verification link opens; the token follows as `?token=`. */
export const VERIFY_PAGE_PATH = '/account/verify-email';

/** "Send the link again", per account: enough for a lost e-mail, too few to flood a mailbox. */
export const RESEND_LIMIT: RateLimitRule = { limit: 5, windowSeconds: 3600 };

/**
 * E-mail verification (OIDC Core §5.1 `email_verified`): a single-use, expiring link to the account's address,
 * sent when the account is created or its e-mail changes, and again on request. Following it marks that
 * address verified, and only that one: a link sent before a change proves nothing about the new address.
 */
export class EmailVerifications {
  constructor(
    private readonly deps: {
      storage: Transactional<VerificationStores>;
      clock: Clock;
      serverKey: Pick<ServerKey, 'hashSecret'>;
      limiter: RateLimiter;
      bus: InvalidationBus;
      issuer: string;
      ttlSeconds: number;
    },
  ) {}

  /** Queues a link to `user.email` in the caller's transaction; older verification links stop working. */
  async queue(
    stores: Pick<VerificationStores, 'emailLinks' | 'outbox'>,
    user: { id: string; email: string },
    now: number,
  ): Promise<void> {
    const { link, token } = await issueLink(stores, this.deps.serverKey, {
      purpose: 'email_verification',
      user,
      now,
      ttlSeconds: this.deps.ttlSeconds,
    });
    await stores.outbox.enqueue({
      dedupeKey: `email-verification:${link.id}`,
      to: user.email,
      createdAt: now,
      ...verificationMail({
        link: `${this.deps.issuer}${VERIFY_PAGE_PATH}?token=${token}`,
        ttlSeconds: this.deps.ttlSeconds,
        issuer: this.deps.issuer,
      }),
    });
  }

  /** Sends the caller a new link; false (nothing sent) when their address is already verified. */
  async resend(caller: Caller): Promise<boolean> {
    const { principal } = caller;
    if (principal.kind !== 'user') throw new ApiError('auth.forbidden', 'only a user has an e-mail address');
    const { storage, clock, limiter } = this.deps;
    const user = await storage.stores.users.findById(principal.subjectId);
    if (!user) throw new ApiError('auth.required', 'this account no longer exists; sign in again');
    if (user.emailVerified) return false;
    const key = `email-verification:user:${user.id}`;
    const wait = await limiter.retryAfter(key, RESEND_LIMIT);
    if (wait > 0) {
      throw new ApiError(
        'auth.rate_limited',
        `too many verification e-mails for this account; try again in ${wait} seconds`,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }
    await limiter.hit(key, RESEND_LIMIT);
    const now = clock.now();
    await storage.transaction(async (stores) => {
      await this.queue(stores, user, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'user.email_verification_sent',
          target: { kind: 'user', id: user.id },
          details: { email: user.email },
        }),
      ]);
    });
    return true;
  }

  /** The address a live verification link is for; throws as `openLink` does. */
  async check(token: string): Promise<{ email: string }> {
    const { storage, serverKey, clock } = this.deps;
    const link = await openLink(
      { stores: storage.stores, serverKey, now: clock.now() },
      'email_verification',
      token,
    );
    return { email: link.email };
  }

  /** Uses the link: its address becomes verified, if it is still the account's. */
  async verify(token: string, origin: RequestOrigin): Promise<{ email: string }> {
    const { storage, serverKey, clock } = this.deps;
    const now = clock.now();
    const link = await openLink({ stores: storage.stores, serverKey, now }, 'email_verification', token);
    await storage.transaction(async (stores) => {
      const used = await stores.emailLinks.markUsed(link.id, now);
      if (!used || !(await stores.users.markEmailVerified(link.userId, link.email, now))) {
        throw new ApiError('email_link.invalid', 'this link was already used or is for an older address');
      }
      await stores.audit.insert([
        auditEvent(anonymousCaller(origin.ip, origin.requestId), now, {
          action: 'user.email_verified',
          actor: { kind: 'user', id: link.userId },
          target: { kind: 'user', id: link.userId },
          details: { email: link.email },
        }),
      ]);
    });
    await this.deps.bus.publish(TOPICS.user, link.userId);
    return { email: link.email };
  }
}
