import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, NoContent, OrgIdParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { LockoutIdParams, LockoutListBody, lockoutView } from './schemas.js';
import type { LockoutService } from './service.js';

/** What the lockout routes use. */
export interface LockoutRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  lockouts: LockoutService;
}

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerLockoutRoutes(app: App, c: LockoutRouteDeps): void {
  app.get(
    '/lockouts',
    {
      schema: {
        tags: ['lockouts'],
        summary: 'Current lockouts of every account, client and address (operators)',
        response: { 200: LockoutListBody, ...errors },
      },
    },
    async (request) => ({
      lockouts: (await c.lockouts.listAll(await c.auth.require(request))).map(lockoutView),
    }),
  );

  app.delete(
    '/lockouts/:lockoutId',
    {
      schema: {
        tags: ['lockouts'],
        summary: 'Lift a lockout: it ends now and its back-off starts over (operators)',
        params: LockoutIdParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.lockouts.liftAny(await c.auth.require(request), request.params.lockoutId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/orgs/:orgId/lockouts',
    {
      schema: {
        tags: ['lockouts'],
        summary: 'Current sign-in lockouts of the organization’s members (owners)',
        params: OrgIdParams,
        response: { 200: LockoutListBody, ...errors },
      },
    },
    async (request) => ({
      lockouts: (await c.lockouts.listForOrg(await c.auth.require(request), request.params.orgId)).map(
        lockoutView,
      ),
    }),
  );

  app.delete(
    '/orgs/:orgId/lockouts/:lockoutId',
    {
      schema: {
        tags: ['lockouts'],
        summary: 'Lift a lockout of a member of the organization (owners)',
        params: Type.Composite([OrgIdParams, LockoutIdParams], { additionalProperties: false }),
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, lockoutId } = request.params;
      await c.lockouts.liftForOrg(await c.auth.require(request), orgId, lockoutId);
      return reply.code(204).send(null);
    },
  );
}
