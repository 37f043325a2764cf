import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { newId, randomToken } from '../../core/ids-and-secrets.js';
import { anonymousCaller } from '../../core/principal.js';
import type { RateLimiter, RateLimitRule } from '../../core/rate-limiter.js';
import type { ServerKey } from '../../core/server-key.js';
import type { OutboxStore } from '../../mail/outbox-store.js';
import type { Transactional } from '../../storage/transactional.js';
import type { SessionStore } from '../sessions/store.js';
import { checkPasswordPolicy } from '../users/password-policy.js';
import { hashPassword } from '../users/passwords.js';
import { normalizeEmail } from '../users/service.js';
import type { UserStore } from '../users/store.js';
import { passwordResetMail } from './emails.js';
import type { EmailLink, EmailLinkPurpose, EmailLinkStore } from './store.js';

/** The stores password resets read and write. */
export interface PasswordResetStores {
  users: UserStore;
  emailLinks: EmailLinkStore;
  sessions: SessionStore;
  outbox: OutboxStore;
  audit: AuditStore;
}

/** Where a request came from, for rate limits and the audit trail. */
export interface RequestOrigin {
  ip: string;
  requestId: string;
}

/** Path of the page a reset link opens; the token follows as `?token=`. */
export const RESET_PAGE_PATH = '/account/reset-password';

/**
 * Requests for one address (any account, existing or not) and from one client address. The per-e-mail limit
 * keeps anyone from filling a mailbox; the per-client one from probing many addresses.
 */
export const RESET_REQUEST_LIMITS = {
  perEmail: { limit: 5, windowSeconds: 3600 },
  perIp: { limit: 30, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

/** The keyed hash a link's token is stored as; the purpose keeps a token of one kind from matching another. */
export function linkTokenHash(
  serverKey: Pick<ServerKey, 'hashSecret'>,
  purpose: EmailLinkPurpose,
  token: string,
): string {
  return serverKey.hashSecret(`email-link:${purpose}`, token);
}

/**
 * Issues a new link of `purpose` to `user.email`, in the caller's transaction: the newest link is the only one that
 * works, so the user's older links of that purpose are retired. Returns the record and the token for the e-mail
 * (only its keyed hash is stored).
 */
export async function issueLink(
  stores: { emailLinks: Pick<EmailLinkStore, 'retireForUser' | 'insert'> },
  serverKey: Pick<ServerKey, 'hashSecret'>,
  input: { purpose: EmailLinkPurpose; user: { id: string; email: string }; now: number; ttlSeconds: number },
): Promise<{ link: EmailLink; token: string }> {
  const { purpose, user, now } = input;
  const token = randomToken(32);
  const link: EmailLink = {
    id: newId(),
    tokenHash: linkTokenHash(serverKey, purpose, token),
    purpose,
    userId: user.id,
    email: user.email,
    createdAt: now,
    expiresAt: now + input.ttlSeconds * 1000,
    usedAt: null,
  };
  await stores.emailLinks.retireForUser(user.id, purpose, now);
  await stores.emailLinks.insert(link);
  return { link, token };
}

/** A token as it appears in a link: 43 base64url characters (32 random bytes). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Finds the live link of `purpose` a token names: unknown, used or superseded → `email_link.invalid`, past its
 * expiry → `email_link.expired`. Nothing is changed; using the link is the caller's step.
 */
export async function openLink(
  deps: { stores: { emailLinks: EmailLinkStore }; serverKey: Pick<ServerKey, 'hashSecret'>; now: number },
  purpose: EmailLinkPurpose,
  token: string,
): Promise<EmailLink> {
  const link = TOKEN.test(token)
    ? await deps.stores.emailLinks.findByTokenHash(linkTokenHash(deps.serverKey, purpose, token))
    : undefined;
  if (!link || link.purpose !== purpose || link.usedAt !== null) {
    throw new ApiError(
      'email_link.invalid',
      'this link is not valid: it was already used, replaced by a newer one, or mistyped',
    );
  }
  if (link.expiresAt <= deps.now) {
    throw new ApiError(
      'email_link.expired',
      `this link expired on ${new Date(link.expiresAt).toISOString()}; ask for a new one`,
    );
  }
  return link;
}

/**
 * "Forgot password": a single-use link by e-mail (ASVS 6.4.1, 6.4.2). Asking answers the same whether the
 * address has an account or not; the link is stored hashed, expires, and a newer one retires the older ones.
 * Using it sets the new password (the policy applies) and ends every session of the user.
 */
export class PasswordResets {
  constructor(
    private readonly deps: {
      storage: Transactional<PasswordResetStores>;
      clock: Clock;
      serverKey: Pick<ServerKey, 'hashSecret'>;
      limiter: RateLimiter;
      issuer: string;
      ttlSeconds: number;
    },
  ) {}

  /**
   * Sends a reset link if `email` belongs to an active account; otherwise does nothing visible. Either way the
   * caller learns nothing but "if the account exists, a link is on its way" (no account enumeration).
   */
  async request(input: { email: string }, origin: RequestOrigin): Promise<void> {
    const { storage, clock, limiter } = this.deps;
    const email = normalizeEmail(input.email);
    const rules = [
      { key: `password-reset:email:${email}`, rule: RESET_REQUEST_LIMITS.perEmail, who: 'e-mail address' },
      { key: `password-reset:ip:${origin.ip}`, rule: RESET_REQUEST_LIMITS.perIp, who: 'client address' },
    ];
    for (const { key, rule, who } of rules) {
      const wait = await limiter.retryAfter(key, rule);
      if (wait > 0) {
        throw new ApiError(
          'auth.rate_limited',
          `too many password reset requests for this ${who}; try again in ${wait} seconds`,
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
      }
    }
    for (const { key, rule } of rules) await limiter.hit(key, rule);

    const now = clock.now();
    const caller = anonymousCaller(origin.ip, origin.requestId);
    // Both branches write in one transaction (the audit event at least), so they take about as long.
    await storage.transaction(async (stores) => {
      const user = await stores.users.findByEmail(email);
      if (!user || user.disabledAt !== null) {
        await stores.audit.insert([
          auditEvent(caller, now, {
            action: 'user.password_reset_requested',
            actor: { kind: 'anonymous', id: email },
            target: { kind: 'user', id: user?.id ?? 'unknown' },
            details: { sent: false, reason: user ? 'disabled' : 'unknown_email' },
          }),
        ]);
        return;
      }
      // Only the newest link works: an older e-mail lying in the mailbox is worthless.
      const { link, token } = await issueLink(stores, this.deps.serverKey, {
        purpose: 'password_reset',
        user,
        now,
        ttlSeconds: this.deps.ttlSeconds,
      });
      await stores.outbox.enqueue({
        dedupeKey: `password-reset:${link.id}`,
        to: user.email,
        createdAt: now,
        ...passwordResetMail({
          link: `${this.deps.issuer}${RESET_PAGE_PATH}?token=${token}`,
          ttlSeconds: this.deps.ttlSeconds,
          issuer: this.deps.issuer,
        }),
      });
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'user.password_reset_requested',
          actor: { kind: 'anonymous', id: email },
          target: { kind: 'user', id: user.id },
          details: { sent: true, expiresAt: link.expiresAt },
        }),
      ]);
    });
  }

  /** The account a live reset link is for (to show on the page); throws as `openLink` does. */
  async check(token: string): Promise<{ email: string }> {
    const link = await openLink(this.#linkDeps(), 'password_reset', token);
    return { email: link.email };
  }

  /**
   * Sets the new password through a live link: the link is used up, every session of the user ends and every
   * other reset link of theirs stops working. A password the policy refuses leaves the link usable.
   */
  async complete(input: { token: string; newPassword: string }, origin: RequestOrigin): Promise<void> {
    const link = await openLink(this.#linkDeps(), 'password_reset', input.token);
    checkPasswordPolicy(input.newPassword, link.email);
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      // Two posts of one link at once: the first to mark it wins; the other reads as already used.
      if (!(await stores.emailLinks.markUsed(link.id, now))) {
        throw new ApiError('email_link.invalid', 'this link was already used; ask for a new one');
      }
      const user = await stores.users.findById(link.userId);
      // The account's e-mail changed since the link was sent: the link speaks for the old address only.
      if (!user || user.disabledAt !== null || user.email !== link.email) {
        throw new ApiError('email_link.invalid', 'this link is no longer valid for this account');
      }
      await stores.users.updatePasswordHash(user.id, passwordHash, now);
      // The link reached this mailbox: the address is proven as a verification link would prove it.
      await stores.users.markEmailVerified(user.id, link.email, now);
      await stores.emailLinks.retireForUser(user.id, 'password_reset', now);
      const ended = await stores.sessions.deleteForUser(user.id);
      await stores.audit.insert([
        auditEvent(anonymousCaller(origin.ip, origin.requestId), now, {
          action: 'user.password_reset_by_email',
          actor: { kind: 'user', id: user.id },
          target: { kind: 'user', id: user.id },
          details: { sessionsEnded: ended },
        }),
      ]);
    });
  }

  #linkDeps() {
    const { storage, serverKey, clock } = this.deps;
    return { stores: storage.stores, serverKey, now: clock.now() };
  }
}
