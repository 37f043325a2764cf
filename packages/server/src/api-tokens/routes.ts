import type { Clock } from '../core/clock.js';
import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody, NoContent, Page, PageQuery, toPage } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { OrgIdParams } from '../identity/orgs/schemas.js';
import {
  ApiTokenBody,
  apiTokenView,
  BulkIdsBody,
  BulkResultBody,
  GenerateBody,
  GeneratedBody,
  PolicyAnswer,
  PolicyBody,
  policyView,
  TokenIdParams,
} from './schemas.js';
import type { ApiTokenService } from './service.js';

/** What the API token routes use. */
export interface ApiTokenRouteDeps {
  apiTokens: Pick<
    ApiTokenService,
    | 'generate'
    | 'getMine'
    | 'listForOrg'
    | 'listMine'
    | 'policy'
    | 'regenerate'
    | 'revoke'
    | 'setActive'
    | 'setPolicy'
  >;
  auth: Pick<Authenticator, 'require'>;
  clock: Clock;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerApiTokenRoutes(app: App, c: ApiTokenRouteDeps): void {
  const now = () => c.clock.now();

  app.post(
    '/me/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Generate an API token for one org; the value is in this answer only',
        body: GenerateBody,
        response: { 201: GeneratedBody, ...errors },
      },
    },
    async (request, reply) => {
      const { token, record, notes } = await c.apiTokens.generate(
        await c.auth.require(request),
        request.body,
      );
      return reply.code(201).send({ ...apiTokenView(record, now()), token, notes });
    },
  );

  app.get(
    '/me/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        summary: "The caller's API tokens (never their values), newest first",
        querystring: PageQuery,
        response: { 200: Page(ApiTokenBody), ...errors },
      },
    },
    async (request) => {
      const result = await c.apiTokens.listMine(await c.auth.require(request), request.query);
      return toPage(result, request.query, request.url, (token) => apiTokenView(token, now()));
    },
  );

  app.get(
    '/me/api-tokens/:tokenId',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'One of the caller’s API tokens',
        params: TokenIdParams,
        response: { 200: ApiTokenBody, ...errors },
      },
    },
    async (request) =>
      apiTokenView(await c.apiTokens.getMine(await c.auth.require(request), request.params.tokenId), now()),
  );

  app.delete(
    '/me/api-tokens/:tokenId',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Revoke an API token; access tokens minted from it stop working at once',
        params: TokenIdParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.apiTokens.revoke(await c.auth.require(request), request.params.tokenId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/api-tokens/:tokenId/regenerate',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Revoke an API token and return a new value with the same settings',
        params: TokenIdParams,
        response: { 201: GeneratedBody, ...errors },
      },
    },
    async (request, reply) => {
      const { token, record, notes } = await c.apiTokens.regenerate(
        await c.auth.require(request),
        request.params.tokenId,
      );
      return reply.code(201).send({ ...apiTokenView(record, now()), token, notes });
    },
  );

  app.get(
    '/orgs/:orgId/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Every API token of the organization with its owner, metadata only (org owners)',
        params: OrgIdParams,
        querystring: PageQuery,
        response: { 200: Page(ApiTokenBody), ...errors },
      },
    },
    async (request) => {
      const result = await c.apiTokens.listForOrg(
        await c.auth.require(request),
        request.params.orgId,
        request.query,
      );
      return toPage(result, request.query, request.url, (token) => apiTokenView(token, now()));
    },
  );

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(
      `/orgs/:orgId/api-tokens/${action}`,
      {
        schema: {
          tags: ['api tokens'],
          summary: `${active ? 'Reactivate' : 'Deactivate'} up to 15 API tokens of the organization (org owners); each owner is e-mailed`,
          params: OrgIdParams,
          body: BulkIdsBody,
          response: { 200: BulkResultBody, ...errors },
        },
      },
      async (request) =>
        c.apiTokens.setActive(await c.auth.require(request), request.params.orgId, request.body.ids, active),
    );
  }

  app.get(
    '/orgs/:orgId/policies',
    {
      schema: {
        tags: ['api tokens'],
        summary: "The organization's API-token policies (any member)",
        params: OrgIdParams,
        response: { 200: PolicyAnswer, ...errors },
      },
    },
    async (request) =>
      policyView(await c.apiTokens.policy(await c.auth.require(request), request.params.orgId)),
  );

  app.put(
    '/orgs/:orgId/policies',
    {
      schema: {
        tags: ['api tokens'],
        summary:
          'Set the API-token policies: maximum lifetime of new tokens, idle limit for all (org owners)',
        params: OrgIdParams,
        body: PolicyBody,
        response: { 200: PolicyAnswer, ...errors },
      },
    },
    async (request) =>
      policyView(
        await c.apiTokens.setPolicy(await c.auth.require(request), request.params.orgId, request.body),
      ),
  );
}
