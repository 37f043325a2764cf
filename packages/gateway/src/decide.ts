import {
  type AnyPrincipal,
  authorize,
  type Dialect,
  isOvhSigned,
  isVerifyError,
  type Principal,
  presentedToken,
  type RenderedRefusal,
  type SignedRequest,
  type Verifier,
} from '@keyward/verify';
import type { RouteConfig } from './config.js';
import { type IdentityMinter, identityHeaders } from './identity.js';
import type { GatewayMetrics } from './metrics.js';

/** What the gateway decided about one request: the identity to forward, or the refusal to answer. */
export type Decision =
  | { allowed: true; principal: AnyPrincipal; headers: Record<string, string> }
  | { allowed: false; refusal: RenderedRefusal; dialect: Dialect };

/**
 * The one decision shared by the proxy and the decision endpoint:
 *   verify the credential (Bearer, csp-auth-token, or an OVH signature checked by Keyward) → the consumer key's
 *   rules on the request itself → the route's requirement → the identity (signed JWT + X-Keyward-* headers)
 */
export class Decider {
  readonly #tokens = new VerifiedTokens();
  readonly #timers = new Map<string, { startTimer(): () => unknown }>();

  constructor(
    private readonly deps: {
      verifier: Verifier;
      minter: IdentityMinter;
      metrics: GatewayMetrics;
      /** The header carrying the identity JWT (lower case). */
      jwtHeader: string;
    },
  ) {}

  async decide(route: RouteConfig, request: SignedRequest, requestId: string): Promise<Decision> {
    let timer = this.#timers.get(route.name);
    if (timer === undefined) {
      timer = this.deps.metrics.decisionSeconds.labels({ route: route.name });
      this.#timers.set(route.name, timer);
    }
    const stop = timer.startTimer();
    try {
      const token = route.immediate ? undefined : this.#bearerOf(request);
      const known = token === undefined ? undefined : this.#tokens.get(token.value);
      if (token !== undefined && known !== undefined) {
        // A cached verification skips the signature, never the revocation feed.
        try {
          this.deps.verifier.checkRevocation(known);
        } catch (error) {
          if (!isVerifyError(error)) throw error;
          this.#tokens.delete(token.value);
          return {
            allowed: false,
            refusal: this.deps.verifier.render(error, token.dialect, requestId),
            dialect: token.dialect,
          };
        }
        const decision = authorize(known, route.require);
        if (!decision.allowed) {
          const refusal = this.deps.verifier.render(decision, token.dialect, requestId);
          return { allowed: false, refusal, dialect: token.dialect };
        }
        return this.#allow(known, route);
      }
      const outcome = await this.deps.verifier.checkRequest(request, route.require, {
        immediate: route.immediate,
      });
      if (!outcome.ok) {
        const refusal = this.deps.verifier.render(outcome.failure, outcome.dialect, requestId);
        return { allowed: false, refusal, dialect: outcome.dialect };
      }
      const { principal } = outcome;
      if (token !== undefined && !('rules' in principal)) this.#tokens.set(token.value, principal);
      return this.#allow(principal, route);
    } finally {
      stop();
    }
  }

  async #allow(principal: AnyPrincipal, route: RouteConfig): Promise<Decision> {
    const headers = identityHeaders(principal);
    headers[this.deps.jwtHeader] = await this.deps.minter.assertion(principal, route.audience);
    return { allowed: true, principal, headers };
  }

  /**
   * The access token of a request that carries exactly one (not OVH-signed) as a bearer token; undefined
   * otherwise. A DPoP-bound token (RFC 9449) is never taken from the cache: each request brings a new proof,
   * which must be checked.
   */
  #bearerOf(request: SignedRequest): { value: string; dialect: Dialect } | undefined {
    if (isOvhSigned(request.headers)) return undefined;
    try {
      const { token, dialect, scheme } = presentedToken(request.headers);
      return scheme === 'dpop' ? undefined : { value: token, dialect };
    } catch {
      return undefined;
    }
  }
}

/** How long a verified access token is taken as verified without checking its signature again. */
const VERIFIED_FOR_MS = 30_000;
const MAX_VERIFIED = 20_000;

/**
 * Access tokens verified recently, by their exact value (Envoy's jwt_authn keeps such a cache too): a client
 * presenting its token again skips the ES256 check, the costliest step of a request. The same bytes verify the
 * same way; what can change is time (an entry never outlives the token's `exp`) and Keyward's key set (an entry
 * lives at most 30 s, so a key withdrawn from the JWKS stops admitting its tokens within that). Revocations are
 * checked on every use, cached or not; routes marked immediate never use this cache.
 */
class VerifiedTokens {
  readonly #entries = new Map<string, { principal: Principal; until: number }>();

  get(token: string): Principal | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.until <= Date.now()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  set(token: string, principal: Principal): void {
    // A bound token is worth nothing without its proof: it must not pass later on the strength of this one.
    if (principal.claims.cnf !== undefined) return;
    const until = Math.min(Date.now() + VERIFIED_FOR_MS, principal.claims.exp * 1000);
    if (this.#entries.size >= MAX_VERIFIED) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { principal, until });
  }
}

/** The metric label of a refusal's outcome. */
export function outcomeOf(decision: Decision): string {
  if (decision.allowed) return 'allowed';
  const { status } = decision.refusal;
  if (status === 401 || status === 400) return 'unauthenticated';
  if (status === 403) return 'denied';
  return 'error';
}

/** The credential kind of a request, for metrics: `api_token`, `client`, `grant`, `consumer_key` or `none`. */
export function credentialOf(decision: Decision): string {
  return decision.allowed ? decision.principal.credential.type : 'none';
}
