import { Type } from '@sinclair/typebox';
import type { ServerKey } from '../../core/server-key.js';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, NoContent, Page, PageQuery, toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { OrgBody, orgView } from '../orgs/schemas.js';
import {
  ChangeEmailBody,
  ChangePasswordBody,
  CreateUserBody,
  UserBody,
  UserIdParams,
  userView,
} from './schemas.js';
import type { UserService } from './service.js';

/** What the user routes use. */
export interface UserRouteDeps {
  auth: Pick<Authenticator, 'require' | 'sessionIdOf'>;
  serverKey: Pick<ServerKey, 'hashSecret'>;
  users: Pick<
    UserService,
    'changeEmail' | 'changePassword' | 'create' | 'get' | 'list' | 'me' | 'setDisabled'
  >;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerUserRoutes(app: App, c: UserRouteDeps): void {
  app.get(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in user and the organizations they belong to, with their roles',
        response: {
          200: Type.Object({
            user: UserBody,
            memberships: Type.Array(OrgBody),
            passwordChangeRequired: Type.Boolean({
              description:
                'The password was generated at first run: ask for a new one (PUT /me/password) first',
            }),
            secondFactor: Type.Object({
              enrolled: Type.Boolean({ description: 'The user has an authenticator app or passkey' }),
              requiredBy: Type.Array(Type.String(), {
                description:
                  'Orgs of the user that require MFA: when not enrolled, ask the user to add a factor',
              }),
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { user, memberships, secondFactor } = await c.users.me(await c.auth.require(request));
      return {
        user: userView(user),
        memberships: memberships.map(orgView),
        passwordChangeRequired: user.mustChangePassword === true,
        secondFactor,
      };
    },
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary:
          "Change the caller's e-mail address (needs a recent sign-in or step-up): the new one is unverified until its e-mailed link is followed, and the old one is told",
        body: ChangeEmailBody,
        response: { 200: Type.Object({ user: UserBody }), ...errors, 409: ErrorBody },
      },
    },
    async (request) => {
      const user = await c.users.changeEmail(await c.auth.require(request), request.body);
      return { user: userView(user) };
    },
  );

  app.put(
    '/me/password',
    {
      schema: {
        tags: ['me'],
        summary: "Change the caller's password; their other sessions end",
        body: ChangePasswordBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const sessionId = c.auth.sessionIdOf(request);
      const keep = sessionId ? c.serverKey.hashSecret('session', sessionId) : null;
      await c.users.changePassword(caller, request.body, keep);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an account (platform operators)',
        body: CreateUserBody,
        response: { 201: UserBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const user = await c.users.create(await c.auth.require(request), request.body);
      return reply.code(201).send(userView(user));
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Every account (platform operators)',
        querystring: PageQuery,
        response: { 200: Page(UserBody), ...errors },
      },
    },
    async (request) => {
      const result = await c.users.list(await c.auth.require(request), request.query);
      return toPage(result, request.query, request.url, userView);
    },
  );

  app.get(
    '/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'One account (operators, or the user themselves)',
        params: UserIdParams,
        response: { 200: UserBody, ...errors },
      },
    },
    async (request) => userView(await c.users.get(await c.auth.require(request), request.params.userId)),
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/users/:userId/${action}`,
      {
        schema: {
          tags: ['users'],
          summary: disabled
            ? 'Disable an account: its sessions end and its credentials stop working (operators)'
            : 'Re-enable a disabled account (operators)',
          params: UserIdParams,
          response: { 200: UserBody, ...errors },
        },
      },
      async (request) =>
        userView(await c.users.setDisabled(await c.auth.require(request), request.params.userId, disabled)),
    );
  }
}
