import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody, isoTime, Timestamp } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { AppParams } from './schemas.js';
import type { AppService } from './service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const AppSecretsBody = Type.Object({
  secrets: Type.Array(
    Type.Object({
      id: Type.String({ description: 'The secret’s id (never its value)' }),
      createdAt: Timestamp,
      expiresAt: Type.Union([Timestamp, Type.Null()], {
        description: 'null for the current secret; a rotated-out secret works until then',
      }),
    }),
    { description: 'The secrets that work now, newest first' },
  ),
  rotating: Type.Boolean({ description: 'A rotation is running: a previous secret still works' }),
});

/** GET …/apps/{appId}/secrets: which secrets an app has now, so a rotation in progress can be seen. */
export function registerAppSecretListRoute(
  app: App,
  deps: { auth: Pick<Authenticator, 'require'>; apps: Pick<AppService, 'secrets'> },
): void {
  app.get(
    '/orgs/:orgId/apps/:appId/secrets',
    {
      schema: {
        tags: ['oauth apps'],
        summary:
          "An app's working secrets: ids, creation and expiry, never values (owners, admins, developers)",
        params: AppParams,
        response: { 200: AppSecretsBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, appId } = request.params;
      const secrets = await deps.apps.secrets(await deps.auth.require(request), orgId, appId);
      return {
        secrets: secrets.map((secret) => ({
          id: secret.id,
          createdAt: isoTime(secret.createdAt),
          expiresAt: isoTime(secret.expiresAt),
        })),
        rotating: secrets.some((secret) => secret.expiresAt !== null),
      };
    },
  );
}
