import { type CryptoKey, importJWK, type JWK } from 'jose';
import { describeError, invalidToken, VerifyError } from './errors.js';
import { type HttpSettings, requestJson } from './http.js';
import type { VerifierEvent } from './options.js';

/** Asymmetric JWS algorithms (RFC 7518, RFC 8037). `none` and the HMAC algorithms are never accepted. */
export const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
]);

/** A published key, imported once, with the one algorithm it may verify. */
export interface VerificationKey {
  kid: string;
  alg: string;
  key: CryptoKey;
  /** `[alg]`, made once: jose's allow-list for tokens checked with this key. */
  algorithms: string[];
}

export interface KeySetTiming {
  /** Keys fetched this long ago are used as they are; older ones trigger a background refetch. */
  cacheMaxAgeMs: number;
  /** How long past cacheMaxAge the last good keys keep verifying while refetches fail. Then: fail closed. */
  staleIfErrorMs: number;
  /** After a refetch that did not find an unknown `kid`, or a failed fetch: least time before the next. */
  cooldownMs: number;
}

interface Fetched {
  keys: Map<string, VerificationKey>;
  at: number;
}

/**
 * Keyward's signing keys, cached, with stale-if-error. The state of the copy in hand:
 *   fresh  (age ≤ maxAge)                  use it
 *   stale  (maxAge < age ≤ maxAge + bound) use it, and refetch in the background (one fetch in flight)
 *   too old (age > maxAge + bound)         a fetch must succeed first; if it fails, verification fails closed
 * A `kid` not in the copy triggers a refetch (a new key after `keyward keys rotate`); after a refetch that
 * did not find its kid, the next waits for the cooldown, so tokens with made-up `kid`s cannot make the
 * verifier hammer Keyward.
 * Each fetch replaces the whole set: a key Keyward stopped publishing stops verifying.
 */
export class KeySet {
  #fetched: Fetched | undefined;
  #inFlight: Promise<Fetched> | undefined;
  #lastFailure: { at: number; error: Error } | undefined;
  /** When a refetch for an unknown kid last came back without it. */
  #lastMiss = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      jwksUri: () => Promise<string>;
      http: HttpSettings;
      now: () => number;
      timing: KeySetTiming;
      /** Algorithms this verifier accepts at all (a subset of ASYMMETRIC_ALGORITHMS). */
      algorithms: ReadonlySet<string>;
      onEvent: (event: VerifierEvent) => void;
    },
  ) {}

  /**
   * The key `kid`, to verify a token whose header says `alg`. Synchronous when the copy in hand is usable and
   * holds the key (the hot path); a promise when something must be fetched first.
   */
  key(kid: string, alg: string): VerificationKey | Promise<VerificationKey> {
    const fetched = this.#fetched;
    if (fetched) {
      const age = this.deps.now() - fetched.at;
      const { cacheMaxAgeMs, staleIfErrorMs } = this.deps.timing;
      if (age <= cacheMaxAgeMs + staleIfErrorMs) {
        if (age > cacheMaxAgeMs) this.#refreshInBackground();
        const found = fetched.keys.get(kid);
        if (found) return checkAlg(found, alg);
        return this.#unknownKid(kid, alg);
      }
    }
    return this.#afterFetch(kid, alg);
  }

  /** Fetches the key set now (bypassing the cache and the cooldown), e.g. to warm up at start. */
  async refresh(): Promise<void> {
    await this.#fetch();
  }

  /** The copy in hand, for health checks: when it was fetched and the last failure since, if any. */
  status(): { fetchedAt: number | null; kids: string[]; lastError: string | null } {
    return {
      fetchedAt: this.#fetched?.at ?? null,
      kids: [...(this.#fetched?.keys.keys() ?? [])],
      lastError: this.#lastFailure ? this.#lastFailure.error.message : null,
    };
  }

  /** No usable copy: a fetch must succeed (unless one failed within the cooldown: fail fast with its error). */
  async #afterFetch(kid: string, alg: string): Promise<VerificationKey> {
    const failure = this.#lastFailure;
    if (
      this.#inFlight === undefined &&
      failure &&
      this.deps.now() - failure.at < this.deps.timing.cooldownMs
    ) {
      throw this.#unavailable(failure.error);
    }
    return this.#fetchAndFind(kid, alg);
  }

  /**
   * A kid the copy lacks: refetch (or join a fetch under way) and look again. After a refetch that did not
   * find its kid (made-up kids, or Keyward unreachable), further ones wait for the cooldown; a refetch that
   * found a new key sets no cooldown, so two rotations in a row are both picked up at once.
   */
  async #unknownKid(kid: string, alg: string): Promise<VerificationKey> {
    const now = this.deps.now();
    if (this.#inFlight === undefined && now - this.#lastMiss < this.deps.timing.cooldownMs)
      throw unknownKey(kid);
    try {
      return await this.#fetchAndFind(kid, alg);
    } catch (error) {
      this.#lastMiss = now;
      throw error;
    }
  }

  async #fetchAndFind(kid: string, alg: string): Promise<VerificationKey> {
    let fetched: Fetched;
    try {
      fetched = await this.#fetch();
    } catch (error) {
      throw this.#unavailable(error);
    }
    const found = fetched.keys.get(kid);
    if (!found) throw unknownKey(kid);
    return checkAlg(found, alg);
  }

  #refreshInBackground(): void {
    if (this.#inFlight !== undefined) return;
    const failure = this.#lastFailure;
    if (failure && this.deps.now() - failure.at < this.deps.timing.cooldownMs) return;
    // Failures are reported through onEvent by #fetch; the stale copy keeps serving meanwhile.
    this.#fetch().catch(() => {});
  }

  /** One fetch in flight at a time; every caller in the meantime shares it. */
  #fetch(): Promise<Fetched> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #load(): Promise<Fetched> {
    const started = this.deps.now();
    let url = '(unknown)';
    try {
      url = await this.deps.jwksUri();
      const document = await requestJson(this.deps.http, url);
      const keys = await this.#importKeys(document, url);
      const fetched = { keys, at: started };
      this.#fetched = fetched;
      this.#lastFailure = undefined;
      this.deps.onEvent({ type: 'jwks_fetched', url, kids: [...keys.keys()] });
      return fetched;
    } catch (error) {
      const wrapped = error instanceof Error ? error : new Error(String(error));
      this.#lastFailure = { at: started, error: wrapped };
      const staleUntil = this.#fetched
        ? this.#fetched.at + this.deps.timing.cacheMaxAgeMs + this.deps.timing.staleIfErrorMs
        : null;
      this.deps.onEvent({
        type: 'jwks_fetch_failed',
        url,
        error: describeError(wrapped),
        servingStaleUntil: staleUntil !== null && staleUntil > started ? staleUntil : null,
      });
      throw wrapped;
    }
  }

  async #importKeys(document: Record<string, unknown>, url: string): Promise<Map<string, VerificationKey>> {
    if (!Array.isArray(document.keys)) throw new Error(`${url} is not a JWK Set: it has no "keys" array`);
    const keys = new Map<string, VerificationKey>();
    for (const jwk of document.keys as JWK[]) {
      const skip = (reason: string) =>
        this.deps.onEvent({ type: 'jwk_skipped', kid: jwk?.kid ?? null, reason });
      if (jwk === null || typeof jwk !== 'object') continue;
      if (typeof jwk.kid !== 'string') {
        skip('it has no kid');
        continue;
      }
      if (jwk.use !== undefined && jwk.use !== 'sig') {
        skip(`its use is ${jwk.use}, not sig`);
        continue;
      }
      if (jwk.key_ops !== undefined && !jwk.key_ops.includes('verify')) {
        skip('its key_ops do not include verify');
        continue;
      }
      // The algorithm is the key's, never the token's choice (RFC 8725 §3.1): a key must say which it is for.
      if (typeof jwk.alg !== 'string' || !this.deps.algorithms.has(jwk.alg)) {
        skip(`its alg ${jwk.alg ?? '(none)'} is not one this verifier accepts`);
        continue;
      }
      try {
        const key = (await importJWK({ ...jwk, ext: false }, jwk.alg)) as CryptoKey;
        keys.set(jwk.kid, { kid: jwk.kid, alg: jwk.alg, key, algorithms: [jwk.alg] });
      } catch (error) {
        skip(`it could not be imported (${describeError(error)})`);
      }
    }
    if (keys.size === 0) throw new Error(`${url} holds no signing key this verifier can use`);
    return keys;
  }

  #unavailable(error: unknown): VerifyError {
    const { cacheMaxAgeMs, staleIfErrorMs } = this.deps.timing;
    const fetched = this.#fetched;
    const tooOld = fetched !== undefined && this.deps.now() - fetched.at > cacheMaxAgeMs + staleIfErrorMs;
    const consequence = tooOld
      ? `; the last keys (fetched ${new Date(fetched.at).toISOString()}) are older than the ` +
        `${Math.round((cacheMaxAgeMs + staleIfErrorMs) / 1000)} s they may be used, so no token can be ` +
        'verified until Keyward answers again'
      : fetched === undefined
        ? '; no token can be verified until Keyward answers'
        : '; tokens signed with a key not yet known cannot be verified until Keyward answers';
    return new VerifyError(
      'keys_unavailable',
      `Keyward's signing keys could not be fetched (${describeError(error)})${consequence}`,
      undefined,
      { cause: error },
    );
  }
}

function checkAlg(key: VerificationKey, alg: string): VerificationKey {
  if (key.alg !== alg) {
    throw invalidToken('alg', `the token says alg ${alg}, but its key ${key.kid} is for ${key.alg}`);
  }
  return key;
}

function unknownKey(kid: string): VerifyError {
  return invalidToken(
    'unknown_key',
    `the token is signed with a key (kid ${kid.slice(0, 64)}) that Keyward does not publish; get a new token`,
  );
}
