import { type Static, Type } from '@sinclair/typebox';
import { PLATFORM_ROLES } from '../../core/roles.js';
import { Email, isoTime, Text, Timestamp, Uuid } from '../../http/schemas.js';
import type { User } from './store.js';

export const UserBody = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    emailVerified: Type.Boolean({
      description: 'The user followed a link e-mailed to this address (verification or password reset)',
    }),
    name: Type.String(),
    platformRoles: Type.Array(Type.String()),
    createdAt: Timestamp,
    disabled: Type.Boolean(),
  },
  { $id: 'User' },
);

export function userView(user: User): Static<typeof UserBody> {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    platformRoles: user.platformRoles,
    createdAt: isoTime(user.createdAt),
    disabled: user.disabledAt !== null,
  };
}

/** Passwords: bounded so a megabyte cannot reach argon2; the policy itself is checked by the service. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 });

export const CreateUserBody = Type.Object(
  {
    email: Email,
    name: Type.Optional(Text(128)),
    password: Type.Optional(Password),
    platformRoles: Type.Optional(
      Type.Array(Type.Union(PLATFORM_ROLES.map((r) => Type.Literal(r))), { maxItems: 4, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

export const ChangeEmailBody = Type.Object({ email: Email }, { additionalProperties: false });

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);

export const UserIdParams = Type.Object({ userId: Uuid });
