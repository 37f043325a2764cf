import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, NoContent, Timestamp, Uuid } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { SessionList } from './list.js';

/** What the session list routes use. */
export interface SessionListRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  sessionList: SessionList;
}

const SessionBody = Type.Object({
  id: Type.String(),
  device: Type.String({ description: 'Browser and system, from the User-Agent sent at sign-in' }),
  address: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  current: Type.Boolean({ description: 'The session making this request' }),
});
const SessionIdParams = Type.Object(
  { sessionId: Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' }) },
  { additionalProperties: false },
);
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerSessionListRoutes(app: App, c: SessionListRouteDeps): void {
  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['me'],
        summary: 'Your signed-in sessions: device, address, when created and last used',
        response: { 200: Type.Object({ sessions: Type.Array(SessionBody) }), ...errors },
      },
    },
    async (request) => {
      const sessions = await c.sessionList.listMine(await c.auth.require(request));
      return {
        sessions: sessions.map((s) => ({
          ...s,
          createdAt: new Date(s.createdAt).toISOString(),
          lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/me/sessions/:sessionId',
    {
      schema: {
        tags: ['me'],
        summary: 'End one of your sessions',
        params: SessionIdParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.sessionList.endMine(await c.auth.require(request), request.params.sessionId);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me/sessions',
    {
      schema: {
        tags: ['me'],
        summary: 'End all your sessions but this one',
        response: { 200: Type.Object({ ended: Type.Integer() }), ...errors },
      },
    },
    async (request) => ({ ended: await c.sessionList.endOthers(await c.auth.require(request)) }),
  );

  app.delete(
    '/users/:userId/sessions',
    {
      schema: {
        tags: ['users'],
        summary: 'End every session of a user (operators)',
        params: Type.Object({ userId: Uuid }, { additionalProperties: false }),
        response: { 200: Type.Object({ ended: Type.Integer() }), ...errors },
      },
    },
    async (request) => ({
      ended: await c.sessionList.endAllOf(await c.auth.require(request), request.params.userId),
    }),
  );
}
