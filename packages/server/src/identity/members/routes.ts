import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, isoTime, NoContent, Page, PageQuery, toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { OrgIdParams } from '../orgs/schemas.js';
import {
  AddMemberBody,
  MemberBody,
  MemberParams,
  MembershipBody,
  memberView,
  UpdateMemberBody,
} from './schemas.js';
import type { MemberService } from './service.js';

/** What the member routes use. */
export interface MemberRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  members: Pick<MemberService, 'add' | 'list' | 'remove' | 'update'>;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function registerMemberRoutes(app: App, c: MemberRouteDeps): void {
  app.get(
    '/orgs/:orgId/members',
    {
      schema: {
        tags: ['members'],
        summary: "An organization's members (roles are shown to owners and admins)",
        params: OrgIdParams,
        querystring: PageQuery,
        response: { 200: Page(MemberBody), ...errors },
      },
    },
    async (request) => {
      const { page, withRoles } = await c.members.list(
        await c.auth.require(request),
        request.params.orgId,
        request.query,
      );
      return toPage(page, request.query, request.url, (member) => memberView(member, withRoles));
    },
  );

  app.post(
    '/orgs/:orgId/members',
    {
      schema: {
        tags: ['members'],
        summary:
          'Add an existing account to the organization (owners and admins; only owners grant org_owner)',
        params: OrgIdParams,
        body: AddMemberBody,
        response: { 201: MemberBody, ...errors },
      },
    },
    async (request, reply) => {
      const member = await c.members.add(await c.auth.require(request), request.params.orgId, {
        email: request.body.email,
        orgRoles: request.body.orgRoles,
        serviceRoles: request.body.serviceRoles ?? [],
      });
      return reply.code(201).send(memberView(member, true));
    },
  );

  app.put(
    '/orgs/:orgId/members/:userId',
    {
      schema: {
        tags: ['members'],
        summary: "Replace a member's roles",
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: MembershipBody, ...errors },
      },
    },
    async (request) => {
      const membership = await c.members.update(
        await c.auth.require(request),
        request.params.orgId,
        request.params.userId,
        { orgRoles: request.body.orgRoles, serviceRoles: request.body.serviceRoles ?? [] },
      );
      return { ...membership, updatedAt: isoTime(membership.updatedAt) };
    },
  );

  app.delete(
    '/orgs/:orgId/members/:userId',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member (or leave, when it is the caller)',
        params: MemberParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await c.members.remove(await c.auth.require(request), request.params.orgId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
