import { Type } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../../http/schemas.js';
import type { LockoutView } from './service.js';

export const LockoutBody = Type.Object({
  id: Uuid,
  scope: Type.Union(
    [
      'account_address',
      'account',
      'address',
      'device',
      'client_address',
      'api_token_address',
      'signed_request_address',
    ].map((scope) => Type.Literal(scope)),
    { description: 'What is locked: see docs/accounts.md#lockout' },
  ),
  userId: Type.Union([Uuid, Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  lockedUntil: Timestamp,
  lockoutsInARow: Type.Integer({ minimum: 1 }),
});

export const LockoutListBody = Type.Object({ lockouts: Type.Array(LockoutBody) });

export const LockoutIdParams = Type.Object({ lockoutId: Uuid }, { additionalProperties: false });

export function lockoutView(lockout: LockoutView) {
  return {
    id: lockout.id,
    scope: lockout.scope,
    userId: lockout.userId,
    email: lockout.email,
    clientId: lockout.subject,
    address: lockout.address,
    lockedUntil: new Date(lockout.lockedUntil ?? 0).toISOString(),
    lockoutsInARow: lockout.lockoutCount,
  };
}
