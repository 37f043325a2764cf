import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../../http/authenticate.js';
import { Email, ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { PasswordResets } from './password-resets.js';
import type { EmailVerifications } from './verifications.js';

const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });

/** The one answer to a reset request, whether the address has an account or not. */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses this e-mail address, a link to choose a new password is on its way. Check your mailbox.';

/**
 * "Forgot password" for programs and the console (the server page posts to the same service), and a new
 * verification link for the signed-in user.
 */
export function registerPasswordResetRoutes(
  app: App,
  deps: {
    auth: Pick<Authenticator, 'require'>;
    passwordResets: Pick<PasswordResets, 'request'>;
    emailVerifications: Pick<EmailVerifications, 'resend'>;
  },
): void {
  app.post(
    '/me/email-verification',
    {
      schema: {
        tags: ['me'],
        summary: 'Send the caller a new link to verify their e-mail address (older links stop working)',
        response: {
          202: Type.Object({
            sent: Type.Boolean({
              description: 'False when the address is already verified: nothing was sent',
            }),
          }),
          401: ErrorBody,
          403: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const sent = await deps.emailVerifications.resend(await deps.auth.require(request));
      return reply.code(202).send({ sent });
    },
  );

  app.post(
    '/password-resets',
    {
      schema: {
        tags: ['session'],
        summary:
          'Forgot password: e-mails a single-use link to choose a new one; the same answer whether the account exists or not',
        // No credential: whoever forgot the password has none.
        security: [],
        body: ResetRequestBody,
        response: {
          202: Type.Object({ message: Type.String() }),
          400: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      await deps.passwordResets.request(request.body, { ip: request.ip, requestId: request.id });
      return reply.code(202).send({ message: RESET_REQUESTED_MESSAGE });
    },
  );
}
