import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { randomToken } from '../../core/ids-and-secrets.js';
import { anonymousCaller, type Caller, type Principal } from '../../core/principal.js';
import type { RateLimiter, RateLimitRule } from '../../core/rate-limiter.js';
import { type ServerKey, safeEqual } from '../../core/server-key.js';
import type { Transactional } from '../../storage/transactional.js';
import type { FactorStore } from '../factors/store.js';
import { verifyPassword } from '../users/passwords.js';
import { normalizeEmail } from '../users/service.js';
import type { User, UserStore } from '../users/store.js';
import type { SessionStore } from './store.js';

/** The stores SessionService reads and writes. */
export interface SessionServiceStores {
  sessions: SessionStore;
  /** A right password asks for a second factor when the user has one. */
  factors: Pick<FactorStore, 'listForUser'>;
  users: UserStore;
  audit: AuditStore;
}

export interface SessionSettings {
  idleTtlSeconds: number;
  maxTtlSeconds: number;
  loginRateLimit: { windowSeconds: number; perAccount: number; perIp: number };
}

export interface SignedIn {
  /** Goes into the cookie; never stored. */
  sessionId: string;
  csrfToken: string;
  user: User;
  expiresAt: number;
  /** The password was right and the user has a second factor: the session is good for nothing else yet. */
  pendingFactor: boolean;
}

/** Where a sign-in comes from, for the session row and the audit trail. */
export interface SignInOrigin {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  previousSessionId: string | null;
}

export interface ActiveSession {
  principal: Principal;
  idHash: string;
  csrfToken: string;
  /** When the user signed in (an ID token's auth_time). */
  signedInAt: number;
  /** How (RFC 8176 amr) and when the user last proved who they are. */
  amr: string[];
  authenticatedAt: number;
  /** The user must choose a new password before anything else (the first operator's generated one). */
  mustChangePassword: boolean;
}

/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const SESSION_HASH_PURPOSE = 'session';
/** How long a right password waits for its second factor. */
const PENDING_FACTOR_TTL_MS = 5 * 60_000;

/** Console sign-in: password check with brute-force limits, server-side sessions, CSRF tokens. */
export class SessionService {
  constructor(
    private readonly deps: {
      storage: Transactional<SessionServiceStores>;
      clock: Clock;
      serverKey: ServerKey;
      limiter: RateLimiter;
      settings: SessionSettings;
    },
  ) {}

  async signIn(input: { email: string; password: string }, origin: SignInOrigin): Promise<SignedIn> {
    const { storage, clock, limiter } = this.deps;
    const email = normalizeEmail(input.email);
    const rules = this.#rules(email, origin.ip);
    for (const { key, rule, who } of rules) {
      const wait = await limiter.retryAfter(key, rule);
      if (wait > 0) {
        throw new ApiError(
          'auth.rate_limited',
          `too many failed sign-ins for this ${who}; try again in ${wait} seconds`,
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
      }
    }

    const user = await storage.stores.users.findByEmail(email);
    // Unknown e-mail, wrong password and disabled account all cost one argon2 verification and read alike.
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
    const now = clock.now();
    const anonymous = anonymousCaller(origin.ip, origin.requestId);
    if (!user || !passwordOk || user.disabledAt !== null) {
      for (const { key, rule } of rules) await limiter.hit(key, rule);
      await storage.stores.audit.insert([
        auditEvent(anonymous, now, {
          action: 'session.sign_in_failed',
          actor: { kind: 'anonymous', id: email },
          target: { kind: 'user', id: user?.id ?? 'unknown' },
          details: { reason: !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'disabled' },
        }),
      ]);
      throw new ApiError('auth.invalid_credentials', 'the e-mail or password is not correct');
    }

    await limiter.reset(rules[0]?.key ?? '');
    const { passwordHash: _omit, ...publicUser } = user;
    // A user with a second factor gets a pending session: it proves the password only (ASVS 6.3.3).
    const factors = await storage.stores.factors.listForUser(user.id, { confirmedOnly: true });
    return this.#open(publicUser, origin, { amr: ['pwd'], pendingFactor: factors.length > 0 });
  }

  /**
   * Ends a pending session whose user just presented a second factor (`methods`, RFC 8176 values) and opens a
   * full one under a new id, so the cookie of the half-way state never becomes a signed-in one.
   */
  async completeSignIn(
    pendingSessionId: string,
    methods: readonly string[],
    origin: SignInOrigin,
  ): Promise<SignedIn> {
    const pending = await this.resolvePending(pendingSessionId);
    if (!pending) {
      throw new ApiError('auth.required', 'the sign-in took too long or was not started; sign in again');
    }
    return this.#open(
      pending.user,
      { ...origin, previousSessionId: pendingSessionId },
      {
        amr: [...new Set(['pwd', ...methods, 'mfa'])],
        pendingFactor: false,
      },
    );
  }

  /** A sign-in by a factor that is enough alone (a passkey: possession and user verification). */
  async signInWithoutPassword(user: User, amr: string[], origin: SignInOrigin): Promise<SignedIn> {
    return this.#open(user, origin, { amr, pendingFactor: false });
  }

  /** The user of a pending session (password right, second factor owed), if it is still live. */
  async resolvePending(sessionId: string): Promise<{ idHash: string; user: User } | undefined> {
    if (sessionId.length < 20 || sessionId.length > 100) return undefined;
    const { storage, clock } = this.deps;
    const idHash = this.#hash(sessionId);
    const session = await storage.stores.sessions.findByHash(idHash);
    if (!session?.pendingFactor || session.expiresAt <= clock.now()) return undefined;
    const user = await storage.stores.users.findById(session.userId);
    if (!user || user.disabledAt !== null) return undefined;
    return { idHash, user };
  }

  /** Step-up: the session's user presented a factor again; sensitive actions are allowed for a while. */
  async recordStepUp(session: ActiveSession, methods: readonly string[]): Promise<void> {
    const amr = [...new Set([...session.amr, ...methods])];
    await this.deps.storage.stores.sessions.markAuthenticated(session.idHash, amr, this.deps.clock.now());
  }

  async #open(
    user: User,
    origin: SignInOrigin,
    how: { amr: string[]; pendingFactor: boolean },
  ): Promise<SignedIn> {
    const { storage, clock, settings } = this.deps;
    const now = clock.now();
    const anonymous = anonymousCaller(origin.ip, origin.requestId);
    const sessionId = randomToken(32);
    const idHash = this.#hash(sessionId);
    const expiresAt = now + (how.pendingFactor ? PENDING_FACTOR_TTL_MS : settings.maxTtlSeconds * 1000);
    await storage.transaction(async (stores) => {
      if (origin.previousSessionId) await stores.sessions.delete(this.#hash(origin.previousSessionId));
      await stores.sessions.insert({
        idHash,
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: origin.ip,
        userAgent: origin.userAgent?.slice(0, 512) ?? null,
        amr: how.amr,
        authenticatedAt: now,
        pendingFactor: how.pendingFactor,
      });
      await stores.audit.insert([
        auditEvent({ ...anonymous, principal: sessionPrincipal(user, idHash) }, now, {
          action: how.pendingFactor ? 'session.second_factor_requested' : 'session.signed_in',
          target: { kind: 'user', id: user.id },
          details: { amr: how.amr },
        }),
      ]);
    });
    const csrfToken = this.deps.serverKey.csrfTokenFor(sessionId);
    return { sessionId, csrfToken, user, expiresAt, pendingFactor: how.pendingFactor };
  }

  /** The session behind a cookie value, or undefined when it is unknown, expired, idle too long or its user disabled. */
  async resolve(sessionId: string): Promise<ActiveSession | undefined> {
    if (sessionId.length < 20 || sessionId.length > 100) return undefined;
    const { storage, clock, settings } = this.deps;
    const idHash = this.#hash(sessionId);
    const session = await storage.stores.sessions.findByHash(idHash);
    const now = clock.now();
    if (!session || session.pendingFactor) return undefined;
    if (session.expiresAt <= now || session.lastSeenAt + settings.idleTtlSeconds * 1000 <= now) {
      await storage.stores.sessions.delete(idHash);
      return undefined;
    }
    const user = await storage.stores.users.findById(session.userId);
    if (!user || user.disabledAt !== null) return undefined;
    if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) await storage.stores.sessions.touch(idHash, now);
    return {
      principal: sessionPrincipal(user, idHash),
      idHash,
      csrfToken: this.deps.serverKey.csrfTokenFor(sessionId),
      signedInAt: session.createdAt,
      amr: session.amr,
      authenticatedAt: session.authenticatedAt,
      mustChangePassword: user.mustChangePassword === true,
    };
  }

  /** Whether `presented` is the CSRF token of the session `sessionId` (constant time). */
  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    return presented !== undefined && safeEqual(this.deps.serverKey.csrfTokenFor(sessionId), presented);
  }

  async signOut(caller: Caller, sessionId: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      await stores.sessions.delete(this.#hash(sessionId));
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'session.signed_out',
          target: { kind: 'user', id: caller.principal.subjectId },
        }),
      ]);
    });
  }

  /** Deletes sessions past their lifetime; run periodically by any node. */
  async deleteExpired(): Promise<number> {
    return this.deps.storage.stores.sessions.deleteExpired(
      this.deps.clock.now(),
      this.deps.settings.idleTtlSeconds * 1000,
    );
  }

  #hash(sessionId: string): string {
    return this.deps.serverKey.hashSecret(SESSION_HASH_PURPOSE, sessionId);
  }

  /** Per account (a guessing attack on one user) and per address (one source trying many users). */
  #rules(email: string, ip: string | null): { key: string; rule: RateLimitRule; who: string }[] {
    const { windowSeconds, perAccount, perIp } = this.deps.settings.loginRateLimit;
    const rules = [
      {
        key: `sign-in:account:${this.deps.serverKey.hashSecret('rate-limit', email)}`,
        rule: { limit: perAccount, windowSeconds },
        who: 'account',
      },
    ];
    if (ip) rules.push({ key: `sign-in:ip:${ip}`, rule: { limit: perIp, windowSeconds }, who: 'address' });
    return rules;
  }
}

export function sessionPrincipal(user: User, idHash: string): Principal {
  return {
    kind: 'user',
    subjectId: user.id,
    orgId: null,
    platformRoles: user.platformRoles,
    credential: { type: 'session', id: idHash.slice(0, 16) },
    scope: null,
  };
}
