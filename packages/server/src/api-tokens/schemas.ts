import { type Static, Type } from '@sinclair/typebox';
import { isoTime, Text, Timestamp, Uuid } from '../http/schemas.js';
import { OrgRoleSchema, ServiceRoleName } from '../identity/orgs/schemas.js';
import { MAX_TTL_SECONDS, MIN_TTL_SECONDS } from './lifetime.js';
import type { OrgPolicy } from './policy-store.js';
import type { ApiToken, ApiTokenWithOwner } from './store.js';

const PermissionName = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,62}:[A-Za-z0-9_.*-]{1,64}$',
  maxLength: 128,
  description: '<serviceId>:<permission>',
});

export const ScopeSetBody = Type.Object(
  {
    allRoles: Type.Optional(
      Type.Boolean({ description: 'Every role the user holds, now and at each exchange' }),
    ),
    orgRoles: Type.Optional(Type.Array(OrgRoleSchema, { maxItems: 4, uniqueItems: true })),
    serviceRoles: Type.Optional(Type.Array(ServiceRoleName, { maxItems: 200, uniqueItems: true })),
    permissions: Type.Optional(Type.Array(PermissionName, { maxItems: 500, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const GenerateBody = Type.Object(
  {
    orgId: Uuid,
    name: Text(64),
    ttlSeconds: Type.Optional(
      Type.Union([Type.Integer({ minimum: MIN_TTL_SECONDS, maximum: MAX_TTL_SECONDS }), Type.Null()], {
        description: 'Lifetime in seconds (at least 300); null never expires; omitted: six months',
      }),
    ),
    scopes: ScopeSetBody,
    openid: Type.Optional(Type.Boolean({ description: 'Exchanges also return an OpenID Connect id_token' })),
    notifyDaysBeforeExpiry: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);

const State = Type.Union(
  ['active', 'expired', 'deactivated', 'revoked'].map((state) => Type.Literal(state)),
  { description: 'What an exchange would meet now (an idle-policy violation shows at exchange)' },
);

export const ApiTokenBody = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    orgId: Uuid,
    scopes: Type.Object({
      allRoles: Type.Boolean(),
      orgRoles: Type.Array(Type.String()),
      serviceRoles: Type.Array(Type.String()),
      permissions: Type.Array(Type.String()),
    }),
    openid: Type.Boolean(),
    createdAt: Timestamp,
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    notifyDaysBeforeExpiry: Type.Union([Type.Integer(), Type.Null()]),
    state: State,
    deactivatedAt: Type.Union([Timestamp, Type.Null()]),
    owner: Type.Optional(Type.Object({ userId: Uuid, email: Type.String() })),
  },
  { $id: 'ApiToken' },
);

export const GeneratedBody = Type.Composite([
  ApiTokenBody,
  Type.Object({
    token: Type.String({ description: 'The token value. Shown only in this answer.' }),
    notes: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('lifetime_capped'), Type.Literal('reminder_now')]),
        message: Type.String(),
      }),
      {
        description:
          'What Keyward decided that the request left open: lifetime_capped (no ttlSeconds, and the six-month ' +
          "default exceeded the org's maximum, so the token lives that maximum), reminder_now (the token expires " +
          'sooner than notifyDaysBeforeExpiry, so the reminder e-mail is sent at once)',
      },
    ),
  }),
]);

export function apiTokenView(token: ApiToken | ApiTokenWithOwner, now: number): Static<typeof ApiTokenBody> {
  return {
    id: token.id,
    name: token.name,
    orgId: token.orgId,
    scopes: token.scopes,
    openid: token.openid,
    createdAt: isoTime(token.createdAt),
    expiresAt: isoTime(token.expiresAt),
    lastUsedAt: isoTime(token.lastUsedAt),
    notifyDaysBeforeExpiry: token.notifyDaysBeforeExpiry,
    state: stateOf(token, now),
    deactivatedAt: isoTime(token.deactivatedAt),
    ...('ownerEmail' in token ? { owner: { userId: token.userId, email: token.ownerEmail } } : {}),
  };
}

export function stateOf(token: ApiToken, now: number): 'active' | 'expired' | 'deactivated' | 'revoked' {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && now >= token.expiresAt) return 'expired';
  if (token.deactivatedAt !== null) return 'deactivated';
  return 'active';
}

export const BulkIdsBody = Type.Object(
  { ids: Type.Array(Uuid, { minItems: 1, maxItems: 15, uniqueItems: true }) },
  { additionalProperties: false },
);

export const BulkResultBody = Type.Object({
  successes: Type.Array(Type.String()),
  failures: Type.Array(Type.Object({ id: Type.String(), message: Type.String() })),
});

const TtlOrNull = (minimum: number, description: string) =>
  Type.Union([Type.Integer({ minimum, maximum: MAX_TTL_SECONDS }), Type.Null()], { description });

export const PolicyBody = Type.Object(
  {
    apiTokenMaxTtl: TtlOrNull(MIN_TTL_SECONDS, 'Seconds; new API tokens may not live longer. null: no limit'),
    apiTokenIdleTtl: TtlOrNull(60, 'Seconds; a token unused this long stops working. null: no limit'),
  },
  { additionalProperties: false },
);

export const PolicyAnswer = Type.Composite([
  PolicyBody,
  Type.Object({ updatedAt: Type.Union([Timestamp, Type.Null()]) }),
]);

export function policyView(policy: OrgPolicy): Static<typeof PolicyAnswer> {
  return {
    apiTokenMaxTtl: policy.apiTokenMaxTtlSeconds,
    apiTokenIdleTtl: policy.apiTokenIdleTtlSeconds,
    updatedAt: policy.updatedAt === 0 ? null : isoTime(policy.updatedAt),
  };
}

export const TokenIdParams = Type.Object({ tokenId: Uuid });
