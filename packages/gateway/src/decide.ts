import type { AnyPrincipal, Dialect, RenderedRefusal, SignedRequest, Verifier } from '@keyward/verify';
import type { RouteConfig } from './config.js';
import { IDENTITY_HEADER_PREFIX, type IdentityMinter, identityHeaders } from './identity.js';
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
    const stop = this.deps.metrics.decisionSeconds.startTimer({ route: route.name });
    try {
      const outcome = await this.deps.verifier.checkRequest(request, route.require, {
        immediate: route.immediate,
      });
      if (!outcome.ok) {
        const refusal = this.deps.verifier.render(outcome.failure, outcome.dialect, requestId);
        return { allowed: false, refusal, dialect: outcome.dialect };
      }
      const { principal } = outcome;
      const headers = identityHeaders(principal);
      headers[this.deps.jwtHeader] = await this.deps.minter.assertion(principal, route.audience);
      return { allowed: true, principal, headers };
    } finally {
      stop();
    }
  }

  /** Whether a header name is one the gateway owns and must never take from the caller. */
  isIdentityHeader(name: string): boolean {
    const lower = name.toLowerCase();
    return lower.startsWith(IDENTITY_HEADER_PREFIX) || lower === this.deps.jwtHeader;
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
