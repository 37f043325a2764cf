import { decodeProtectedHeader, type JWTVerifyOptions, errors as joseErrors, jwtVerify } from 'jose';
import { type Dialect, dialectOf, type HeaderSource, headerOf, presentedToken } from './credentials.js';
import { Discovery } from './discovery.js';
import { type DpopContext, DpopProofs, type ProvenRequest } from './dpop.js';
import { describeError, invalidToken, isVerifyError, VerifyError } from './errors.js';
import { checkUrl, type HttpSettings } from './http.js';
import { Introspection } from './introspection.js';
import { ASYMMETRIC_ALGORITHMS, KeySet, type VerificationKey } from './key-set.js';
import { DEFAULTS, type VerifierEvent, type VerifierOptions } from './options.js';
import { type Principal, principalOf } from './principal.js';
import { type RenderedRefusal, renderRefusal } from './render.js';
import {
  type AnyPrincipal,
  authorize,
  type Decision,
  type Denial,
  type Requirement,
} from './requirements.js';
import { RevocationFeedClient } from './revocation-feed.js';
import { issuedAtOf, type RevocationSource } from './revocations.js';
import { isOvhSigned, type SignedPrincipal, type SignedRequest, SignedRequestChecker } from './signed.js';

/** Per-call options of `verify` and of the guards. */
export interface VerifyCallOptions {
  /**
   * Also ask Keyward (RFC 7662 introspection) whether the token is still active, for routes where a revoked
   * credential must stop working at once. Needs the `introspection` option.
   */
  immediate?: boolean;
  /**
   * For `verify`: the DPoP proof and the request it came with, which a DPoP-bound token (one with `cnf`) needs
   * (RFC 9449 §7). `check` and the guards fill it in from the request.
   */
  dpop?: DpopContext;
}

/** Per-call options of `check`: the request's method and URL, to check DPoP proofs against. */
export interface CheckCallOptions extends Omit<VerifyCallOptions, 'dpop'> {
  /** The request as received: its method and full URL (`https://host/path?query`). */
  request?: ProvenRequest;
}

/** What a guard decides about a request. */
export type GuardOutcome =
  | { ok: true; principal: Principal; dialect: Dialect }
  | { ok: false; failure: VerifyError | Denial; dialect: Dialect };

/** What `checkRequest` decides: like a guard, for any of the three credential kinds. */
export type RequestOutcome =
  | { ok: true; principal: AnyPrincipal; dialect: Dialect }
  | { ok: false; failure: VerifyError | Denial; dialect: Dialect };

/** Per-call options of `verifySigned` and `checkRequest`. */
export interface SignedCallOptions extends Omit<VerifyCallOptions, 'dpop'> {
  /** The organization an OVH-signed caller acts in; by default the user's only one. */
  orgId?: string;
}

/** RFC 9068 §2.2: claims every JWT access token carries. */
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'];
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Verifies Keyward access tokens locally, by RFC 9068 §4, and turns them into Keyward principals.
 *   header (typ at+jwt, alg, kid) → key (JWKS cache) → signature and claims (jose: iss, aud, exp, nbf, iat)
 *   → Keyward's claims (principal) → revocations (synchronous) → introspection (routes marked immediate)
 */
export class Verifier {
  readonly issuer: string;
  readonly realm: string;
  readonly #keys: KeySet;
  readonly #discovery: Discovery;
  readonly #introspection: Introspection | undefined;
  readonly #revocations: RevocationSource | undefined;
  readonly #signed: SignedRequestChecker | undefined;
  readonly #dpop: DpopProofs;
  readonly #publicOrigin: string | undefined;
  readonly #now: () => number;
  readonly #algorithms: ReadonlySet<string>;
  readonly #claimOptions: Omit<JWTVerifyOptions, 'algorithms' | 'currentDate'>;
  /** jose's options per algorithm, made once (the hot path allocates none) unless a custom clock is used. */
  readonly #optionsByAlg = new Map<string, JWTVerifyOptions>();
  readonly #customClock: boolean;
  readonly #timeoutMs: number;

  constructor(options: VerifierOptions) {
    if (typeof options?.issuer !== 'string') throw new TypeError('createVerifier needs { issuer }');
    const allowInsecureHttp = options.allowInsecureHttp ?? false;
    checkUrl('issuer', options.issuer, allowInsecureHttp);
    if (options.jwksUri !== undefined) checkUrl('jwksUri', options.jwksUri, allowInsecureHttp);
    this.issuer = options.issuer;
    this.#now = options.now ?? Date.now;
    this.#customClock = options.now !== undefined;
    this.#algorithms = allowedAlgorithms(options.algorithms);
    const audience = audienceOf(options.audience);
    this.realm = options.realm ?? audience?.[0] ?? 'api';
    const onEvent = safeListener(options.onEvent);
    const http: HttpSettings = {
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: nonNegative('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs),
      allowInsecureHttp,
    };
    this.#timeoutMs = http.timeoutMs;
    const cooldownMs = nonNegative(
      'refetchCooldownMs',
      options.refetchCooldownMs,
      DEFAULTS.refetchCooldownMs,
    );
    this.#discovery = new Discovery({ issuer: this.issuer, http, now: this.#now, retryAfterMs: cooldownMs });
    const jwksUri = options.jwksUri;
    this.#keys = new KeySet({
      jwksUri:
        jwksUri === undefined ? async () => (await this.#discovery.metadata()).jwksUri : async () => jwksUri,
      http,
      now: this.#now,
      timing: {
        cacheMaxAgeMs: nonNegative('cacheMaxAgeMs', options.cacheMaxAgeMs, DEFAULTS.cacheMaxAgeMs),
        staleIfErrorMs: nonNegative('staleIfErrorMs', options.staleIfErrorMs, DEFAULTS.staleIfErrorMs),
        cooldownMs,
      },
      algorithms: this.#algorithms,
      onEvent,
    });
    const introspection = options.introspection;
    if (introspection !== undefined) {
      if (typeof introspection.clientId !== 'string' || typeof introspection.clientSecret !== 'string') {
        throw new TypeError('introspection needs { clientId, clientSecret } of a Keyward OAuth app');
      }
      this.#introspection = new Introspection({
        endpoint: async () => (await this.#discovery.metadata()).introspectionEndpoint,
        clientId: introspection.clientId,
        clientSecret: introspection.clientSecret,
        cacheMs: nonNegative('introspection.cacheMs', introspection.cacheMs, DEFAULTS.introspectionCacheMs),
        http,
        now: this.#now,
        onEvent,
      });
    }
    this.#revocations = revocationSourceOf(options, this.issuer, http, this.#now, onEvent);
    const signed = options.signedRequests;
    if (signed !== undefined) {
      if (typeof signed.clientId !== 'string' || typeof signed.clientSecret !== 'string') {
        throw new TypeError('signedRequests needs { clientId, clientSecret } of a Keyward OAuth app');
      }
      const endpoint = signed.endpoint ?? `${this.issuer.replace(/\/+$/, '')}/api/v1/signed-request-checks`;
      checkUrl('signedRequests.endpoint', endpoint, allowInsecureHttp);
      if (signed.rulesPrefix !== undefined && !/^(\/[^/?#\s*]+)*$/.test(signed.rulesPrefix)) {
        throw new TypeError(
          `signedRequests.rulesPrefix must be a path prefix such as /1.0, or empty: ${signed.rulesPrefix}`,
        );
      }
      this.#signed = new SignedRequestChecker({
        endpoint,
        clientId: signed.clientId,
        clientSecret: signed.clientSecret,
        publicOrigin: signed.publicOrigin,
        rulesPrefix: signed.rulesPrefix ?? '',
        http,
      });
    }
    const dpop = options.dpop ?? {};
    if (dpop.publicOrigin !== undefined) {
      const origin = checkUrl('dpop.publicOrigin', dpop.publicOrigin, true);
      if (origin.origin !== dpop.publicOrigin.replace(/\/+$/, '')) {
        throw new TypeError(
          `dpop.publicOrigin must be an origin (scheme, host and port): ${dpop.publicOrigin}`,
        );
      }
      this.#publicOrigin = origin.origin;
    }
    this.#dpop = new DpopProofs({
      now: this.#now,
      // A proof's algorithm is the client's choice, not Keyward's: any asymmetric one.
      algorithms: ASYMMETRIC_ALGORITHMS,
      maxAgeSeconds: nonNegative('dpop.maxAgeSeconds', dpop.maxAgeSeconds, DEFAULTS.dpopMaxAgeSeconds),
      maxAheadSeconds: DEFAULTS.dpopMaxAheadSeconds,
      maxRemembered: nonNegative('dpop.maxRemembered', dpop.maxRemembered, DEFAULTS.dpopMaxRemembered),
    });
    this.#claimOptions = {
      issuer: this.issuer,
      ...(audience === undefined ? {} : { audience }),
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: nonNegative(
        'clockToleranceSeconds',
        options.clockToleranceSeconds,
        DEFAULTS.clockToleranceSeconds,
      ),
    };
  }

  /** Whether routes may be marked `immediate` (the `introspection` option was given). */
  get canIntrospect(): boolean {
    return this.#introspection !== undefined;
  }

  /**
   * Fetches discovery and the keys now, so a misconfiguration or an unreachable Keyward shows at start-up
   * rather than on the first request. Optional: everything is fetched on first need anyway.
   */
  async ready(): Promise<void> {
    try {
      await this.#keys.refresh();
    } catch (error) {
      throw new VerifyError(
        'keys_unavailable',
        `Keyward's signing keys could not be fetched: ${describeError(error)}`,
      );
    }
    if (this.#revocations instanceof RevocationFeedClient) {
      try {
        await this.#revocations.ready(this.#timeoutMs);
      } catch (error) {
        throw new VerifyError('revocations_unavailable', describeError(error));
      }
    }
  }

  /**
   * The revocation check alone, for a principal verified earlier (a cache of verified tokens, as the gateway
   * keeps): throws `token_invalid` (revoked) or `revocations_unavailable` as `verify` would.
   */
  checkRevocation(principal: Principal): void {
    this.#checkRevocations(principal);
  }

  /** Stops following the revocation feed (when the process shuts down). Verifying after this fails closed. */
  close(): void {
    if (this.#revocations instanceof RevocationFeedClient) this.#revocations.stop();
  }

  /**
   * Verifies an access token; the principal it stands for, or a VerifyError. A DPoP-bound token (`cnf.jkt`)
   * passes only with `options.dpop`: a proof of its key for this request (RFC 9449 §7.1).
   */
  async verify(token: string, options?: VerifyCallOptions): Promise<Principal> {
    const header = readHeader(token);
    const found = this.#keys.key(header.kid, header.alg);
    const key = found instanceof Promise ? await found : found;
    const payload = await this.#checkSignatureAndClaims(token, key);
    const principal = principalOf(payload);
    this.#checkRevocations(principal);
    const jkt = principal.claims.cnf?.jkt;
    if (jkt !== undefined) {
      if (options?.dpop === undefined) {
        throw invalidToken(
          'dpop_required',
          'the access token is bound to a DPoP key: send it as Authorization: DPoP, with a DPoP proof header',
        );
      }
      await this.#dpop.check(options.dpop, token, jkt);
    }
    if (options?.immediate) await this.#checkActive(token, principal);
    return principal;
  }

  /** Whether OVH-signed requests can be checked (the `signedRequests` option was given). */
  get canCheckSigned(): boolean {
    return this.#signed !== undefined;
  }

  /**
   * Checks an OVH-signed request with Keyward (which holds the application secret; never cached: each
   * signature is fresh) and gives who signed it, with the key's rules. Throws a VerifyError: `signature_invalid`
   * (with the OVH-shaped body in `ovh`), `signed_check_unavailable`, `body_too_large`.
   */
  async verifySigned(request: SignedRequest, options?: SignedCallOptions): Promise<SignedPrincipal> {
    if (this.#signed === undefined) {
      throw new TypeError(
        'verifySigned needs the signedRequests option of createVerifier ({ clientId, clientSecret })',
      );
    }
    return this.#signed.check(request, options?.orgId === undefined ? {} : { orgId: options.orgId });
  }

  /**
   * A whole request, whatever it carries: an access token (Bearer or csp-auth-token) or, when this verifier has
   * `signedRequests`, an OVH signature — then the consumer key's rules must allow the request's own method and
   * path (as Keyward's own API enforces them) before the requirement is checked.
   */
  async checkRequest(
    request: SignedRequest,
    requirement: Requirement = {},
    options?: SignedCallOptions,
  ): Promise<RequestOutcome> {
    if (this.#signed === undefined || !isOvhSigned(request.headers)) {
      return this.check(request.headers, requirement, {
        ...options,
        request: { method: request.method, url: request.url },
      });
    }
    try {
      const principal = await this.verifySigned(request, options);
      if (!principal.request.allowed) {
        const path = principal.request.path ?? new URL(request.url).pathname;
        const decision = authorize(principal, { method: principal.request.method, path });
        return {
          ok: false,
          failure: decision.allowed ? ruleOutsidePrefix(principal) : decision,
          dialect: 'ovh',
        };
      }
      const decision = authorize(principal, requirement);
      return decision.allowed
        ? { ok: true, principal, dialect: 'ovh' }
        : { ok: false, failure: decision, dialect: 'ovh' };
    } catch (error) {
      if (!isVerifyError(error)) throw error;
      return { ok: false, failure: error, dialect: 'ovh' };
    }
  }

  /** `authorize` bound to this verifier, as the issue names it: allowed, or a denial naming what is missing. */
  require(principal: AnyPrincipal, requirement: Requirement): Decision {
    return authorize(principal, requirement);
  }

  /**
   * Everything a guard does, framework aside: reads the token from the headers (with its DPoP proof, checked
   * against `options.request`), verifies it, checks the requirement. Unexpected errors (bugs, misuse) are
   * thrown, not turned into refusals.
   */
  async check(
    headers: HeaderSource,
    requirement: Requirement = {},
    options?: CheckCallOptions,
  ): Promise<GuardOutcome> {
    const dialect = dialectOf(headers);
    try {
      const { token, scheme } = presentedToken(headers);
      const { request, ...verifyOptions } = options ?? {};
      const dpop = scheme === 'dpop' ? this.#dpopContext(headers, request) : undefined;
      const principal = await this.verify(token, { ...verifyOptions, ...(dpop ? { dpop } : {}) });
      if (scheme === 'dpop' && principal.claims.cnf === undefined) {
        throw invalidToken(
          'dpop_not_bound',
          'the access token is not bound to a DPoP key: send it as Authorization: Bearer',
        );
      }
      const decision = authorize(principal, requirement);
      return decision.allowed ? { ok: true, principal, dialect } : { ok: false, failure: decision, dialect };
    } catch (error) {
      if (!isVerifyError(error)) throw error;
      return { ok: false, failure: error, dialect };
    }
  }

  /** The proof of a request that came with `Authorization: DPoP`, and the URL it must name. */
  #dpopContext(headers: HeaderSource, request: ProvenRequest | undefined): DpopContext {
    if (request === undefined) {
      throw invalidToken(
        'dpop_proof',
        'this service cannot check DPoP proofs here (check() was called without the request); send a Bearer token',
      );
    }
    let url = request.url;
    if (this.#publicOrigin !== undefined) {
      const parsed = new URL(request.url);
      url = `${this.#publicOrigin}${parsed.pathname}${parsed.search}`;
    }
    return { proof: headerOf(headers, 'dpop'), method: request.method, url };
  }

  /** The HTTP answer for a refusal, in the caller's dialect, with this verifier's realm. */
  render(failure: VerifyError | Denial, dialect: Dialect, requestId?: string): RenderedRefusal {
    return renderRefusal(failure, {
      dialect,
      realm: this.realm,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  /** The key cache's state, for health endpoints and logs. */
  keyStatus(): { fetchedAt: number | null; kids: string[]; lastError: string | null } {
    return this.#keys.status();
  }

  async #checkSignatureAndClaims(token: string, key: VerificationKey): Promise<Record<string, unknown>> {
    try {
      const { payload } = await jwtVerify(token, key.key, this.#joseOptions(key));
      return payload;
    } catch (error) {
      throw fromJose(error, this.issuer);
    }
  }

  #joseOptions(key: VerificationKey): JWTVerifyOptions {
    if (this.#customClock) {
      return { ...this.#claimOptions, algorithms: key.algorithms, currentDate: new Date(this.#now()) };
    }
    let options = this.#optionsByAlg.get(key.alg);
    if (options === undefined) {
      options = { ...this.#claimOptions, algorithms: key.algorithms };
      this.#optionsByAlg.set(key.alg, options);
    }
    return options;
  }

  #checkRevocations(principal: Principal): void {
    const source = this.#revocations;
    if (source === undefined) return;
    let reason: string | undefined;
    try {
      reason = source.check({
        jti: principal.claims.jti,
        credential: principal.credential,
        subject: principal.subject,
        orgId: principal.orgId,
        clientId: principal.clientId,
        issuedAt: issuedAtOf(principal.claims.jti, principal.claims.iat),
        expiresAt: principal.claims.exp,
      });
    } catch (error) {
      if (isVerifyError(error)) throw error;
      throw new VerifyError(
        'revocations_unavailable',
        `the revocation list cannot be trusted right now (${describeError(error)}); retry shortly`,
        undefined,
        { cause: error },
      );
    }
    if (reason !== undefined) {
      throw invalidToken('revoked', `the access token was revoked (${reason}); get a new token`);
    }
  }

  async #checkActive(token: string, principal: Principal): Promise<void> {
    if (this.#introspection === undefined) {
      throw new TypeError('immediate verification needs the introspection option of createVerifier');
    }
    await this.#introspection.requireActive(token, principal.claims.jti, principal.claims.exp);
  }
}

/** Keyward said the rules do not allow the call though the path matched: the path lies outside the rules' prefix. */
function ruleOutsidePrefix(principal: SignedPrincipal): Denial {
  const rule = `${principal.request.method} ${principal.request.path ?? '(outside the API prefix)'}`;
  return {
    allowed: false,
    rule: 'request_rule',
    missing: [rule],
    scope: [],
    message: `no access rule of this consumer key allows ${rule}`,
  };
}

/** The `revocations` option made into a source: the feed, the caller's own, or none. */
function revocationSourceOf(
  options: VerifierOptions,
  issuer: string,
  http: HttpSettings,
  now: () => number,
  onEvent: (event: VerifierEvent) => void,
): RevocationSource | undefined {
  const { revocations, revocationFeed: feed = {}, introspection } = options;
  if (revocations === false) return undefined;
  if (revocations !== undefined && revocations !== 'feed') {
    if (typeof revocations?.check !== 'function') {
      throw new TypeError("revocations is 'feed', false, or an object with a check(token) method");
    }
    return revocations;
  }
  const clientId = feed.clientId ?? introspection?.clientId;
  const clientSecret = feed.clientSecret ?? introspection?.clientSecret;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    if (revocations === 'feed') {
      throw new TypeError(
        "revocations: 'feed' needs revocationFeed (or introspection) { clientId, clientSecret } of a Keyward OAuth app",
      );
    }
    return undefined;
  }
  return new RevocationFeedClient({
    url: feed.url ?? `${issuer.replace(/\/+$/, '')}/api/v1/revocations/stream`,
    clientId,
    clientSecret,
    maxDisconnectedMs: nonNegative(
      'revocationFeed.maxDisconnectedMs',
      feed.maxDisconnectedMs,
      DEFAULTS.revocationFeedMaxDisconnectedMs,
    ),
    http,
    now,
    onEvent,
  });
}

/** A verifier for Keyward's access tokens. Nothing is fetched until the first verification (or `ready()`). */
export function createVerifier(options: VerifierOptions): Verifier {
  return new Verifier(options);
}

/** RFC 9068 §4 items 1 and 5, before any key is looked up: explicit typing, an accepted algorithm, a kid. */
function readHeader(token: string): { alg: string; kid: string } {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
    throw invalidToken('malformed', 'the access token is not a JWT');
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch (error) {
    throw invalidToken('malformed', 'the access token is not a JWT', error);
  }
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (typ !== 'at+jwt' && typ !== 'application/at+jwt') {
    throw invalidToken(
      'typ',
      `the token's typ is ${JSON.stringify(header.typ ?? null)}, not at+jwt: it is not an access token (an ID token?)`,
    );
  }
  if (typeof header.alg !== 'string' || !ASYMMETRIC_ALGORITHMS.has(header.alg)) {
    throw invalidToken('alg', `the token's algorithm ${JSON.stringify(header.alg ?? null)} is not accepted`);
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    throw invalidToken('malformed', 'the token has no kid: Keyward always names its signing key');
  }
  return { alg: header.alg, kid: header.kid };
}

/** jose's failures as VerifyErrors with a reason and an actionable message. */
function fromJose(error: unknown, issuer: string): VerifyError {
  if (error instanceof joseErrors.JWTExpired) {
    return invalidToken('expired', 'the access token has expired; get a new one', error);
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return invalidToken('issuer', `the token was not issued by ${issuer}`, error);
      case 'aud':
        return invalidToken(
          'audience',
          'the token is not meant for this service (its aud does not name it): ask for a token with a scope of this service',
          error,
        );
      case 'nbf':
        return invalidToken('not_yet_valid', 'the token is not valid yet (nbf); check the clocks', error);
      default:
        return invalidToken(
          'claims',
          `the token's ${error.claim} claim is missing or invalid (${error.reason})`,
          error,
        );
    }
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return invalidToken('signature', "the token signature does not verify against Keyward's key", error);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return invalidToken('alg', "the token's algorithm is not accepted", error);
  }
  if (error instanceof joseErrors.JOSEError) {
    return invalidToken('malformed', `the access token is malformed (${error.code})`, error);
  }
  return invalidToken('malformed', 'the access token could not be verified', error);
}

function allowedAlgorithms(configured: readonly string[] | undefined): ReadonlySet<string> {
  if (configured === undefined) return ASYMMETRIC_ALGORITHMS;
  const refused = configured.filter((alg) => !ASYMMETRIC_ALGORITHMS.has(alg));
  if (refused.length > 0 || configured.length === 0) {
    throw new TypeError(
      `algorithms must be asymmetric JWS algorithms (${[...ASYMMETRIC_ALGORITHMS].join(', ')}); refused: ${refused.join(', ') || '(empty list)'}`,
    );
  }
  return new Set(configured);
}

function audienceOf(audience: string | readonly string[] | undefined): string[] | undefined {
  if (audience === undefined) return undefined;
  const list = typeof audience === 'string' ? [audience] : [...audience];
  if (list.length === 0 || list.some((value) => typeof value !== 'string' || value.length === 0)) {
    throw new TypeError('audience must be a non-empty string or list of strings (the service id in Keyward)');
  }
  return list;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number ≥ 0, not ${value}`);
  return value;
}

function safeListener(
  listener: ((event: VerifierEvent) => void) | undefined,
): (event: VerifierEvent) => void {
  if (listener === undefined) return () => {};
  return (event) => {
    try {
      listener(event);
    } catch {
      // A logging hook must never break verification.
    }
  };
}
