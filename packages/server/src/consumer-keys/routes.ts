import { Type } from '@sinclair/typebox';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import { pageOf } from '../core/pagination.js';
import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody, NoContent, Page, PageQuery, toPage } from '../http/schemas.js';
import type { App } from '../http/types.js';
import {
  AllowedIpsBody,
  AppCredentialParams,
  ConsumerAppBody,
  ConsumerAppParams,
  ConsumerCredentialBody,
  CreateConsumerAppBody,
  CreatedConsumerAppBody,
  CredentialParams,
  consumerAppView,
  consumerCredentialView,
  GrantedCredentialBody,
  GrantedCredentialQuery,
  grantedCredentialView,
} from './schemas.js';
import type { ConsumerKeyService } from './service.js';
import type { CredentialView } from './shared.js';

/** What the consumer-key management routes use. */
export interface ConsumerKeyRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  clock: Clock;
  consumerKeys: Pick<
    ConsumerKeyService,
    | 'applicationsOf'
    | 'createApp'
    | 'deleteMyApp'
    | 'getGranted'
    | 'getMyApp'
    | 'listCredentialsOfMyApp'
    | 'listGranted'
    | 'listMyApps'
    | 'revokeCredentialOfMyApp'
    | 'revokeGranted'
    | 'setAllowedIps'
  >;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const tags = ['consumer keys'];

/**
 * The native management API of OVH-style delegated access (docs/wire/ovh.md#me-api): a developer's apps, the
 * consumer keys they were given, and the consumer keys a user granted to anyone's applications.
 */
export function registerConsumerKeyRoutes(api: App, c: ConsumerKeyRouteDeps): void {
  registerMyAppRoutes(api, c);
  registerGrantedRoutes(api, c);
  // OVH clients pointed at /api/v1 fetch `<base>/auth/time` before their first signed call, as they do at
  // /1.0/auth/time; the same answer here (docs/wire/ovh.md#server-time).
  api.get(
    '/auth/time',
    {
      schema: {
        tags,
        summary: 'The server time in UNIX seconds, for OVH-style clients signing calls to this API',
        security: [],
        response: { 200: Type.Integer() },
      },
    },
    async () => Math.floor(c.clock.now() / 1000),
  );
}

function registerMyAppRoutes(api: App, c: ConsumerKeyRouteDeps): void {
  api.post(
    '/me/consumer-apps',
    {
      schema: {
        tags,
        summary:
          'Register an application (AK + AS) for signed OVH-style calls; the secret is in this answer only',
        body: CreateConsumerAppBody,
        response: { 201: CreatedConsumerAppBody, ...errors },
      },
    },
    async (request, reply) => {
      const { name, description = '' } = request.body;
      const { app, applicationSecret } = await c.consumerKeys.createApp(await c.auth.require(request), {
        name,
        description,
      });
      return reply.code(201).send({ ...consumerAppView(app), applicationSecret });
    },
  );

  api.get(
    '/me/consumer-apps',
    {
      schema: {
        tags,
        summary: "The caller's applications (never their secrets), newest first",
        querystring: PageQuery,
        response: { 200: Page(ConsumerAppBody), ...errors },
      },
    },
    async (request) => {
      const apps = await c.consumerKeys.listMyApps(await c.auth.require(request));
      return toPage(pageOf(apps, request.query), request.query, request.url, consumerAppView);
    },
  );

  api.get(
    '/me/consumer-apps/:applicationId',
    {
      schema: {
        tags,
        summary: 'One of the caller’s applications (never its secret)',
        params: ConsumerAppParams,
        response: { 200: ConsumerAppBody, ...errors },
      },
    },
    async (request) =>
      consumerAppView(
        await c.consumerKeys.getMyApp(await c.auth.require(request), request.params.applicationId),
      ),
  );

  api.delete(
    '/me/consumer-apps/:applicationId',
    {
      schema: {
        tags,
        summary: 'Delete an application and every consumer key given to it; they stop working at once',
        params: ConsumerAppParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.consumerKeys.deleteMyApp(await c.auth.require(request), request.params.applicationId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/me/consumer-apps/:applicationId/credentials',
    {
      schema: {
        tags,
        summary: 'The consumer keys one of the caller’s applications requested, pending ones included',
        params: ConsumerAppParams,
        querystring: PageQuery,
        response: { 200: Page(ConsumerCredentialBody), ...errors },
      },
    },
    async (request) => {
      const credentials = await c.consumerKeys.listCredentialsOfMyApp(
        await c.auth.require(request),
        request.params.applicationId,
      );
      return toPage(pageOf(credentials, request.query), request.query, request.url, (credential) =>
        consumerCredentialView(credential),
      );
    },
  );

  api.delete(
    '/me/consumer-apps/:applicationId/credentials/:credentialId',
    {
      schema: {
        tags,
        summary: 'Withdraw a consumer key of one of the caller’s applications (e.g. a leaked one)',
        params: AppCredentialParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const { applicationId, credentialId } = request.params;
      await c.consumerKeys.revokeCredentialOfMyApp(
        await c.auth.require(request),
        applicationId,
        credentialId,
      );
      return reply.code(204).send(null);
    },
  );
}

function registerGrantedRoutes(api: App, c: ConsumerKeyRouteDeps): void {
  api.get(
    '/me/consumer-credentials',
    {
      schema: {
        tags,
        summary: 'The consumer keys the caller validated or refused for any application, newest first',
        querystring: GrantedCredentialQuery,
        response: { 200: Page(GrantedCredentialBody), ...errors },
      },
    },
    async (request) => {
      const { pageStart, pageLimit, applicationId, status } = request.query;
      const page = { pageStart, pageLimit };
      const credentials = await c.consumerKeys.listGranted(await c.auth.require(request), {
        applicationId,
        status,
      });
      const { items, total } = pageOf(credentials, page);
      return toPage({ items: await withApplications(c, items), total }, page, request.url, (view) => view);
    },
  );

  api.get(
    '/me/consumer-credentials/:credentialId',
    {
      schema: {
        tags,
        summary: 'One consumer key the caller granted, with its application',
        params: CredentialParams,
        response: { 200: GrantedCredentialBody, ...errors },
      },
    },
    async (request) => {
      const { credentialId } = request.params;
      const credential = await c.consumerKeys.getGranted(await c.auth.require(request), credentialId);
      return grantedOne(c, credential);
    },
  );

  api.patch(
    '/me/consumer-credentials/:credentialId',
    {
      schema: {
        tags,
        summary: 'Set (or clear with null) the addresses a consumer key the caller granted may be used from',
        params: CredentialParams,
        body: AllowedIpsBody,
        response: { 200: GrantedCredentialBody, ...errors },
      },
    },
    async (request) => {
      const caller = await c.auth.require(request);
      const { credentialId } = request.params;
      const updated = await c.consumerKeys.setAllowedIps(caller, credentialId, request.body.allowedIPs);
      return grantedOne(c, updated);
    },
  );

  api.delete(
    '/me/consumer-credentials/:credentialId',
    {
      schema: {
        tags,
        summary: 'Revoke a consumer key the caller granted; it stops working at once',
        params: CredentialParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.consumerKeys.revokeGranted(await c.auth.require(request), request.params.credentialId);
      return reply.code(204).send(null);
    },
  );
}

/**
 * The wire views of credentials the caller granted, each with its application (one query for all). A
 * credential whose application was deleted meanwhile went with it, and is left out.
 */
async function withApplications(c: ConsumerKeyRouteDeps, credentials: readonly CredentialView[]) {
  const apps = new Map(
    (await c.consumerKeys.applicationsOf(credentials)).map((app) => [app.id, app] as const),
  );
  return credentials.flatMap((credential) => {
    const app = apps.get(credential.appId);
    return app ? [grantedCredentialView(credential, app)] : [];
  });
}

async function grantedOne(c: ConsumerKeyRouteDeps, credential: CredentialView) {
  const [view] = await withApplications(c, [credential]);
  if (!view) {
    throw new ApiError(
      'consumer_credential.not_found',
      `credential ${credential.id} was deleted with its application`,
    );
  }
  return view;
}
