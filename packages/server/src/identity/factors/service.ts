import QRCode from 'qrcode';
import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { newId } from '../../core/ids-and-secrets.js';
import type { Caller } from '../../core/principal.js';
import type { RateLimiter, RateLimitRule } from '../../core/rate-limiter.js';
import type { ServerKey } from '../../core/server-key.js';
import { requireRecentAuthentication } from '../../core/step-up.js';
import type { Transactional } from '../../storage/transactional.js';
import type { SessionStore } from '../sessions/store.js';
import type { User, UserStore } from '../users/store.js';
import { mintRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.js';
import type { Factor, FactorStore } from './store.js';

/** The stores FactorService reads and writes. */
export interface FactorServiceStores {
  factors: FactorStore;
  users: UserStore;
  audit: AuditStore;
  /** Removing a factor ends the user's other sessions. */
  sessions: Pick<SessionStore, 'listForUser' | 'delete'>;
}

import { looksLikeTotpCode, newTotpSecret, totpStepOf, totpUri } from './totp.js';

export interface FactorSettings {
  /** Shown by authenticator apps next to the account (the issuer's host). */
  issuerName: string;
  stepUpWindowSeconds: number;
  /** Wrong second-factor codes allowed per user and window, at sign-in and step-up alike. */
  attempts: RateLimitRule;
}

/** A TOTP enrolment not confirmed within this time is dropped at the next one. */
const ENROLMENT_TTL_MS = 10 * 60_000;
const RECOVERY_HASH_PURPOSE = 'recovery-code';

export interface TotpEnrolment {
  factor: Factor;
  /** Base32 secret, for typing into an app; shown once. */
  secret: string;
  uri: string;
  /** The URI as an SVG QR code, a data: URL. */
  qrCode: string;
}

/**
 * A user's second factors: TOTP authenticators (RFC 6238), passkeys (see passkeys.ts) and recovery codes.
 * Codes are checked here for sign-in and step-up alike, throttled per user, and each is good once.
 */
export class FactorService {
  constructor(
    private readonly deps: {
      storage: Transactional<FactorServiceStores>;
      clock: Clock;
      serverKey: ServerKey;
      limiter: RateLimiter;
      settings: FactorSettings;
    },
  ) {}

  async list(
    caller: Caller,
  ): Promise<{ factors: Factor[]; recoveryCodes: { total: number; unused: number } }> {
    const userId = requireUser(caller);
    const { factors } = this.deps.storage.stores;
    return {
      factors: await factors.listForUser(userId, { confirmedOnly: true }),
      recoveryCodes: await factors.countRecoveryCodes(userId),
    };
  }

  /** Starts adding an authenticator app: a new secret, its URI and QR code; confirmed by a first code. */
  async startTotp(caller: Caller, input: { name?: string | undefined }): Promise<TotpEnrolment> {
    const userId = requireUser(caller);
    const { storage, clock, serverKey, settings } = this.deps;
    const user = await storage.stores.users.findById(userId);
    if (!user) throw new ApiError('auth.required', 'your account no longer exists; sign in again');
    const now = clock.now();
    await storage.stores.factors.deleteUnconfirmed(userId, now - ENROLMENT_TTL_MS);
    const secret = newTotpSecret();
    const id = newId();
    const factor: Factor = {
      id,
      userId,
      kind: 'totp',
      name: input.name?.trim() || 'Authenticator app',
      secretEnc: serverKey.encrypt(secret, totpContext(id)),
      lastStep: null,
      credentialId: null,
      publicKey: null,
      signCount: null,
      transports: [],
      amr: null,
      confirmedAt: null,
      createdAt: now,
      lastUsedAt: null,
    };
    await storage.stores.factors.insert(factor);
    const uri = totpUri(secret, user.email, settings.issuerName);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const qrCode = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
    return { factor, secret, uri, qrCode };
  }

  /**
   * Confirms an authenticator app with its first code. The first factor of an account comes with ten recovery
   * codes, returned here once.
   */
  async confirmTotp(
    caller: Caller,
    id: string,
    code: string,
  ): Promise<{ factor: Factor; recoveryCodes: string[] | null }> {
    const userId = requireUser(caller);
    const { storage, clock } = this.deps;
    const factor = await storage.stores.factors.findById(userId, id);
    if (factor?.kind !== 'totp' || factor.confirmedAt !== null) throw factorNotFound(id);
    const now = clock.now();
    if (factor.createdAt + ENROLMENT_TTL_MS <= now) {
      throw new ApiError(
        'factor.invalid_code',
        'this enrolment is older than 10 minutes; start again with POST /api/v1/me/factors/totp',
      );
    }
    await this.#throttle(userId);
    const step = totpStepOf(this.#secretOf(factor), code.replace(/\s+/g, ''), now);
    if (step === null || !(await storage.stores.factors.useTotpStep(factor.id, step, now))) {
      await this.#countFailure(userId);
      throw invalidCode();
    }
    return storage.transaction(async (stores) => {
      await stores.factors.confirm(userId, factor.id, now);
      const recoveryCodes = await this.#afterAdding(stores, caller, { ...factor, confirmedAt: now }, now);
      return { factor: { ...factor, confirmedAt: now, lastStep: step }, recoveryCodes };
    });
  }

  /** Stores a factor verified elsewhere (a passkey); the account's first factor brings recovery codes. */
  async addConfirmed(
    caller: Caller,
    factor: Factor,
  ): Promise<{ factor: Factor; recoveryCodes: string[] | null }> {
    const now = this.deps.clock.now();
    return this.deps.storage.transaction(async (stores) => {
      await stores.factors.insert(factor);
      return { factor, recoveryCodes: await this.#afterAdding(stores, caller, factor, now) };
    });
  }

  async #afterAdding(
    stores: FactorServiceStores,
    caller: Caller,
    factor: Factor,
    now: number,
  ): Promise<string[] | null> {
    const recoveryCodes =
      (await stores.factors.countRecoveryCodes(factor.userId)).unused === 0
        ? await this.#replaceRecoveryCodes(stores, factor.userId, now)
        : null;
    await stores.audit.insert([
      auditEvent(caller, now, {
        action: 'factor.added',
        target: { kind: 'user', id: factor.userId },
        details: { factorId: factor.id, kind: factor.kind },
      }),
    ]);
    return recoveryCodes;
  }

  /** Ten new recovery codes, shown once; the old ones stop working. Needs a recent factor (step-up). */
  async regenerateRecoveryCodes(caller: Caller): Promise<string[]> {
    const userId = requireUser(caller);
    const { storage, clock, settings } = this.deps;
    const now = clock.now();
    requireRecentAuthentication(caller, now, settings.stepUpWindowSeconds, 'new recovery codes');
    if ((await storage.stores.factors.listForUser(userId, { confirmedOnly: true })).length === 0) {
      throw new ApiError(
        'factor.required',
        'recovery codes stand in for a second factor; add an authenticator app or passkey first',
      );
    }
    return storage.transaction(async (stores) => {
      const codes = await this.#replaceRecoveryCodes(stores, userId, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'factor.recovery_codes_replaced',
          target: { kind: 'user', id: userId },
        }),
      ]);
      return codes;
    });
  }

  /** Removes a factor (step-up first); with the last one go the recovery codes. */
  async remove(caller: Caller, id: string): Promise<void> {
    const userId = requireUser(caller);
    const { storage, clock, settings } = this.deps;
    const now = clock.now();
    requireRecentAuthentication(caller, now, settings.stepUpWindowSeconds, 'removing a second factor');
    await storage.transaction(async (stores) => {
      const factor = await stores.factors.findById(userId, id);
      if (!factor || !(await stores.factors.delete(userId, id))) throw factorNotFound(id);
      const left = await stores.factors.listForUser(userId, { confirmedOnly: true });
      if (left.length === 0) await stores.factors.deleteRecoveryCodes(userId);
      // A removed factor may be a stolen one: every other session ends, as on a password change (ASVS 7.4.3).
      const current = caller.principal.credential.id;
      const others = (await stores.sessions.listForUser(userId)).filter((s) => !s.idHash.startsWith(current));
      for (const session of others) await stores.sessions.delete(session.idHash);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'factor.removed',
          target: { kind: 'user', id: userId },
          details: {
            factorId: id,
            kind: factor.kind,
            remaining: left.length,
            otherSessionsEnded: others.length,
          },
        }),
      ]);
    });
  }

  /** Whether the user has a confirmed factor (sign-in asks for one, step-up needs one rather than a password). */
  async hasFactor(userId: string): Promise<boolean> {
    return (await this.deps.storage.stores.factors.listForUser(userId, { confirmedOnly: true })).length > 0;
  }

  /**
   * Checks a typed code for `user`: a TOTP code of any of their authenticators (each time step once), or one of
   * their unused recovery codes (each once). Returns the RFC 8176 method; throttled per user.
   */
  async checkCode(caller: Caller, user: User, typed: string): Promise<'otp'> {
    const { storage, clock, serverKey } = this.deps;
    await this.#throttle(user.id);
    const now = clock.now();
    const compact = typed.replace(/\s+/g, '');
    let used: 'totp' | 'recovery' | null = null;
    if (looksLikeTotpCode(compact)) {
      const totps = (await storage.stores.factors.listForUser(user.id, { confirmedOnly: true })).filter(
        (factor) => factor.kind === 'totp',
      );
      for (const factor of totps) {
        const step = totpStepOf(this.#secretOf(factor), compact, now);
        if (step !== null && (await storage.stores.factors.useTotpStep(factor.id, step, now))) {
          used = 'totp';
          break;
        }
      }
    } else {
      const normalized = normalizeRecoveryCode(compact);
      const hash = normalized && serverKey.hashSecret(RECOVERY_HASH_PURPOSE, `${user.id}:${normalized}`);
      if (hash && (await storage.stores.factors.useRecoveryCode(user.id, hash, now))) used = 'recovery';
    }
    if (used === null) {
      await this.#countFailure(user.id);
      await storage.stores.audit.insert([
        auditEvent(caller, now, {
          action: 'session.second_factor_failed',
          actor: { kind: 'user', id: user.id },
          target: { kind: 'user', id: user.id },
        }),
      ]);
      throw invalidCode();
    }
    if (used === 'recovery') {
      await storage.stores.audit.insert([
        auditEvent(caller, now, {
          action: 'factor.recovery_code_used',
          actor: { kind: 'user', id: user.id },
          target: { kind: 'user', id: user.id },
          details: { unused: (await storage.stores.factors.countRecoveryCodes(user.id)).unused },
        }),
      ]);
    }
    // RFC 8176 has no value for recovery codes; they are one-time passwords, so both read `otp`.
    return 'otp';
  }

  async #replaceRecoveryCodes(stores: FactorServiceStores, userId: string, now: number): Promise<string[]> {
    const codes = mintRecoveryCodes();
    const hashes = codes.map((code) =>
      this.deps.serverKey.hashSecret(RECOVERY_HASH_PURPOSE, `${userId}:${code}`),
    );
    await stores.factors.replaceRecoveryCodes(userId, hashes, now);
    return codes;
  }

  #secretOf(factor: Factor): string {
    if (!factor.secretEnc) throw new TypeError(`TOTP factor ${factor.id} has no secret`);
    return this.deps.serverKey.decrypt(factor.secretEnc, totpContext(factor.id)).toString('utf8');
  }

  async #throttle(userId: string): Promise<void> {
    const wait = await this.deps.limiter.retryAfter(attemptKey(userId), this.deps.settings.attempts);
    if (wait > 0) {
      throw new ApiError(
        'auth.rate_limited',
        `too many wrong codes for this account; try again in ${wait} seconds`,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }
  }

  async #countFailure(userId: string): Promise<void> {
    await this.deps.limiter.hit(attemptKey(userId), this.deps.settings.attempts);
  }
}

function requireUser(caller: Caller): string {
  const { principal } = caller;
  if (principal.kind !== 'user' || principal.credential.type !== 'session') {
    throw new ApiError(
      'auth.forbidden',
      'second factors are managed from a console session, not with an access token or signed request',
    );
  }
  return principal.subjectId;
}

function totpContext(factorId: string): string {
  return `user_factors.secret_enc:${factorId}`;
}

function attemptKey(userId: string): string {
  return `second-factor:user:${userId}`;
}

function factorNotFound(id: string): ApiError {
  return new ApiError(
    'factor.not_found',
    `you have no second factor ${id}; GET /api/v1/me/factors lists yours`,
  );
}

function invalidCode(): ApiError {
  return new ApiError(
    'factor.invalid_code',
    'the code is wrong, expired or already used; type the current code of your authenticator app, or an unused recovery code',
  );
}
