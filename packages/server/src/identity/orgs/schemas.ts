import { type Static, Type } from '@sinclair/typebox';
import { ORG_ROLES } from '../../core/roles.js';
import { isoTime, Text, Timestamp, Uuid } from '../../http/schemas.js';
import type { OrgWithRoles } from './store.js';

export const OrgRoleSchema = Type.Union(
  ORG_ROLES.map((role) => Type.Literal(role)),
  { description: 'org_owner, org_admin, org_member or developer' },
);

export const ServiceRoleName = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,62}:[A-Za-z0-9_.-]{1,64}$',
  maxLength: 128,
  description: '<serviceId>:<role>',
});

export const OrgBody = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    displayName: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    requireMfa: Type.Boolean({ description: 'Every member must sign in with a second factor' }),
    orgRoles: Type.Array(Type.String(), { description: "The caller's org roles here" }),
    serviceRoles: Type.Array(Type.String(), { description: "The caller's service roles here" }),
  },
  { $id: 'Org' },
);

export function orgView(org: OrgWithRoles): Static<typeof OrgBody> {
  return {
    id: org.id,
    name: org.name,
    displayName: org.displayName,
    createdAt: isoTime(org.createdAt),
    updatedAt: isoTime(org.updatedAt),
    requireMfa: org.requireMfa,
    orgRoles: org.orgRoles,
    serviceRoles: org.serviceRoles,
  };
}

export const CreateOrgBody = Type.Object(
  { name: Text(128), displayName: Type.Optional(Text(128)) },
  { additionalProperties: false },
);

export const UpdateOrgBody = Type.Object(
  {
    name: Type.Optional(Text(128)),
    displayName: Type.Optional(Text(128)),
    requireMfa: Type.Optional(
      Type.Boolean({ description: 'Owners only: members must sign in with a second factor' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** `{orgId}` in a path; shared by every org-scoped route (http/schemas.ts). */
export { OrgIdParams } from '../../http/schemas.js';
