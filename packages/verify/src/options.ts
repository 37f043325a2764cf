import type { RevocationSource } from './revocations.js';

/** How `createVerifier` is configured. Only `issuer` is required. */
export interface VerifierOptions {
  /** Keyward's issuer, exactly as its tokens' `iss` and its discovery document say (e.g. `https://id.example.com`). */
  issuer: string;
  /**
   * This resource server's audience: the service id registered in Keyward (tokens carry each service in scope
   * in `aud`). When given, a token must name it (or one of them); when omitted, `aud` is not checked.
   */
  audience?: string | readonly string[];
  /**
   * Restricts the accepted algorithms further. Default: every asymmetric algorithm a published key declares
   * (`alg` of each JWK). `none` and HMAC (HS*) are never accepted.
   */
  algorithms?: readonly string[];
  /** Leeway on `exp` and `nbf`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** The JWKS URL, to skip discovery for keys (discovery is still used for introspection). */
  jwksUri?: string;
  /** Keys are used without refetching for this long. Default 10 minutes. */
  cacheMaxAgeMs?: number;
  /**
   * How long past `cacheMaxAgeMs` the last good keys keep verifying while Keyward cannot be reached. After
   * that, every verification fails with `keys_unavailable` until a fetch succeeds. Default 1 hour.
   */
  staleIfErrorMs?: number;
  /**
   * After a refetch that did not find an unknown `kid` (made-up kids) or a failed fetch, the least time before
   * the next one. Default 5 s.
   */
  refetchCooldownMs?: number;
  /** Timeout of each request to Keyward. Default 5 s. */
  timeoutMs?: number;
  /**
   * Credentials of an OAuth app (any confidential app of Keyward) for `POST /oauth/introspect`, which routes
   * marked `immediate` consult after local verification. `cacheMs`: how long an answer is reused (default
   * 1000 ms; never past the token's `exp`; 0 disables caching).
   */
  introspection?: { clientId: string; clientSecret: string; cacheMs?: number };
  /**
   * For OVH-signed requests (`verifySigned`, `checkRequest`): credentials of a confidential OAuth app the
   * Keyward operator listed in KEYWARD_SIGNED_REQUEST_CHECKERS. `publicOrigin`: the origin your clients are
   * configured with when it differs from the one requests arrive at (a proxy in front); `rulesPrefix`: the path
   * prefix consumer-key rules are relative to here (`/1.0` for an OVH-like API; default none); `endpoint`:
   * default `<issuer>/api/v1/signed-request-checks`.
   */
  signedRequests?: {
    clientId: string;
    clientSecret: string;
    publicOrigin?: string;
    rulesPrefix?: string;
    endpoint?: string;
  };
  /**
   * DPoP-bound tokens (RFC 9449): `publicOrigin`, the origin clients address this service at when requests
   * arrive at another one (a proxy in front; proofs name the URL the client used); `maxAgeSeconds`, how old a
   * proof may be (default 300); `maxRemembered`, how many proof ids are kept to refuse replays (default 100 000;
   * in this process's memory, so a proof replayed to another instance is not noticed there).
   */
  dpop?: { publicOrigin?: string; maxAgeSeconds?: number; maxRemembered?: number };
  /**
   * Where revocations come from, consulted synchronously on every verification:
   * - `'feed'`: follow Keyward's revocation feed (Server-Sent Events; docs/verify.md), with the credentials of
   *   `revocationFeed`, else those of `introspection`;
   * - a RevocationSource of your own (e.g. `createRevocationSet()` filled by your code);
   * - `false`: none (tokens stay valid until they expire, unless a route is marked immediate).
   * Default: `'feed'` when `revocationFeed` or `introspection` credentials are given, else none.
   */
  revocations?: RevocationSource | 'feed' | false;
  /**
   * The revocation feed: credentials of any confidential Keyward OAuth app (default: the introspection ones);
   * `maxDisconnectedMs`, how long verification goes on without a live feed before it fails closed with 503
   * `revocations_unavailable` (default 30 000); `url`, default `<issuer>/api/v1/revocations/stream`.
   */
  revocationFeed?: { clientId?: string; clientSecret?: string; maxDisconnectedMs?: number; url?: string };
  /** `realm` of `WWW-Authenticate` challenges. Default: the first audience, else `api`. */
  realm?: string;
  /** The fetch to use for Keyward (proxies, custom agents, tests). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Allow plain-http Keyward URLs other than loopback ones. Never in production. Default false. */
  allowInsecureHttp?: boolean;
  /** The time in milliseconds (tests, simulations). Default `Date.now`. */
  now?: () => number;
  /** Told about key fetches, failures and stale use, for logs and metrics. Must not throw. */
  onEvent?: (event: VerifierEvent) => void;
}

/** What the verifier reports through `onEvent`. */
export type VerifierEvent =
  | { type: 'jwks_fetched'; url: string; kids: string[] }
  | {
      type: 'jwks_fetch_failed';
      url: string;
      error: string;
      /** Until when (ms) the last good keys keep verifying; null when none are left to use. */
      servingStaleUntil: number | null;
    }
  | { type: 'jwk_skipped'; kid: string | null; reason: string }
  | { type: 'introspection_failed'; error: string }
  /** The revocation feed's stream broke (or could not be opened); it is retried in `retryInMs`. */
  | { type: 'revocation_feed_disconnected'; error: string; retryInMs: number };

export const DEFAULTS = {
  clockToleranceSeconds: 5,
  cacheMaxAgeMs: 10 * 60_000,
  staleIfErrorMs: 60 * 60_000,
  refetchCooldownMs: 5_000,
  timeoutMs: 5_000,
  introspectionCacheMs: 1_000,
  revocationFeedMaxDisconnectedMs: 30_000,
  dpopMaxAgeSeconds: 300,
  dpopMaxAheadSeconds: 60,
  dpopMaxRemembered: 100_000,
} as const;
