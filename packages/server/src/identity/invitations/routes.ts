import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, NoContent } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { AddMemberBody } from '../members/schemas.js';
import { OrgIdParams } from '../orgs/schemas.js';
import { InvitationBody, InvitationParams, invitationView } from './schemas.js';
import type { InvitationService } from './service.js';

/** What the invitation routes use. */
export interface InvitationRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  clock: Clock;
  invitations: Pick<InvitationService, 'invite' | 'list' | 'resend' | 'revoke'>;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Invitations of an org, for its owners and admins (POST /orgs/{orgId}/members invites unknown addresses too). */
export function registerInvitationRoutes(app: App, c: InvitationRouteDeps): void {
  app.get(
    '/orgs/:orgId/invitations',
    {
      schema: {
        tags: ['members'],
        summary:
          'Pending invitations: neither accepted nor revoked, expired ones included (owners and admins)',
        params: OrgIdParams,
        response: { 200: Type.Object({ items: Type.Array(InvitationBody) }), ...errors },
      },
    },
    async (request) => {
      const items = await c.invitations.list(await c.auth.require(request), request.params.orgId);
      const now = c.clock.now();
      return { items: items.map((invitation) => invitationView(invitation, now)) };
    },
  );

  app.post(
    '/orgs/:orgId/invitations',
    {
      schema: {
        tags: ['members'],
        summary: 'Invite an address with no account: it gets a single-use link to join with these roles',
        params: OrgIdParams,
        body: AddMemberBody,
        response: { 201: InvitationBody, ...errors },
      },
    },
    async (request, reply) => {
      const invitation = await c.invitations.invite(await c.auth.require(request), request.params.orgId, {
        email: request.body.email,
        orgRoles: request.body.orgRoles,
        serviceRoles: request.body.serviceRoles ?? [],
      });
      return reply.code(201).send(invitationView(invitation, c.clock.now()));
    },
  );

  app.post(
    '/orgs/:orgId/invitations/:invitationId/resend',
    {
      schema: {
        tags: ['members'],
        summary: 'E-mail a new link, valid for the full lifetime again; the old link stops working',
        params: InvitationParams,
        response: { 200: InvitationBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, invitationId } = request.params;
      const invitation = await c.invitations.resend(await c.auth.require(request), orgId, invitationId);
      return invitationView(invitation, c.clock.now());
    },
  );

  app.delete(
    '/orgs/:orgId/invitations/:invitationId',
    {
      schema: {
        tags: ['members'],
        summary: 'Revoke an invitation: its link stops working',
        params: InvitationParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, invitationId } = request.params;
      await c.invitations.revoke(await c.auth.require(request), orgId, invitationId);
      return reply.code(204).send(null);
    },
  );
}
