import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { newId } from '../../core/ids-and-secrets.js';
import type { Caller } from '../../core/principal.js';
import type { ServerKey } from '../../core/server-key.js';
import type { Transactional } from '../../storage/transactional.js';
import type { User, UserStore } from '../users/store.js';
import type { FactorService } from './service.js';
import type { ChallengePurpose, Factor, FactorStore } from './store.js';

/** The stores PasskeyService reads and writes. */
export interface PasskeyServiceStores {
  factors: FactorStore;
  users: UserStore;
}

/** How long a browser has to answer a WebAuthn challenge. */
const CHALLENGE_TTL_MS = 5 * 60_000;
const CHALLENGE_HASH_PURPOSE = 'webauthn-challenge';

/** A verified passkey assertion: whose it is, and its RFC 8176 methods (hwk or swk, and user verification). */
export interface PasskeyAssertion {
  user: User;
  amr: string[];
}

/**
 * WebAuthn passkeys (W3C WebAuthn Level 3) through @simplewebauthn/server: registration as a second factor,
 * and assertions for a second step, step-up, or a sign-in on their own (discoverable credentials with user
 * verification: possession and a PIN or biometric, two factors). The relying party is Keyward's issuer: its
 * host is the RP ID and its origin the only one accepted.
 */
export class PasskeyService {
  constructor(
    private readonly deps: {
      storage: Transactional<PasskeyServiceStores>;
      clock: Clock;
      serverKey: ServerKey;
      factors: FactorService;
      issuer: string;
    },
  ) {}

  /** Options for navigator.credentials.create(): a resident key with user verification, not one already held. */
  async registrationOptions(caller: Caller): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const user = await this.#sessionUser(caller);
    const passkeys = await this.#passkeysOf(user.id);
    const options = await generateRegistrationOptions({
      rpName: 'Keyward',
      rpID: this.#rpId,
      userName: user.email,
      userDisplayName: user.name || user.email,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: passkeys.map((factor) => ({
        id: factor.credentialId ?? '',
        transports: factor.transports,
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await this.#remember(options.challenge, 'register', user.id);
    return options;
  }

  /** Checks the browser's answer to `registrationOptions` and adds the passkey; the first factor brings recovery codes. */
  async register(
    caller: Caller,
    input: { name?: string | undefined; response: RegistrationResponseJSON },
  ): Promise<{ factor: Factor; recoveryCodes: string[] | null }> {
    const user = await this.#sessionUser(caller);
    const now = this.deps.clock.now();
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: (challenge) => this.#take(challenge, 'register', user.id),
        expectedOrigin: this.#origin,
        expectedRPID: this.#rpId,
        requireUserVerification: true,
      });
    } catch (error) {
      throw invalidPasskey(error);
    }
    if (!verified.verified) throw invalidPasskey(null);
    const { credential, credentialDeviceType } = verified.registrationInfo;
    if (await this.deps.storage.stores.factors.findByCredentialId(credential.id)) {
      throw new ApiError('factor.invalid_passkey', 'this passkey is already registered');
    }
    const factor: Factor = {
      id: newId(),
      userId: user.id,
      kind: 'passkey',
      name: input.name?.trim() || 'Passkey',
      secretEnc: null,
      lastStep: null,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? [],
      // A passkey that can be synced to other devices is a software key; one bound to its device, hardware.
      amr: credentialDeviceType === 'multiDevice' ? 'swk' : 'hwk',
      confirmedAt: now,
      createdAt: now,
      lastUsedAt: null,
    };
    return this.deps.factors.addConfirmed(caller, factor);
  }

  /**
   * Options for navigator.credentials.get(): for `user`'s own passkeys (second step, step-up), or for any
   * discoverable one when nobody is signed in yet (passkey sign-in).
   */
  async authenticationOptions(user: User | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = user ? await this.#passkeysOf(user.id) : [];
    if (user && passkeys.length === 0) {
      throw new ApiError('factor.required', 'you have no passkey; use a code from your authenticator app');
    }
    const options = await generateAuthenticationOptions({
      rpID: this.#rpId,
      userVerification: 'required',
      allowCredentials: passkeys.map((factor) => ({
        id: factor.credentialId ?? '',
        transports: factor.transports,
      })),
    });
    await this.#remember(options.challenge, user ? 'authenticate' : 'sign-in', user?.id ?? null);
    return options;
  }

  /** Verifies an assertion answering `authenticationOptions(user)`; the passkey must be `user`'s when given. */
  async verifyAssertion(user: User | null, response: AuthenticationResponseJSON): Promise<PasskeyAssertion> {
    const { storage, clock } = this.deps;
    const factor = await storage.stores.factors.findByCredentialId(response.id);
    if (!factor?.publicKey || factor.confirmedAt === null || (user && factor.userId !== user.id)) {
      throw new ApiError('factor.invalid_passkey', 'this passkey is not registered for this account');
    }
    const owner = user ?? (await storage.stores.users.findById(factor.userId));
    if (!owner || owner.disabledAt !== null) {
      throw new ApiError('factor.invalid_passkey', 'this passkey is not registered for an active account');
    }
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: (challenge) =>
          this.#take(challenge, user ? 'authenticate' : 'sign-in', user?.id ?? null),
        expectedOrigin: this.#origin,
        expectedRPID: this.#rpId,
        credential: {
          id: factor.credentialId ?? '',
          publicKey: new Uint8Array(Buffer.from(factor.publicKey, 'base64url')),
          counter: factor.signCount ?? 0,
          transports: factor.transports as AuthenticatorTransport[],
        },
        requireUserVerification: true,
      });
    } catch (error) {
      throw invalidPasskey(error);
    }
    if (!verified.verified) throw invalidPasskey(null);
    await storage.stores.factors.usePasskey(factor.id, verified.authenticationInfo.newCounter, clock.now());
    return { user: owner, amr: [factor.amr ?? 'hwk', 'user'] };
  }

  get #rpId(): string {
    return new URL(this.deps.issuer).hostname;
  }

  get #origin(): string {
    return new URL(this.deps.issuer).origin;
  }

  async #sessionUser(caller: Caller): Promise<User> {
    const { principal } = caller;
    if (principal.kind !== 'user' || principal.credential.type !== 'session') {
      throw new ApiError('auth.forbidden', 'passkeys are added from a console session');
    }
    const user = await this.deps.storage.stores.users.findById(principal.subjectId);
    if (!user) throw new ApiError('auth.required', 'your account no longer exists; sign in again');
    return user;
  }

  async #passkeysOf(userId: string): Promise<Factor[]> {
    const factors = await this.deps.storage.stores.factors.listForUser(userId, { confirmedOnly: true });
    return factors.filter((factor) => factor.kind === 'passkey' && factor.credentialId);
  }

  async #remember(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<void> {
    const { storage, clock, serverKey } = this.deps;
    const now = clock.now();
    await storage.stores.factors.deleteExpiredChallenges(now);
    await storage.stores.factors.insertChallenge({
      challengeHash: serverKey.hashSecret(CHALLENGE_HASH_PURPOSE, challenge),
      purpose,
      userId,
      expiresAt: now + CHALLENGE_TTL_MS,
    });
  }

  /** A challenge is answered once: taking it deletes it. */
  #take(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<boolean> {
    const { storage, clock, serverKey } = this.deps;
    const hash = serverKey.hashSecret(CHALLENGE_HASH_PURPOSE, challenge);
    return storage.stores.factors.takeChallenge(hash, purpose, userId, clock.now());
  }
}

function invalidPasskey(cause: unknown): ApiError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new ApiError(
    'factor.invalid_passkey',
    `the passkey's answer does not verify${reason}; ask for new options and try again`,
  );
}
