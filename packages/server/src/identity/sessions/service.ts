import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { randomToken } from '../../core/ids-and-secrets.js';
import type { Locked, LockoutBucket, LockoutRule, Lockouts } from '../../core/lockouts.js';
import { anonymousCaller, type Caller, type Principal } from '../../core/principal.js';
import { type ServerKey, safeEqual } from '../../core/server-key.js';
import type { Transactional } from '../../storage/transactional.js';
import type { FactorStore } from '../factors/store.js';
import { verifyPassword } from '../users/passwords.js';
import { normalizeEmail } from '../users/service.js';
import type { User, UserStore } from '../users/store.js';
import type { DeviceCookieStore } from './device-store.js';
import type { SessionStore } from './store.js';

/** The stores SessionService reads and writes. */
export interface SessionServiceStores {
  sessions: SessionStore;
  deviceCookies: DeviceCookieStore;
  /** A right password asks for a second factor when the user has one. */
  factors: Pick<FactorStore, 'listForUser'>;
  users: UserStore;
  audit: AuditStore;
}

export interface SessionSettings {
  idleTtlSeconds: number;
  maxTtlSeconds: number;
  /** Config['lockout']: the sign-in buckets' limits and the device cookies' lifetime. */
  lockout: {
    attempts: number;
    accountAttempts: number;
    addressAttempts: number;
    windowSeconds: number;
    baseSeconds: number;
    maxSeconds: number;
    deviceCookieTtlSeconds: number;
  };
}

export interface SignedIn {
  /** Goes into the cookie; never stored. */
  sessionId: string;
  csrfToken: string;
  user: User;
  expiresAt: number;
  /** The password was right and the user has a second factor: the session is good for nothing else yet. */
  pendingFactor: boolean;
  /** A completed sign-in: the browser's new device cookie value (this account's new token and its others). */
  device: { cookie: string; maxAgeSeconds: number } | null;
}

/** Where a sign-in comes from, for the session row and the audit trail. */
export interface SignInOrigin {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  previousSessionId: string | null;
  /** The device cookie values the browser presented (docs/accounts.md#device-cookies). */
  deviceTokens: readonly string[];
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
const DEVICE_HASH_PURPOSE = 'device-cookie';
/** The device cookie keeps this many other accounts' values besides the one just signed in to. */
const OTHER_DEVICE_TOKENS_KEPT = 4;

/** Console sign-in: password check with brute-force limits, server-side sessions, CSRF tokens. */
export class SessionService {
  constructor(
    private readonly deps: {
      storage: Transactional<SessionServiceStores>;
      clock: Clock;
      serverKey: ServerKey;
      lockouts: Pick<Lockouts, 'check' | 'fail' | 'clear'>;
      settings: SessionSettings;
    },
  ) {}

  /**
   * Password sign-in: lockout check → password → count the failure, or clear this browser's buckets and open
   * a session (pending when a second factor is owed). A browser with the account's device cookie is counted
   * in its own bucket, so failures from elsewhere never lock it out (OWASP device cookies).
   */
  async signIn(input: { email: string; password: string }, origin: SignInOrigin): Promise<SignedIn> {
    const { storage, clock, lockouts } = this.deps;
    const email = normalizeEmail(input.email);
    const user = await storage.stores.users.findByEmail(email);
    const device = user ? await this.#trustedDevice(user.id, origin.deviceTokens) : undefined;
    const buckets = this.#buckets(email, user?.id ?? null, origin.ip, device);
    const locked = await lockouts.check(buckets);
    if (locked) throw lockedOut(locked);

    // Unknown e-mail, wrong password and disabled account all cost one argon2 verification and read alike.
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
    const now = clock.now();
    const anonymous = anonymousCaller(origin.ip, origin.requestId);
    if (!user || !passwordOk || user.disabledAt !== null) {
      await lockouts.fail(buckets);
      await storage.stores.audit.insert([
        auditEvent(anonymous, now, {
          action: 'session.sign_in_failed',
          actor: { kind: 'anonymous', id: email },
          target: { kind: 'user', id: user?.id ?? 'unknown' },
          details: {
            reason: !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'disabled',
            trustedDevice: device !== undefined,
          },
        }),
      ]);
      throw new ApiError('auth.invalid_credentials', 'the e-mail or password is not correct');
    }

    // The address's bucket is not cleared: one right password must not wipe failures against other accounts.
    await lockouts.clear(buckets.filter((b) => b.scope === 'account_address' || b.scope === 'device'));
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
    const previousDevice = how.pendingFactor
      ? undefined
      : await this.#trustedDevice(user.id, origin.deviceTokens);
    const deviceToken = how.pendingFactor ? null : randomToken(32);
    await storage.transaction(async (stores) => {
      if (origin.previousSessionId) await stores.sessions.delete(this.#hash(origin.previousSessionId));
      if (deviceToken) {
        // A new value at every completed sign-in (OWASP: "issue new device cookie"); the old one ends.
        if (previousDevice) await stores.deviceCookies.delete(previousDevice.idHash);
        await stores.deviceCookies.insert({
          idHash: this.#deviceHash(deviceToken),
          userId: user.id,
          createdAt: now,
          expiresAt: now + settings.lockout.deviceCookieTtlSeconds * 1000,
        });
      }
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
    const device = deviceToken
      ? {
          cookie: [
            ...origin.deviceTokens
              .filter((token) => token !== previousDevice?.token)
              .slice(-OTHER_DEVICE_TOKENS_KEPT),
            deviceToken,
          ].join('.'),
          maxAgeSeconds: settings.lockout.deviceCookieTtlSeconds,
        }
      : null;
    return { sessionId, csrfToken, user, expiresAt, pendingFactor: how.pendingFactor, device };
  }

  /** The one of `tokens` that is a live device cookie of `userId`, if any. */
  async #trustedDevice(
    userId: string,
    tokens: readonly string[],
  ): Promise<{ token: string; idHash: string } | undefined> {
    if (tokens.length === 0) return undefined;
    const hashes = tokens.map((token) => ({ token, idHash: this.#deviceHash(token) }));
    const found = await this.deps.storage.stores.deviceCookies.findForUser(
      userId,
      hashes.map((h) => h.idHash),
      this.deps.clock.now(),
    );
    return found && hashes.find((h) => h.idHash === found.idHash);
  }

  #deviceHash(token: string): string {
    return this.deps.serverKey.hashSecret(DEVICE_HASH_PURPOSE, token);
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

  /**
   * A browser with the account's device cookie: its own bucket only. Any other: (account, address), the
   * account for all untrusted browsers (a guesser spread over many addresses), and the address (one source
   * trying many accounts).
   */
  #buckets(
    email: string,
    userId: string | null,
    ip: string | null,
    device: { idHash: string } | undefined,
  ): LockoutBucket[] {
    const { attempts, accountAttempts, addressAttempts, windowSeconds, baseSeconds, maxSeconds } =
      this.deps.settings.lockout;
    const rule = (limit: number): LockoutRule => ({
      attempts: limit,
      windowSeconds,
      baseSeconds,
      maxSeconds,
    });
    if (device) {
      return [{ key: `sign-in:device:${device.idHash}`, scope: 'device', userId, rule: rule(attempts) }];
    }
    const account = this.deps.serverKey.hashSecret('rate-limit', email);
    const buckets: LockoutBucket[] = [
      { key: `sign-in:account:${account}`, scope: 'account', userId, rule: rule(accountAttempts) },
    ];
    if (ip) {
      buckets.unshift({
        key: `sign-in:account-address:${account}:${ip}`,
        scope: 'account_address',
        userId,
        address: ip,
        rule: rule(attempts),
      });
      buckets.push({
        key: `sign-in:address:${ip}`,
        scope: 'address',
        address: ip,
        rule: rule(addressAttempts),
      });
    }
    return buckets;
  }
}

/** What a locked-out browser is told: which lockout, for how long, and what still works. */
function lockedOut(locked: Locked): ApiError {
  const wait = locked.retryAfterSeconds;
  const why: Record<string, string> = {
    device: 'from this browser',
    account_address: 'for this account from your address',
    account: 'for this account from browsers that have not signed in to it before',
    address: 'from your address',
  };
  const hint =
    locked.bucket.scope === 'device'
      ? ''
      : '; a browser you signed in with before still can, and an operator or your organization owner can lift the lockout';
  return new ApiError(
    'auth.rate_limited',
    `too many failed sign-ins ${why[locked.bucket.scope] ?? ''}; try again in ${wait} seconds${hint}`,
    { retryAfterSeconds: wait, lockout: locked.bucket.scope },
    { 'retry-after': String(wait) },
  );
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
