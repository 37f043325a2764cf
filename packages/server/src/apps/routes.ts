import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody, isoTime, NoContent, Page, PageQuery, toPage } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { OrgIdParams } from '../identity/orgs/schemas.js';
import type { AppDirectory } from './directory.js';
import type { AppGrantService, GrantOutcome } from './grants.js';
import {
  AppBody,
  AppGrantBody,
  AppListQuery,
  AppParams,
  appGrantView,
  appView,
  ClientAuthenticationBody,
  CreateAppBody,
  CreatedAppBody,
  GrantBody,
  RotateBody,
  RotatedBody,
  SecretBody,
  UpdateAppBody,
} from './schemas.js';
import { type AppService, DEFAULT_ROTATION_OVERLAP } from './service.js';

/** What the OAuth app routes use. */
export interface AppRouteDeps {
  appDirectory: Pick<AppDirectory, 'app' | 'grant'>;
  appGrants: Pick<AppGrantService, 'add' | 'list' | 'remove'>;
  apps: Pick<
    AppService,
    | 'create'
    | 'delete'
    | 'endRotation'
    | 'get'
    | 'list'
    | 'regenerateSecret'
    | 'rotateSecret'
    | 'setClientAuthentication'
    | 'update'
  >;
  auth: Pick<Authenticator, 'require'>;
  clock: Clock;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['oauth apps'];

/** The native management API of OAuth apps: an org's own apps, their secrets, and apps added to the org. */
export function registerAppRoutes(app: App, c: AppRouteDeps): void {
  registerOwnedAppRoutes(app, c);
  registerSecretRoutes(app, c);
  registerGrantRoutes(app, c);
}

function registerOwnedAppRoutes(app: App, c: AppRouteDeps): void {
  app.post(
    '/orgs/:orgId/apps',
    {
      schema: {
        tags,
        summary:
          'Create an OAuth app (owners, admins, developers); a server or web app’s secret is in this answer only',
        params: OrgIdParams,
        body: CreateAppBody,
        response: { 201: CreatedAppBody, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const { app: created, secret } = await c.apps.create(caller, request.params.orgId, request.body);
      return reply.code(201).send({ ...appView(created), ...(secret === null ? {} : { secret }) });
    },
  );

  app.get(
    '/orgs/:orgId/apps',
    {
      schema: {
        tags,
        summary: 'The apps the organization owns, newest first; `search` matches part of the name',
        params: OrgIdParams,
        querystring: AppListQuery,
        response: { 200: Page(AppBody), ...errors },
      },
    },
    async (request) => {
      const { pageStart, pageLimit, search } = request.query;
      const page = { pageStart, pageLimit };
      const result = await c.apps.list(await c.auth.require(request), request.params.orgId, page, search);
      return toPage(result, page, request.url, appView);
    },
  );

  app.get(
    '/orgs/:orgId/apps/:appId',
    {
      schema: {
        tags,
        summary: 'One app of the organization (never its secret)',
        params: AppParams,
        response: { 200: AppBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, appId } = request.params;
      return appView(await c.apps.get(await c.auth.require(request), orgId, appId));
    },
  );

  app.patch(
    '/orgs/:orgId/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Change an app’s name, redirect URIs, scopes, lifetimes, or PKCE or DPoP requirement',
        params: AppParams,
        body: UpdateAppBody,
        response: { 200: AppBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, appId } = request.params;
      return appView(await c.apps.update(await c.auth.require(request), orgId, appId, request.body));
    },
  );

  app.delete(
    '/orgs/:orgId/apps/:appId',
    {
      schema: {
        tags,
        summary: 'Delete an app with its secrets and grants; its access tokens stop working at once',
        params: AppParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, appId } = request.params;
      await c.apps.delete(await c.auth.require(request), orgId, appId);
      return reply.code(204).send(null);
    },
  );
}

function registerSecretRoutes(app: App, c: AppRouteDeps): void {
  app.put(
    '/orgs/:orgId/apps/:appId/client-authentication',
    {
      schema: {
        tags,
        summary:
          'Set how the app authenticates (owners): its secret, or private_key_jwt with its public keys ' +
          '(jwks inline or jwksUri); a private_key_jwt app is refused when it sends a secret',
        params: AppParams,
        body: ClientAuthenticationBody,
        response: { 200: AppBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, appId } = request.params;
      const caller = await c.auth.require(request);
      return appView(await c.apps.setClientAuthentication(caller, orgId, appId, request.body));
    },
  );

  app.post(
    '/orgs/:orgId/apps/:appId/secret',
    {
      schema: {
        tags,
        summary: 'Regenerate the client secret (owners); every previous secret stops working at once',
        params: AppParams,
        response: { 201: SecretBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, appId } = request.params;
      const secret = await c.apps.regenerateSecret(await c.auth.require(request), orgId, appId);
      return reply.code(201).send({ secret });
    },
  );

  app.post(
    '/orgs/:orgId/apps/:appId/secret/rotate',
    {
      schema: {
        tags,
        summary: 'Add a new client secret (owners); the current ones keep working for the overlap (48 h)',
        params: AppParams,
        body: RotateBody,
        response: { 201: RotatedBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, appId } = request.params;
      const overlapSeconds = request.body.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP;
      // Read before the service does: the reported end is never later than the real one.
      const startedAt = c.clock.now();
      const secret = await c.apps.rotateSecret(await c.auth.require(request), orgId, appId, {
        overlapSeconds,
      });
      return reply
        .code(201)
        .send({ secret, previousSecretsExpireAt: isoTime(startedAt + overlapSeconds * 1000) });
    },
  );

  app.delete(
    '/orgs/:orgId/apps/:appId/secret/rotation',
    {
      schema: {
        tags,
        summary: 'End a rotation now (owners): only the newest secret keeps working',
        params: AppParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, appId } = request.params;
      await c.apps.endRotation(await c.auth.require(request), orgId, appId);
      return reply.code(204).send(null);
    },
  );
}

function registerGrantRoutes(app: App, c: AppRouteDeps): void {
  app.post(
    '/orgs/:orgId/app-grants',
    {
      schema: {
        tags,
        summary:
          'Add a server-to-server app (of any org) to this organization with roles, or replace its roles ' +
          '(owners, admins; developers give org_member and developer only)',
        params: OrgIdParams,
        body: GrantBody,
        response: { 200: AppGrantBody, 201: AppGrantBody, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const { orgId } = request.params;
      const { appId, orgRoles, serviceRoles = [] } = request.body;
      const { failures, created } = await c.appGrants.add(caller, orgId, [appId], { orgRoles, serviceRoles });
      if (failures[0]) throw grantRefusal(failures[0]);
      const [grant, granted] = await Promise.all([
        c.appDirectory.grant(appId, orgId),
        c.appDirectory.app(appId),
      ]);
      if (!grant || !granted) throw new ApiError('app.not_found', `app ${appId} was deleted meanwhile`);
      return reply.code(created.includes(appId) ? 201 : 200).send(
        appGrantView({
          ...grant,
          appName: granted.name,
          appDescription: granted.description,
          appOwnerOrgId: granted.ownerOrgId,
        }),
      );
    },
  );

  app.get(
    '/orgs/:orgId/app-grants',
    {
      schema: {
        tags,
        summary:
          'The apps added to this organization, with the roles it gives each (owners, admins, developers)',
        params: OrgIdParams,
        querystring: PageQuery,
        response: { 200: Page(AppGrantBody), ...errors },
      },
    },
    async (request) => {
      const result = await c.appGrants.list(
        await c.auth.require(request),
        request.params.orgId,
        request.query,
      );
      return toPage(result, request.query, request.url, appGrantView);
    },
  );

  app.delete(
    '/orgs/:orgId/app-grants/:appId',
    {
      schema: {
        tags,
        summary:
          'Remove an app from this organization (owners, admins); its tokens here stop working at once',
        params: AppParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, appId } = request.params;
      await c.appGrants.remove(await c.auth.require(request), orgId, appId);
      return reply.code(204).send(null);
    },
  );
}

/**
 * AppGrantService.add reports a refused app as `{id, message}` (so one refusal does not undo a CSP batch); the
 * native API adds one app and answers the refusal as an error. The service's three messages are told apart here.
 */
function grantRefusal(failure: GrantOutcome['failures'][number]): ApiError {
  const advice: Record<typeof failure.code, string> = {
    'app.not_found': 'check the client id with the app’s owners',
    'app.not_server': 'web and native apps act for their users, who sign in; they are not added',
    'app.scope_exceeded': 'give roles within the app’s scopes, or ask its owners to widen them',
  };
  return new ApiError(failure.code, `app ${failure.id}: ${failure.message}; ${advice[failure.code]}`, {
    appId: failure.id,
  });
}
