import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { ApiError } from '../../core/errors.js';
import type { Caller } from '../../core/principal.js';
import type { RateLimiter, RateLimitRule } from '../../core/rate-limiter.js';
import type { Transactional } from '../../storage/transactional.js';
import type { ActiveSession, SessionService, SignedIn, SignInOrigin } from '../sessions/service.js';
import { verifyPassword } from '../users/passwords.js';
import type { UserStore } from '../users/store.js';
import type { PasskeyService } from './passkeys.js';
import type { FactorService } from './service.js';

/** What a user presents to prove it is them: a code (authenticator or recovery), a passkey, or their password. */
export interface Proof {
  code?: string | undefined;
  passkey?: AuthenticationResponseJSON | undefined;
  password?: string | undefined;
}

/**
 * The second step of a sign-in (a pending session plus a code → a full session) and step-up (a live session
 * plus a fresh factor → sensitive actions allowed for KEYWARD_STEP_UP_WINDOW).
 */
export class SecondFactorSignIn {
  constructor(
    private readonly deps: {
      storage: Transactional<{ users: UserStore }>;
      limiter: RateLimiter;
      factors: FactorService;
      passkeys: PasskeyService;
      sessions: SessionService;
      attempts: RateLimitRule;
    },
  ) {}

  /** Finishes a sign-in whose password was right with an authenticator or recovery code. */
  async completeWithCode(pendingSessionId: string, code: string, origin: SignInOrigin): Promise<SignedIn> {
    const { factors, sessions } = this.deps;
    const pending = await sessions.resolvePending(pendingSessionId);
    if (!pending) throw signInAgain();
    const caller = pendingCaller(pending.user.id, origin);
    const method = await factors.checkCode(caller, pending.user, code);
    return sessions.completeSignIn(pendingSessionId, [method], origin);
  }

  /**
   * WebAuthn options for whoever the browser is: the pending or signed-in user's own passkeys (second step,
   * step-up), else any discoverable passkey (a sign-in with a passkey alone).
   */
  async passkeyOptions(sessionId: string | undefined): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { sessions, passkeys, storage } = this.deps;
    const pending = sessionId ? await sessions.resolvePending(sessionId) : undefined;
    if (pending) return passkeys.authenticationOptions(pending.user);
    const active = sessionId ? await sessions.resolve(sessionId) : undefined;
    const user = active ? await storage.stores.users.findById(active.principal.subjectId) : undefined;
    return passkeys.authenticationOptions(user ?? null);
  }

  /**
   * A passkey answer: finishes a pending sign-in (password, then passkey), or signs in on its own. A passkey
   * with user verification is two factors by itself: something held and a PIN or biometric (RFC 8176 `user`).
   */
  async signInWithPasskey(
    sessionId: string | undefined,
    response: AuthenticationResponseJSON,
    origin: SignInOrigin,
  ): Promise<SignedIn> {
    const { sessions, passkeys } = this.deps;
    const pending = sessionId ? await sessions.resolvePending(sessionId) : undefined;
    if (pending && sessionId) {
      const { amr } = await passkeys.verifyAssertion(pending.user, response);
      return sessions.completeSignIn(sessionId, amr, origin);
    }
    const { user, amr } = await passkeys.verifyAssertion(null, response);
    return sessions.signInWithoutPassword(user, [...amr, 'mfa'], origin);
  }

  /**
   * Step-up: a user with a second factor confirms with a code; one without, with their password. The session
   * then counts as freshly authenticated.
   */
  async stepUp(caller: Caller, session: ActiveSession, proof: Proof): Promise<void> {
    const { storage, factors, sessions } = this.deps;
    const user = await storage.stores.users.findById(session.principal.subjectId);
    if (!user) throw signInAgain();
    if (proof.passkey) {
      await sessions.recordStepUp(
        session,
        (await this.deps.passkeys.verifyAssertion(user, proof.passkey)).amr,
      );
      return;
    }
    if (await factors.hasFactor(user.id)) {
      if (!proof.code) {
        throw new ApiError(
          'factor.invalid_code',
          'your account has a second factor: confirm with your passkey, a code from your authenticator app or a recovery code',
        );
      }
      await sessions.recordStepUp(session, [await factors.checkCode(caller, user, proof.code)]);
      return;
    }
    if (!proof.password) {
      throw new ApiError('auth.invalid_credentials', 'confirm with your password');
    }
    await this.#checkPassword(user.id, user.email, proof.password);
    await sessions.recordStepUp(session, ['pwd']);
  }

  async #checkPassword(userId: string, email: string, password: string): Promise<void> {
    const { storage, limiter, attempts } = this.deps;
    const key = `step-up:user:${userId}`;
    const wait = await limiter.retryAfter(key, attempts);
    if (wait > 0) {
      throw new ApiError(
        'auth.rate_limited',
        `too many wrong passwords; try again in ${wait} seconds`,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }
    const withPassword = await storage.stores.users.findByEmail(email);
    if (!(await verifyPassword(withPassword?.passwordHash ?? null, password))) {
      await limiter.hit(key, attempts);
      throw new ApiError('auth.invalid_credentials', 'the password is not correct');
    }
  }
}

function pendingCaller(userId: string, origin: SignInOrigin): Caller {
  return {
    principal: {
      kind: 'anonymous',
      subjectId: userId,
      orgId: null,
      platformRoles: [],
      credential: { type: 'none', id: 'pending-second-factor' },
      scope: null,
    },
    ip: origin.ip,
    requestId: origin.requestId,
  };
}

function signInAgain(): ApiError {
  return new ApiError(
    'auth.required',
    'the sign-in took longer than 5 minutes or was not started; sign in again with your e-mail and password',
  );
}

/** The answer to a right password when a second factor is owed; the pending session's cookie goes with it. */
export function secondFactorRequired(csrfToken: string): ApiError {
  return new ApiError(
    'auth.second_factor_required',
    'the password is right; now send a code from your authenticator app (or a recovery code) to ' +
      'POST /api/v1/session/second-factor, or a passkey to POST /api/v1/session/passkey, within 5 minutes',
    // The pending session's CSRF token: the second step is a cookie-authenticated change like any other.
    { methods: ['totp', 'recovery_code', 'passkey'], csrfToken },
  );
}
