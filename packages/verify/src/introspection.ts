import { describeError, invalidToken, VerifyError } from './errors.js';
import { type HttpSettings, requestJson } from './http.js';
import type { VerifierEvent } from './options.js';

/** Answers kept at most (oldest dropped first), so a flood of distinct tokens cannot grow memory without bound. */
const MAX_CACHED = 10_000;

interface Cached {
  active: boolean;
  until: number;
}

/**
 * Asks Keyward whether a token is still active (RFC 7662), for routes that cannot wait for a revocation to
 * reach them. Keyward authenticates the caller as an OAuth client (client_secret_basic, RFC 6749 §2.3.1: id and
 * secret form-encoded, then Base64). Answers are cached for `cacheMs`, never past the token's `exp`;
 * concurrent questions about one token share one request. Any failure fails closed.
 */
export class Introspection {
  readonly #cache = new Map<string, Cached>();
  readonly #inFlight = new Map<string, Promise<boolean>>();
  readonly #authorization: string;

  constructor(
    private readonly deps: {
      endpoint: () => Promise<string | undefined>;
      clientId: string;
      clientSecret: string;
      cacheMs: number;
      http: HttpSettings;
      now: () => number;
      onEvent: (event: VerifierEvent) => void;
    },
  ) {
    const form = (value: string) => encodeURIComponent(value);
    this.#authorization = `Basic ${btoa(`${form(deps.clientId)}:${form(deps.clientSecret)}`)}`;
  }

  /**
   * Resolves when Keyward says the token is active; throws `token_invalid` (inactive) or a 503 error. The token
   * has passed the local checks, so its `jti` is authentic: answers are kept by jti, never by the token itself.
   */
  async requireActive(token: string, jti: string, expiresAt: number): Promise<void> {
    const now = this.deps.now();
    const cached = this.#cache.get(jti);
    let active: boolean;
    if (cached !== undefined && cached.until > now) {
      active = cached.active;
    } else {
      let pending = this.#inFlight.get(jti);
      if (pending === undefined) {
        pending = this.#ask(token, jti, expiresAt).finally(() => this.#inFlight.delete(jti));
        this.#inFlight.set(jti, pending);
      }
      active = await pending;
    }
    if (!active) {
      throw invalidToken(
        'inactive',
        'Keyward reports this access token inactive: the credential it came from was revoked or deactivated, ' +
          'or its user lost access; get a new token',
      );
    }
  }

  async #ask(token: string, jti: string, expiresAt: number): Promise<boolean> {
    let body: Record<string, unknown>;
    try {
      const endpoint = await this.deps.endpoint();
      if (endpoint === undefined) throw new Error('Keyward does not announce an introspection_endpoint');
      body = await requestJson(this.deps.http, endpoint, {
        method: 'POST',
        headers: {
          authorization: this.#authorization,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      });
      if (typeof body.active !== 'boolean')
        throw new Error('the introspection answer has no boolean "active"');
    } catch (error) {
      this.deps.onEvent({ type: 'introspection_failed', error: describeError(error) });
      throw new VerifyError(
        'introspection_unavailable',
        `this route checks every token with Keyward, which could not answer (${describeError(error)})`,
        undefined,
        { cause: error },
      );
    }
    this.#remember(jti, body.active, expiresAt);
    return body.active;
  }

  #remember(jti: string, active: boolean, expiresAt: number): void {
    if (this.deps.cacheMs <= 0) return;
    if (this.#cache.size >= MAX_CACHED) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    const until = Math.min(this.deps.now() + this.deps.cacheMs, expiresAt * 1000);
    this.#cache.delete(jti);
    this.#cache.set(jti, { active, until });
  }
}
