import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorizePlatform, requireUser } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { newId } from '../../core/ids-and-secrets.js';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { Caller } from '../../core/principal.js';
import { normalizeRoles, type PlatformRole } from '../../core/roles.js';
import { requireRecentAuthentication } from '../../core/step-up.js';
import type { OutboxStore } from '../../mail/outbox-store.js';
import { revocationOf } from '../../revocations/entries.js';
import type { RevocationStore } from '../../revocations/store.js';
import type { InvalidationBus } from '../../storage/invalidation.js';
import type { Transactional } from '../../storage/transactional.js';
import { TOPICS } from '../directory.js';
import { emailChangedNotice } from '../email-links/emails.js';
import type { EmailLinkStore } from '../email-links/store.js';
import type { EmailVerifications } from '../email-links/verifications.js';
import type { FactorStore } from '../factors/store.js';
import type { OrgStore, OrgWithRoles } from '../orgs/store.js';
import type { SessionStore } from '../sessions/store.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { User, UserStore } from './store.js';

/** The stores UserService reads and writes. */
export interface UserServiceStores {
  /** Whether the user has a second factor, for GET /me. */
  factors: Pick<FactorStore, 'listForUser'>;
  users: UserStore;
  orgs: OrgStore;
  sessions: SessionStore;
  audit: AuditStore;
  revocations: RevocationStore;
  /** Verification links, and password-reset links retired when the address changes. */
  emailLinks: EmailLinkStore;
  /** The notice to the old address when the e-mail changes. */
  outbox: OutboxStore;
}

export interface NewUser {
  email: string;
  name?: string | undefined;
  /** Omitted: the account exists but cannot sign in with a password until one is set. */
  password?: string | undefined;
  platformRoles?: PlatformRole[] | undefined;
  /** False for the first-run operator, whose address may be a placeholder; true by default. */
  sendVerification?: boolean | undefined;
}

/** Lower-cased and trimmed; the one form e-mails are stored and looked up in. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserService {
  constructor(
    private readonly deps: {
      storage: Transactional<UserServiceStores>;
      clock: Clock;
      bus: InvalidationBus;
      verification: Pick<EmailVerifications, 'queue'>;
      issuer: string;
      stepUpWindowSeconds: number;
    },
  ) {}

  /** Creates an account (platform operators, the CLI and bootstrap). */
  async create(caller: Caller, input: NewUser): Promise<User> {
    authorizePlatform(caller, 'platform_operator');
    const email = normalizeEmail(input.email);
    if (input.password !== undefined) checkPasswordPolicy(input.password, email);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    const now = this.deps.clock.now();
    const user: User = {
      id: newId(),
      email,
      name: input.name?.trim() || (email.split('@')[0] ?? email),
      platformRoles: normalizeRoles(input.platformRoles ?? []),
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
      emailVerified: false,
    };
    await this.deps.storage.transaction(async (stores) => {
      await stores.users.insert({ ...user, passwordHash });
      if (input.sendVerification !== false) await this.deps.verification.queue(stores, user, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'user.created',
          target: { kind: 'user', id: user.id },
          details: { email, platformRoles: user.platformRoles },
        }),
      ]);
    });
    return user;
  }

  async get(caller: Caller, userId: string): Promise<User> {
    if (caller.principal.subjectId !== userId) authorizePlatform(caller, 'platform_operator');
    const user = await this.deps.storage.stores.users.findById(userId);
    if (!user) throw userNotFound(userId);
    return user;
  }

  async list(caller: Caller, page: PageRequest): Promise<PageResult<User>> {
    authorizePlatform(caller, 'platform_operator');
    return this.deps.storage.stores.users.list(page);
  }

  /** The caller's account and the orgs they belong to, with their roles in each. */
  async me(caller: Caller): Promise<{
    user: User;
    memberships: OrgWithRoles[];
    secondFactor: { enrolled: boolean; requiredBy: string[] };
  }> {
    const { principal } = caller;
    requireUser(caller, 'only a user has a profile');
    const { stores } = this.deps.storage;
    const user = await stores.users.findById(principal.subjectId);
    if (!user) throw new ApiError('auth.required', 'this account no longer exists; sign in again');
    const memberships = await stores.orgs.listForUser(user.id, { pageStart: 1, pageLimit: 1000 });
    // A credential bound to one org sees only that org.
    const visible = memberships.items.filter((org) => principal.orgId === null || org.id === principal.orgId);
    // Whether to ask the user to add a second factor: some org of theirs requires one and they have none.
    const enrolled = (await stores.factors.listForUser(user.id, { confirmedOnly: true })).length > 0;
    const requiredBy = memberships.items.filter((org) => org.requireMfa).map((org) => org.id);
    return { user, memberships: visible, secondFactor: { enrolled, requiredBy } };
  }

  /** Changes the caller's own password; every other session of theirs ends (ASVS 7.4.3). */
  async changePassword(
    caller: Caller,
    input: { currentPassword: string; newPassword: string },
    keepSessionHash: string | null,
  ): Promise<void> {
    const { principal } = caller;
    if (principal.kind !== 'user' || principal.scope !== null) {
      throw new ApiError('auth.forbidden', 'sign in to the console to change a password; a token cannot');
    }
    const { stores } = this.deps.storage;
    const user = await stores.users.findWithPasswordById(principal.subjectId);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new ApiError('auth.invalid_credentials', 'the current password is not correct');
    }
    await this.#replacePassword(caller, user, input.newPassword, {
      action: 'user.password_changed',
      keepSessionHash: keepSessionHash ?? undefined,
    });
  }

  /**
   * Sets a user's password as an operator (a lost password, an operator locked out): the old one stops working
   * and every session of the user ends, as when a password is changed.
   */
  async resetPassword(
    caller: Caller,
    userId: string,
    newPassword: string,
    options: { temporary: boolean },
  ): Promise<User> {
    authorizePlatform(caller, 'platform_operator');
    const { stores } = this.deps.storage;
    const user = await stores.users.findById(userId);
    if (!user) throw userNotFound(userId);
    const now = await this.#replacePassword(caller, user, newPassword, {
      action: 'user.password_reset',
      temporary: options.temporary,
    });
    return { ...user, updatedAt: now, ...(options.temporary ? { mustChangePassword: true as const } : {}) };
  }

  /**
   * Checks and stores a new password, ends the user's sessions but `keepSessionHash` (the caller's own, when
   * users change their own password) and audits it as `action`; returns the time of the change.
   */
  async #replacePassword(
    caller: Caller,
    user: { id: string; email: string },
    newPassword: string,
    options: {
      action: 'user.password_changed' | 'user.password_reset';
      keepSessionHash?: string | undefined;
      /** The new password must be replaced at its first sign-in (ASVS 6.4: no generated long-term password). */
      temporary?: boolean;
    },
  ): Promise<number> {
    checkPasswordPolicy(newPassword, user.email);
    const passwordHash = await hashPassword(newPassword);
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (trx) => {
      await trx.users.updatePasswordHash(user.id, passwordHash, now);
      // A generated password that someone else has seen is for one sign-in: its holder replaces it first.
      if (options.temporary) await trx.users.requirePasswordChange(user.id);
      const ended = await trx.sessions.deleteForUser(user.id, options.keepSessionHash);
      await trx.audit.insert([
        auditEvent(caller, now, {
          action: options.action,
          target: { kind: 'user', id: user.id },
          // A reset ends every session; a change keeps the one it was made from.
          details:
            options.action === 'user.password_reset'
              ? { sessionsEnded: ended }
              : { otherSessionsEnded: ended },
        }),
      ]);
    });
    return now;
  }

  /**
   * Changes the caller's own e-mail address (ASVS 7.5.1: a fresh factor first). The new address is
   * unverified until its link is followed; the old one is told, so a takeover does not go unnoticed; links sent
   * to the old address stop working.
   */
  async changeEmail(caller: Caller, input: { email: string }): Promise<User> {
    const { principal } = caller;
    if (principal.kind !== 'user' || principal.scope !== null) {
      throw new ApiError(
        'auth.forbidden',
        'sign in to the console to change your e-mail address; a token cannot',
      );
    }
    const now = this.deps.clock.now();
    requireRecentAuthentication(caller, now, this.deps.stepUpWindowSeconds, 'Changing the e-mail address');
    const email = normalizeEmail(input.email);
    const updated = await this.deps.storage.transaction(async (stores) => {
      const user = await stores.users.findById(principal.subjectId);
      if (!user) throw new ApiError('auth.required', 'this account no longer exists; sign in again');
      if (user.email === email) return user;
      await stores.users.updateEmail(user.id, email, now);
      await stores.emailLinks.retireForUser(user.id, 'password_reset', now);
      await this.deps.verification.queue(stores, { id: user.id, email }, now);
      await stores.outbox.enqueue({
        dedupeKey: `email-changed:${user.id}:${now}`,
        to: user.email,
        createdAt: now,
        ...emailChangedNotice({ newEmail: email, at: now, issuer: this.deps.issuer }),
      });
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'user.email_changed',
          target: { kind: 'user', id: user.id },
          details: { from: user.email, to: email },
        }),
      ]);
      return { ...user, email, emailVerified: false, updatedAt: now };
    });
    await this.deps.bus.publish(TOPICS.user, updated.id);
    return updated;
  }

  /** Disables or re-enables an account; disabling ends every session at once (ASVS 7.4.2). */
  async setDisabled(caller: Caller, userId: string, disabled: boolean): Promise<User> {
    authorizePlatform(caller, 'platform_operator');
    if (disabled && caller.principal.subjectId === userId) {
      throw new ApiError('auth.forbidden', 'you cannot disable your own account');
    }
    const now = this.deps.clock.now();
    const updated = await this.deps.storage.transaction(async (stores) => {
      const user = await stores.users.findById(userId);
      if (!user) throw userNotFound(userId);
      if ((user.disabledAt !== null) === disabled) return user;
      await stores.users.updateDisabledAt(userId, disabled ? now : null, now);
      if (disabled) {
        await stores.sessions.deleteForUser(userId);
        await stores.revocations.append([
          revocationOf({ kind: 'subject', subject: userId }, now, 'user account disabled'),
        ]);
      }
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: disabled ? 'user.disabled' : 'user.enabled',
          target: { kind: 'user', id: userId },
        }),
      ]);
      return { ...user, disabledAt: disabled ? now : null, updatedAt: now };
    });
    await this.deps.bus.publish(TOPICS.user, userId);
    return updated;
  }
}

export function userNotFound(idOrEmail: string): ApiError {
  return new ApiError('user.not_found', `no user ${idOrEmail} exists`);
}
