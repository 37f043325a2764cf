import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, Page, PageQuery, toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { CreateOrgBody, OrgBody, OrgIdParams, orgView, UpdateOrgBody } from './schemas.js';
import type { OrgService } from './service.js';

/** What the organization routes use. */
export interface OrgRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  orgs: Pick<OrgService, 'create' | 'get' | 'list' | 'update'>;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerOrgRoutes(app: App, c: OrgRouteDeps): void {
  app.post(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Create an organization; the caller becomes its owner',
        body: CreateOrgBody,
        response: { 201: OrgBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const org = await c.orgs.create(await c.auth.require(request), request.body);
      return reply.code(201).send(orgView(org));
    },
  );

  app.get(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: "The caller's organizations",
        querystring: PageQuery,
        response: { 200: Page(OrgBody), ...errors },
      },
    },
    async (request) => {
      const result = await c.orgs.list(await c.auth.require(request), request.query);
      return toPage(result, request.query, request.url, orgView);
    },
  );

  app.get(
    '/orgs/:orgId',
    {
      schema: {
        tags: ['orgs'],
        summary: 'One organization the caller belongs to',
        params: OrgIdParams,
        response: { 200: OrgBody, ...errors },
      },
    },
    async (request) => orgView(await c.orgs.get(await c.auth.require(request), request.params.orgId)),
  );

  app.patch(
    '/orgs/:orgId',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Rename an organization (owners and admins)',
        params: OrgIdParams,
        body: UpdateOrgBody,
        response: { 200: OrgBody, ...errors },
      },
    },
    async (request) =>
      orgView(await c.orgs.update(await c.auth.require(request), request.params.orgId, request.body)),
  );
}
