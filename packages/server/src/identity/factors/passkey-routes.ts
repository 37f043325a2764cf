import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../core/errors.js';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { SessionService } from '../sessions/service.js';
import { UserBody, userView } from '../users/schemas.js';
import type { PasskeyService } from './passkeys.js';
import {
  ConfirmedTotpBody,
  factorView,
  PasskeyAssertionBody,
  PasskeyRegistrationBody,
  WebAuthnOptions,
} from './schemas.js';
import type { SecondFactorSignIn } from './sign-in.js';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};

/** WebAuthn passkeys: adding one to the account, and signing in (second step or alone) with one. */
/** What the passkey routes use. */
export interface PasskeyRouteDeps {
  auth: Pick<Authenticator, 'require' | 'sessionIdOf' | 'setSignInCookies' | 'signInOrigin'>;
  passkeys: Pick<PasskeyService, 'registrationOptions' | 'register'>;
  secondFactor: Pick<SecondFactorSignIn, 'passkeyOptions' | 'signInWithPasskey'>;
  sessions: Pick<SessionService, 'resolve' | 'resolvePending' | 'checkCsrf'>;
  config: { session: { maxTtlSeconds: number } };
}

export function registerPasskeyRoutes(app: App, c: PasskeyRouteDeps): void {
  app.post(
    '/me/factors/passkey/options',
    {
      schema: {
        tags: ['me'],
        summary: 'Options for navigator.credentials.create(): add a passkey (answer within 5 minutes)',
        response: { 200: WebAuthnOptions, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { ...(await c.passkeys.registrationOptions(await c.auth.require(request))) };
    },
  );

  app.post(
    '/me/factors/passkey',
    {
      schema: {
        tags: ['me'],
        summary: 'Add the passkey the browser created; the first factor comes with recovery codes',
        body: PasskeyRegistrationBody,
        response: { 201: ConfirmedTotpBody, ...errors },
      },
    },
    async (request, reply) => {
      const { name, response } = request.body;
      const added = await c.passkeys.register(await c.auth.require(request), {
        name,
        response: response as unknown as RegistrationResponseJSON,
      });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ factor: factorView(added.factor), recoveryCodes: added.recoveryCodes });
    },
  );

  app.post(
    '/session/passkey/options',
    {
      schema: {
        tags: ['session'],
        summary:
          "Options for navigator.credentials.get(): the user's passkeys after a password or for step-up, else any passkey (sign-in with a passkey alone)",
        response: { 200: WebAuthnOptions, ...errors },
      },
    },
    async (request, reply) => {
      const sessionId = await liveSessionOf(c, request);
      reply.header('cache-control', 'no-store');
      return { ...(await c.secondFactor.passkeyOptions(sessionId)) };
    },
  );

  app.post(
    '/session/passkey',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with a passkey: after the password (second step), or alone',
        body: PasskeyAssertionBody,
        response: { 200: Type.Object({ user: UserBody, csrfToken: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const sessionId = await liveSessionOf(c, request);
      const signedIn = await c.secondFactor.signInWithPasskey(
        sessionId,
        request.body.response as unknown as AuthenticationResponseJSON,
        { ...c.auth.signInOrigin(request), previousSessionId: sessionId ?? null },
      );
      c.auth.setSignInCookies(reply, signedIn, c.config.session.maxTtlSeconds);
      return { user: userView(signedIn.user), csrfToken: signedIn.csrfToken };
    },
  );
}

/**
 * The browser's session id when it names a live session, pending or full, whose CSRF token the request then
 * must carry; undefined for no session or a stale cookie (a sign-in from scratch, like POST /session).
 */
async function liveSessionOf(
  c: Pick<PasskeyRouteDeps, 'sessions' | 'auth'>,
  request: FastifyRequest,
): Promise<string | undefined> {
  const sessionId = c.auth.sessionIdOf(request);
  if (!sessionId) return undefined;
  const live = (await c.sessions.resolvePending(sessionId)) ?? (await c.sessions.resolve(sessionId));
  if (!live) return undefined;
  checkCsrf(c, request, sessionId);
  return sessionId;
}

/** The second step of a sign-in is a cookie-authenticated change: it carries the pending session's CSRF token. */
export function checkCsrf(
  c: { sessions: Pick<SessionService, 'checkCsrf'> },
  request: FastifyRequest,
  sessionId: string,
): void {
  const presented = request.headers['x-csrf-token'];
  if (!c.sessions.checkCsrf(sessionId, typeof presented === 'string' ? presented : undefined)) {
    throw new ApiError(
      'auth.csrf_failed',
      'send details.csrfToken of the auth.second_factor_required answer in the X-CSRF-Token header',
    );
  }
}
