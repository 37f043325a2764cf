import { type Static, Type } from '@sinclair/typebox';
import { Email, isoTime, Timestamp, Uuid } from '../../http/schemas.js';
import { OrgRoleSchema, ServiceRoleName } from '../orgs/schemas.js';
import type { Member } from './store.js';

const OrgRoles = Type.Array(OrgRoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true });
const ServiceRoles = Type.Array(ServiceRoleName, { maxItems: 200, uniqueItems: true, default: [] });

export const MemberBody = Type.Object(
  {
    userId: Uuid,
    email: Type.String(),
    name: Type.String(),
    disabled: Type.Boolean(),
    orgRoles: Type.Optional(Type.Array(Type.String())),
    serviceRoles: Type.Optional(Type.Array(Type.String())),
    createdAt: Timestamp,
  },
  { $id: 'Member', description: 'Roles are shown to owners and admins only' },
);

export function memberView(member: Member, withRoles: boolean): Static<typeof MemberBody> {
  return {
    userId: member.userId,
    email: member.email,
    name: member.name,
    disabled: member.disabled,
    ...(withRoles ? { orgRoles: member.orgRoles, serviceRoles: member.serviceRoles } : {}),
    createdAt: isoTime(member.createdAt),
  };
}

export const AddMemberBody = Type.Object(
  { email: Email, orgRoles: OrgRoles, serviceRoles: Type.Optional(ServiceRoles) },
  { additionalProperties: false },
);

export const UpdateMemberBody = Type.Object(
  { orgRoles: OrgRoles, serviceRoles: Type.Optional(ServiceRoles) },
  { additionalProperties: false },
);

export const MembershipBody = Type.Object({
  orgId: Uuid,
  userId: Uuid,
  orgRoles: Type.Array(Type.String()),
  serviceRoles: Type.Array(Type.String()),
  updatedAt: Timestamp,
});

export const MemberParams = Type.Object({ orgId: Uuid, userId: Uuid });
