import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import type { SessionService } from '../identity/sessions/service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionCookie {
  name: string;
  secure: boolean;
}

/** The session cookie: `__Host-` prefixed (no Domain, Path=/, Secure) whenever it can be Secure (ASVS 3.3). */
export function sessionCookieFor(secure: boolean): SessionCookie {
  return { name: secure ? '__Host-keyward_session' : 'keyward_session', secure };
}

/**
 * Resolves who is calling from the request's credentials. Routes call `require` first and pass the Caller to
 * one service function. Cookie-authenticated changes must carry the session's X-CSRF-Token.
 */
export class Authenticator {
  constructor(private readonly deps: { sessions: SessionService; cookie: SessionCookie }) {}

  /** The caller, or auth.required. */
  async require(request: FastifyRequest): Promise<Caller> {
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
      return { principal: session.principal, ip: request.ip, requestId: request.id };
    }
    throw new ApiError(
      'auth.required',
      'sign in with POST /api/v1/session (the session cookie is then sent automatically)',
      undefined,
      { 'www-authenticate': 'Bearer realm="keyward"' },
    );
  }

  get cookieName(): string {
    return this.deps.cookie.name;
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

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(this.deps.cookie.name, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.cookie.secure,
    });
  }
}
