import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';
import type { Caller, Principal } from '../core/principal.js';
import { rawBodyOf } from './raw-body.js';
import { publicUrlOf } from './request-target.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a session whose password must be replaced may do: see who it is, change the password, add a second
 * factor (offered at the same time), and sign out.
 */
const PASSWORD_CHANGE_ROUTES = new Set([
  'GET /api/v1/me',
  'PUT /api/v1/me/password',
  'DELETE /api/v1/session',
  'GET /api/v1/me/factors',
  'POST /api/v1/me/factors/totp',
  'POST /api/v1/me/factors/totp/:id/confirm',
  'POST /api/v1/me/factors/passkey/options',
  'POST /api/v1/me/factors/passkey',
  'POST /api/v1/session/step-up',
]);

export interface SessionCookie {
  name: string;
  /** The device cookie (docs/accounts.md#device-cookies): which accounts this browser completed a sign-in for. */
  deviceName: string;
  secure: boolean;
}

/** The session cookie: `__Host-` prefixed (no Domain, Path=/, Secure) whenever it can be Secure (ASVS 3.3). */
export function sessionCookieFor(secure: boolean): SessionCookie {
  const prefix = secure ? '__Host-' : '';
  return { name: `${prefix}keyward_session`, deviceName: `${prefix}keyward_device`, secure };
}

/** At most this many device cookie values (one per account signed in from the browser) travel in the cookie. */
const DEVICE_TOKENS_KEPT = 5;

/** Where a sign-in comes from, as the session service takes it (identity/sessions). */
export interface SignInOrigin {
  ip: string;
  requestId: string;
  userAgent: string | null;
  previousSessionId: string | null;
  deviceTokens: string[];
}

/** A sign-in's outcome, as far as its cookies go: the session, and the device cookie once it is complete. */
export interface SignedIn {
  sessionId: string;
  device?: { cookie: string; maxAgeSeconds: number } | null | undefined;
}

/** A console session as authentication needs it (identity/sessions). */
export interface SessionCredential {
  principal: Principal;
  mustChangePassword: boolean;
  amr: string[];
  authenticatedAt: number;
}

/** An active access token presented to Keyward: who it acts as, its claims (with any DPoP binding), its user. */
export interface BearerCredential {
  active: true;
  principal: Principal;
  claims: { cnf?: { jkt: string } };
  user: unknown;
}

/** A verified OVH-signed request: at least the caller it acts as. */
export interface SignedCredential {
  caller: Caller;
}

/** An OVH-signed request as received: what its signature and access rules are checked against. */
export interface SignedRequestParts {
  method: string;
  scheme: string;
  host: string;
  /** The target as received, escapes included: what the client signed. */
  target: string;
  /** The target as routed (leading slashes collapsed): what the access rules are matched against. */
  path: string;
  body: Buffer;
  application: string | undefined;
  consumer: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  ip: string;
  requestId: string;
}

/** Why a DPoP proof was refused: RFC 9449 §7.1's error code, and the nonce to retry with. */
export interface ProofRefusal {
  code: 'invalid_dpop_proof' | 'use_dpop_nonce';
  message: string;
  nonce?: string | undefined;
}

/** Checks DPoP proofs of possession for bound access tokens (RFC 9449 §7). */
export interface ProofOfPossession {
  /** The proof algorithms accepted, named in the DPoP challenge. */
  algorithms: readonly string[];
  /** Undefined when the request's proof holds for this token and key, else why not. */
  check(
    header: string | string[] | undefined,
    request: { method: string; url: string },
    binding: { accessToken: string; jkt: string },
  ): Promise<ProofRefusal | undefined>;
}

/**
 * What authentication asks of the domains, and nothing more. The wiring (container.ts) fills it with their
 * implementations: sessions, the access-token verifier, the consumer-key verifier, the DPoP checker.
 */
export interface CredentialResolvers<Bearer extends BearerCredential, Signed extends SignedCredential> {
  sessions: {
    resolve(sessionId: string): Promise<SessionCredential | undefined>;
    checkCsrf(sessionId: string, presented: string | undefined): boolean;
  };
  /** Access tokens presented to Keyward's own API. */
  bearer: { checkForKeyward(token: string): Promise<Bearer | { active: false; reason: string }> };
  /** OVH-signed requests; `prefix` is the version prefix the key's rules are relative to. */
  consumerKeys: {
    verify(request: SignedRequestParts, options: { prefix: string; checkRules: boolean }): Promise<Signed>;
  };
  dpop: ProofOfPossession;
}

/**
 * Resolves who is calling from the request's credentials. Routes call `require` first and pass the Caller to
 * one service function. Cookie-authenticated changes must carry the session's X-CSRF-Token.
 */
export class Authenticator<
  Bearer extends BearerCredential = BearerCredential,
  Signed extends SignedCredential = SignedCredential,
> {
  /** RFC 9449 §7.1: the DPoP challenge, with the proof algorithms Keyward accepts. */
  readonly #dpopChallenge: string;

  constructor(
    private readonly deps: CredentialResolvers<Bearer, Signed> & { cookie: SessionCookie; issuer: string },
  ) {
    this.#dpopChallenge = `DPoP realm="keyward", algs="${deps.dpop.algorithms.join(' ')}"`;
  }

  /**
   * The caller, or auth.required. An access token (`Authorization: Bearer` or CSP's `csp-auth-token`; a
   * DPoP-bound one as `Authorization: DPoP` with its proof) acts as its user within its org and scope; an
   * OVH-signed request (X-Ovh-*) acts as the user who validated its consumer key, within the key's rules
   * relative to /api/v1; otherwise the console session cookie is used.
   */
  async require(request: FastifyRequest): Promise<Caller> {
    if (isOvhSigned(request)) {
      return (await this.verifySigned(request, { prefix: '/api/v1', checkRules: true })).caller;
    }
    if (accessTokenOf(request) !== undefined) return (await this.#bearer(request)).caller;
    const sessionId = this.sessionIdOf(request);
    if (sessionId) {
      const session = await this.deps.sessions.resolve(sessionId);
      if (!session) {
        throw new ApiError(
          'auth.required',
          'your session has ended; sign in again with POST /api/v1/session',
        );
      }
      if (!SAFE_METHODS.has(request.method)) {
        const presented = request.headers['x-csrf-token'];
        if (!this.deps.sessions.checkCsrf(sessionId, typeof presented === 'string' ? presented : undefined)) {
          throw new ApiError(
            'auth.csrf_failed',
            'send the csrfToken returned by POST /api/v1/session in the X-CSRF-Token header',
          );
        }
      }
      if (
        session.mustChangePassword &&
        !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${request.routeOptions.url}`)
      ) {
        throw new ApiError(
          'auth.password_change_required',
          'your password was generated when Keyward was installed: choose a new one (PUT /api/v1/me/password, ' +
            'or My account in the console), then continue; you can also add a second factor now',
        );
      }
      return {
        principal: session.principal,
        ip: request.ip,
        requestId: request.id,
        authentication: { at: session.authenticatedAt, amr: session.amr },
      };
    }
    throw new ApiError(
      'auth.required',
      'send an access token (Authorization: Bearer, or csp-auth-token), or sign in with POST /api/v1/session',
      undefined,
      { 'www-authenticate': 'Bearer realm="keyward"' },
    );
  }

  /** The caller of a user-only endpoint that takes access tokens only (userinfo): the token's claims and user. */
  async requireUserBearer(
    request: FastifyRequest,
  ): Promise<{ caller: Caller; claims: Bearer['claims']; user: NonNullable<Bearer['user']> }> {
    const { caller, claims, user } = await this.#bearer(request);
    if (user === null || user === undefined) {
      throw new ApiError(
        'auth.forbidden',
        'this access token belongs to an application, not a user; it has no user info',
        undefined,
        {
          'www-authenticate': 'Bearer realm="keyward", error="insufficient_scope"',
        },
      );
    }
    return { caller, claims, user };
  }

  async #bearer(
    request: FastifyRequest,
  ): Promise<{ caller: Caller; claims: Bearer['claims']; user: Bearer['user'] }> {
    const presented = accessTokenOf(request);
    if (presented === undefined) {
      throw new ApiError(
        'auth.required',
        'send an access token in Authorization: Bearer (or csp-auth-token)',
        undefined,
        {
          'www-authenticate': 'Bearer realm="keyward"',
        },
      );
    }
    const check = await this.deps.bearer.checkForKeyward(presented.token);
    if (!check.active) {
      throw new ApiError('auth.invalid_token', check.reason, undefined, {
        // RFC 6750 §3: tell the client its token was the problem.
        'www-authenticate': `${presented.scheme === 'dpop' ? this.#dpopChallenge : 'Bearer realm="keyward"'}, error="invalid_token"`,
      });
    }
    await this.#checkPossession(request, presented, check.claims.cnf?.jkt);
    return {
      caller: { principal: check.principal, ip: request.ip, requestId: request.id },
      claims: check.claims,
      user: check.user,
    };
  }

  /**
   * RFC 9449 §7: a DPoP-bound token comes as `Authorization: DPoP` with a proof of its key for this very request
   * (method, URL, the token's hash); as Bearer (or csp-auth-token) it is refused, as a bearer token is under
   * the DPoP scheme.
   */
  async #checkPossession(request: FastifyRequest, presented: PresentedToken, jkt: string | undefined) {
    if (jkt === undefined) {
      if (presented.scheme !== 'dpop') return;
      throw new ApiError(
        'auth.invalid_token',
        'this access token is not bound to a DPoP key: send it as Authorization: Bearer',
        undefined,
        { 'www-authenticate': `${this.#dpopChallenge}, error="invalid_token"` },
      );
    }
    if (presented.scheme !== 'dpop') {
      throw new ApiError(
        'auth.invalid_token',
        'this access token is bound to a DPoP key: send it as Authorization: DPoP, with a DPoP proof header',
        undefined,
        { 'www-authenticate': `${this.#dpopChallenge}, error="invalid_token"` },
      );
    }
    const refusal = await this.deps.dpop.check(
      request.headers.dpop,
      { method: request.method, url: publicUrlOf(this.deps.issuer, request) },
      { accessToken: presented.token, jkt },
    );
    if (refusal === undefined) return;
    throw new ApiError(
      refusal.code === 'use_dpop_nonce' ? 'auth.use_dpop_nonce' : 'auth.invalid_dpop_proof',
      refusal.message,
      undefined,
      {
        'www-authenticate': `${this.#dpopChallenge}, error="${refusal.code}"`,
        ...(refusal.nonce ? { 'dpop-nonce': refusal.nonce } : {}),
      },
    );
  }

  /** Checks an OVH-signed request over its raw target and body (the scope must keep raw bodies). */
  verifySigned(request: FastifyRequest, options: { prefix: string; checkRules: boolean }): Promise<Signed> {
    return this.deps.consumerKeys.verify(signedRequestOf(request), options);
  }

  get cookieName(): string {
    return this.deps.cookie.name;
  }

  /** Whether Keyward's cookies are Secure (TLS, or an https issuer behind a proxy). */
  get secureCookies(): boolean {
    return this.deps.cookie.secure;
  }

  sessionIdOf(request: FastifyRequest): string | undefined {
    const value = request.cookies?.[this.deps.cookie.name];
    return value ? value : undefined;
  }

  setSessionCookie(reply: FastifyReply, sessionId: string, maxAgeSeconds: number): void {
    reply.setCookie(this.deps.cookie.name, sessionId, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.cookie.secure,
      maxAge: maxAgeSeconds,
    });
  }

  /** The device cookie values the browser holds (well-formed ones only; each is checked by the session service). */
  deviceTokensOf(request: FastifyRequest): string[] {
    const value = request.cookies?.[this.deps.cookie.deviceName] ?? '';
    return value
      .split('.')
      .filter((token) => /^[A-Za-z0-9_-]{43}$/.test(token))
      .slice(-DEVICE_TOKENS_KEPT);
  }

  /** Where a sign-in comes from: address, user agent, the session it replaces and the device cookie values. */
  signInOrigin(request: FastifyRequest): SignInOrigin {
    return {
      ip: request.ip,
      requestId: request.id,
      userAgent: request.headers['user-agent'] ?? null,
      previousSessionId: this.sessionIdOf(request) ?? null,
      deviceTokens: this.deviceTokensOf(request),
    };
  }

  /** The cookies of a sign-in: the session, and the device cookie once the sign-in is complete. */
  setSignInCookies(reply: FastifyReply, signedIn: SignedIn, maxAgeSeconds: number): void {
    this.setSessionCookie(reply, signedIn.sessionId, maxAgeSeconds);
    if (!signedIn.device) return;
    reply.setCookie(this.deps.cookie.deviceName, signedIn.device.cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.cookie.secure,
      maxAge: signedIn.device.maxAgeSeconds,
    });
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(this.deps.cookie.name, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.cookie.secure,
    });
  }
}

/** An access token as a request presents it, and how: RFC 6750 Bearer, RFC 9449 DPoP, or CSP's header. */
interface PresentedToken {
  token: string;
  scheme: 'bearer' | 'dpop' | 'csp';
}

/** The access token of a request: `Authorization: Bearer …` or `DPoP …`, else CSP's `csp-auth-token` header. */
export function accessTokenOf(request: FastifyRequest): PresentedToken | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^dpop\s+/i.test(authorization)) {
    return { token: authorization.replace(/^dpop\s+/i, '').trim(), scheme: 'dpop' };
  }
  const bearer = bearerTokenOf(request);
  if (bearer === undefined) return undefined;
  return { token: bearer, scheme: /^bearer\s+/i.test(authorization ?? '') ? 'bearer' : 'csp' };
}

/** The access token of a request: `Authorization: Bearer …` (RFC 6750 §2.1), else CSP's `csp-auth-token` header. */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
    return authorization.replace(/^bearer\s+/i, '').trim();
  }
  const csp = request.headers['csp-auth-token'];
  return typeof csp === 'string' && csp.length > 0 ? csp.trim() : undefined;
}

/** Whether a request carries OVH signing headers (any of them: a partial set is an error, not anonymity). */
export function isOvhSigned(request: FastifyRequest): boolean {
  const { headers } = request;
  return (
    headers['x-ovh-consumer'] !== undefined ||
    headers['x-ovh-signature'] !== undefined ||
    headers['x-ovh-application'] !== undefined
  );
}

function signedRequestOf(request: FastifyRequest): SignedRequestParts {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value.trim() : undefined;
  };
  return {
    method: request.method,
    scheme: request.protocol,
    host: request.host,
    // The target as received (before `//` was collapsed for routing): signatures cover the URL as the client
    // wrote it, escapes included. Rules are matched against the routed path.
    target: request.originalUrl,
    path: request.url,
    body: rawBodyOf(request),
    application: header('x-ovh-application'),
    consumer: header('x-ovh-consumer'),
    timestamp: header('x-ovh-timestamp'),
    signature: header('x-ovh-signature'),
    ip: request.ip,
    requestId: request.id,
  };
}
