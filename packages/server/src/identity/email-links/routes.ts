import { Type } from '@sinclair/typebox';
import { Email, ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { PasswordResets } from './password-resets.js';

const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });

/** The one answer to a reset request, whether the address has an account or not. */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses this e-mail address, a link to choose a new password is on its way. Check your mailbox.';

/** "Forgot password" for programs and the console; the server page posts to the same service. */
export function registerPasswordResetRoutes(
  app: App,
  deps: { passwordResets: Pick<PasswordResets, 'request'> },
): void {
  app.post(
    '/password-resets',
    {
      schema: {
        tags: ['session'],
        summary:
          'Forgot password: e-mails a single-use link to choose a new one; the same answer whether the account exists or not',
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
