import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, isoTime, NoContent, Page, PageQuery, toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { InvitationBody, invitationView } from '../invitations/schemas.js';
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
  members: Pick<MemberService, 'addOrInvite' | 'list' | 'remove' | 'update'>;
  clock: Clock;
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
          'Add the account that uses this e-mail (201), or invite the address when no account does (202) (owners and admins; only owners grant org_owner)',
        params: OrgIdParams,
        body: AddMemberBody,
        response: { 201: MemberBody, 202: Type.Object({ invitation: InvitationBody }), ...errors },
      },
    },
    async (request, reply) => {
      const added = await c.members.addOrInvite(await c.auth.require(request), request.params.orgId, {
        email: request.body.email,
        orgRoles: request.body.orgRoles,
        serviceRoles: request.body.serviceRoles ?? [],
      });
      if ('invitation' in added) {
        return reply.code(202).send({ invitation: invitationView(added.invitation, c.clock.now()) });
      }
      return reply.code(201).send(memberView(added.member, true));
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
