import { type Static, Type } from '@sinclair/typebox';
import { isoTime, Timestamp, Uuid } from '../../http/schemas.js';
import type { Invitation } from './store.js';

export const InvitationBody = Type.Object(
  {
    id: Uuid,
    orgId: Uuid,
    email: Type.String(),
    orgRoles: Type.Array(Type.String()),
    serviceRoles: Type.Array(Type.String()),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    status: Type.Union([Type.Literal('pending'), Type.Literal('expired')], {
      description: 'expired: the link no longer works; resend the invitation to send a new one',
    }),
  },
  { $id: 'Invitation' },
);

export function invitationView(invitation: Invitation, now: number): Static<typeof InvitationBody> {
  return {
    id: invitation.id,
    orgId: invitation.orgId,
    email: invitation.email,
    orgRoles: invitation.orgRoles,
    serviceRoles: invitation.serviceRoles,
    createdAt: isoTime(invitation.createdAt),
    expiresAt: isoTime(invitation.expiresAt),
    status: invitation.expiresAt <= now ? 'expired' : 'pending',
  };
}

export const InvitationParams = Type.Object({ orgId: Uuid, invitationId: Uuid });
