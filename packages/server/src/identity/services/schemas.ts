import { type Static, Type } from '@sinclair/typebox';
import { isoTime, Text, Timestamp } from '../../http/schemas.js';
import type { Service } from './store.js';

export const ServiceId = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,62}$',
  maxLength: 63,
  description: 'Lower-case letters, digits and dashes, e.g. billing',
});
const Name = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', maxLength: 64 });
const PermissionId = Type.String({
  pattern: '^([a-z][a-z0-9-]{0,62}:)?[A-Za-z0-9_.*-]{1,64}$',
  maxLength: 128,
});

export const ServiceBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    permissions: Type.Array(Type.Object({ id: Type.String(), description: Type.String() })),
    roles: Type.Array(
      Type.Object({
        name: Type.String(),
        description: Type.String(),
        permissions: Type.Array(Type.String()),
      }),
    ),
    resource: Type.Union([Type.String(), Type.Null()], {
      description:
        'The resource URI (RFC 8707): the `aud` of access tokens requested with resource=<this URI>',
    }),
    createdAt: Timestamp,
  },
  { $id: 'Service' },
);

export function serviceView(service: Service): Static<typeof ServiceBody> {
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    permissions: service.permissions,
    roles: service.roles,
    resource: service.resource,
    createdAt: isoTime(service.createdAt),
  };
}

export const CreateServiceBody = Type.Object(
  {
    id: ServiceId,
    name: Text(128),
    description: Type.Optional(Text(1000, 0)),
    permissions: Type.Optional(
      Type.Array(
        Type.Object(
          { id: PermissionId, description: Type.Optional(Text(500, 0)) },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
    roles: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Name,
            description: Type.Optional(Text(500, 0)),
            permissions: Type.Array(PermissionId, { maxItems: 500 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    resource: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description:
          'Resource URI of the service (RFC 8707), e.g. https://billing.example.com/: absolute, no fragment, ' +
          'unique. Clients send it as `resource` to get tokens for this service only, with it as `aud`.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateServiceBody = Type.Object(
  {
    name: Type.Optional(Text(128)),
    description: Type.Optional(Text(1000, 0)),
    permissions: Type.Optional(
      Type.Array(
        Type.Object(
          { id: PermissionId, description: Type.Optional(Text(500, 0)) },
          { additionalProperties: false },
        ),
        {
          maxItems: 500,
          description: 'Replaces the list; permissions of the roles are kept or added anyway',
        },
      ),
    ),
    roles: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Name,
            description: Type.Optional(Text(500, 0)),
            permissions: Type.Array(PermissionId, { maxItems: 500 }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 200,
          description:
            'Replaces the list; a role members or apps hold cannot be left out (service.role_in_use)',
        },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ServiceIdParams = Type.Object({ serviceId: ServiceId });
