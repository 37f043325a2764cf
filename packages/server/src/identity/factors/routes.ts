import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../core/errors.js';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, NoContent } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { SessionService } from '../sessions/service.js';
import { UserBody, userView } from '../users/schemas.js';
import { checkCsrf, type PasskeyRouteDeps, registerPasskeyRoutes } from './passkey-routes.js';
import {
  CodeBody,
  ConfirmedTotpBody,
  FactorIdParams,
  FactorList,
  factorView,
  RecoveryCodesBody,
  StartTotpBody,
  StepUpBody,
  TotpEnrolmentBody,
} from './schemas.js';
import type { FactorService } from './service.js';
import type { SecondFactorSignIn } from './sign-in.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const NO_STORE = 'no-store';

/** What the second-factor routes use. */
export interface FactorRouteDeps extends PasskeyRouteDeps {
  auth: Pick<Authenticator, 'require' | 'sessionIdOf' | 'setSignInCookies' | 'signInOrigin'>;
  factors: Pick<FactorService, 'list' | 'startTotp' | 'confirmTotp' | 'remove' | 'regenerateRecoveryCodes'>;
  secondFactor: Pick<
    SecondFactorSignIn,
    'completeWithCode' | 'stepUp' | 'passkeyOptions' | 'signInWithPasskey'
  >;
  sessions: Pick<SessionService, 'resolve' | 'resolvePending' | 'checkCsrf'>;
}

export function registerFactorRoutes(app: App, c: FactorRouteDeps): void {
  app.get(
    '/me/factors',
    {
      schema: {
        tags: ['me'],
        summary: "The caller's second factors and how many recovery codes are left",
        response: { 200: FactorList, ...errors },
      },
    },
    async (request) => {
      const { factors, recoveryCodes } = await c.factors.list(await c.auth.require(request));
      return { factors: factors.map(factorView), recoveryCodes };
    },
  );

  app.post(
    '/me/factors/totp',
    {
      schema: {
        tags: ['me'],
        summary: 'Start adding an authenticator app: its secret and QR code, to confirm with a first code',
        body: StartTotpBody,
        response: { 201: TotpEnrolmentBody, ...errors },
      },
    },
    async (request, reply) => {
      const enrolment = await c.factors.startTotp(await c.auth.require(request), request.body);
      reply.header('cache-control', NO_STORE);
      return reply.code(201).send({ ...enrolment, factor: factorView(enrolment.factor) });
    },
  );

  app.post(
    '/me/factors/totp/:id/confirm',
    {
      schema: {
        tags: ['me'],
        summary:
          'Confirm an authenticator app with its current code; the first factor comes with recovery codes',
        params: FactorIdParams,
        body: CodeBody,
        response: { 200: ConfirmedTotpBody, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const confirmed = await c.factors.confirmTotp(caller, request.params.id, request.body.code);
      reply.header('cache-control', NO_STORE);
      return { factor: factorView(confirmed.factor), recoveryCodes: confirmed.recoveryCodes };
    },
  );

  app.delete(
    '/me/factors/:id',
    {
      schema: {
        tags: ['me'],
        summary: 'Remove a second factor (needs a recent sign-in or step-up)',
        params: FactorIdParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.factors.remove(await c.auth.require(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/recovery-codes',
    {
      schema: {
        tags: ['me'],
        summary: 'Ten new recovery codes, shown once; the old ones stop working (needs a recent step-up)',
        response: { 201: RecoveryCodesBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const recoveryCodes = await c.factors.regenerateRecoveryCodes(await c.auth.require(request));
      reply.header('cache-control', NO_STORE);
      return reply.code(201).send({ recoveryCodes });
    },
  );

  app.post(
    '/session/second-factor',
    {
      schema: {
        tags: ['session'],
        summary: 'Finish a sign-in with an authenticator or recovery code, after POST /session asked for one',
        security: [{ session: [], csrf: [] }],
        body: CodeBody,
        response: { 200: Type.Object({ user: UserBody, csrfToken: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const pendingId = c.auth.sessionIdOf(request);
      if (!pendingId) {
        throw new ApiError(
          'auth.required',
          'sign in with your e-mail and password first (POST /api/v1/session)',
        );
      }
      checkCsrf(c, request, pendingId);
      const signedIn = await c.secondFactor.completeWithCode(
        pendingId,
        request.body.code,
        c.auth.signInOrigin(request),
      );
      c.auth.setSignInCookies(reply, signedIn, c.config.session.maxTtlSeconds);
      return { user: userView(signedIn.user), csrfToken: signedIn.csrfToken };
    },
  );

  app.post(
    '/session/step-up',
    {
      schema: {
        tags: ['session'],
        summary:
          'Confirm it is you (a code when the account has a second factor, else the password) before a sensitive action',
        security: [{ session: [], csrf: [] }],
        body: StepUpBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const sessionId = c.auth.sessionIdOf(request);
      const session = sessionId ? await c.sessions.resolve(sessionId) : undefined;
      if (!session || caller.principal.credential.type !== 'session') {
        throw new ApiError(
          'auth.forbidden',
          'step-up is for console sessions; an access token cannot step up',
        );
      }
      const { passkey, ...rest } = request.body;
      await c.secondFactor.stepUp(caller, session, {
        ...rest,
        ...(passkey ? { passkey: passkey as unknown as AuthenticationResponseJSON } : {}),
      });
      return reply.code(204).send(null);
    },
  );

  registerPasskeyRoutes(app, c);
}
