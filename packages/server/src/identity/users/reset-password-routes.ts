import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { generatedPassword } from './passwords.js';
import { UserBody, UserIdParams, userView } from './schemas.js';
import type { UserService } from './service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * An operator resets a user's password to a generated one, shown only in this answer: the old password stops
 * working and every session of the user ends, as `keyward admin reset-password` does (docs/console.md).
 */
export function registerResetPasswordRoute(
  app: App,
  deps: { auth: Pick<Authenticator, 'require'>; users: Pick<UserService, 'resetPassword'> },
): void {
  app.post(
    '/users/:userId/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: "Reset an account's password to a generated one, shown once; its sessions end (operators)",
        params: UserIdParams,
        response: {
          200: Type.Object({
            user: UserBody,
            password: Type.String({
              description: 'The new password: shown in this answer only, never again',
            }),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const caller = await deps.auth.require(request);
      const password = generatedPassword();
      const user = await deps.users.resetPassword(caller, request.params.userId, password, {
        temporary: true,
      });
      // The answer carries a secret: no cache keeps it (RFC 9111 §5.2.2.5).
      reply.header('cache-control', 'no-store');
      return { user: userView(user), password };
    },
  );
}
