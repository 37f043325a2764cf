import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/load.js';
import type { Authenticator } from '../../http/authenticate.js';
import { Email, ErrorBody, NoContent } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { secondFactorRequired } from '../factors/sign-in.js';
import { Password, UserBody, userView } from '../users/schemas.js';
import type { SessionService } from './service.js';

/** What the session routes use. */
export interface SessionRouteDeps {
  auth: Pick<
    Authenticator,
    'clearSessionCookie' | 'require' | 'sessionIdOf' | 'setSignInCookies' | 'signInOrigin'
  >;
  config: Pick<Config, 'session'>;
  sessions: Pick<SessionService, 'signIn' | 'signOut'>;
}

const SignInBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });

export function registerSessionRoutes(app: App, c: SessionRouteDeps): void {
  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in: sets an HttpOnly session cookie and returns the CSRF token for changes',
        body: SignInBody,
        response: {
          200: Type.Object({ user: UserBody, csrfToken: Type.String() }),
          401: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      // A new session on every sign-in; the one the browser held before ends (session fixation, ASVS 7.2.4).
      const signedIn = await c.sessions.signIn(request.body, c.auth.signInOrigin(request));
      c.auth.setSignInCookies(reply, signedIn, c.config.session.maxTtlSeconds);
      if (signedIn.pendingFactor) throw secondFactorRequired(signedIn.csrfToken);
      return { user: userView(signedIn.user), csrfToken: signedIn.csrfToken };
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out: ends the session on the server and clears the cookie',
        security: [{ session: [], csrf: [] }],
        response: { 204: NoContent, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const sessionId = c.auth.sessionIdOf(request);
      if (sessionId) await c.sessions.signOut(caller, sessionId);
      c.auth.clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );
}
