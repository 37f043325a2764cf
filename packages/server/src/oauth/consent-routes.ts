import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody, isoTime, NoContent, Timestamp, Uuid } from '../http/schemas.js';
import type { App } from '../http/types.js';
import type { ConsentService } from './consents.js';

/** What the consent routes use. */
export interface ConsentRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  consents: Pick<ConsentService, 'list' | 'revoke'>;
}

const ConsentBody = Type.Object({
  appId: Type.String(),
  appName: Type.String(),
  orgId: Uuid,
  scope: Type.String({ description: 'The scopes consented to; empty means every role the app may have' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerConsentRoutes(api: App, c: ConsentRouteDeps): void {
  api.get(
    '/me/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'The apps the caller has consented to, per organization',
        response: { 200: Type.Object({ results: Type.Array(ConsentBody) }), ...errors },
      },
    },
    async (request) => {
      const consents = await c.consents.list(await c.auth.require(request));
      return {
        results: consents.map((consent) => ({
          ...consent,
          createdAt: isoTime(consent.createdAt),
          updatedAt: isoTime(consent.updatedAt),
        })),
      };
    },
  );

  api.delete(
    '/me/consents/:appId/:orgId',
    {
      schema: {
        tags: ['consents'],
        summary: 'Withdraw a consent: the app must ask again, and its tokens for this org stop working',
        params: Type.Object({ appId: Type.String({ minLength: 1, maxLength: 64 }), orgId: Uuid }),
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.consents.revoke(await c.auth.require(request), request.params.appId, request.params.orgId);
      return reply.code(204).send(null);
    },
  );
}
