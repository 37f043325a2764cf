import { type Static, Type } from '@sinclair/typebox';
import { isoTime, PageQuery, Text, Timestamp, Uuid } from '../http/schemas.js';
import { MAX_IP_BLOCKS } from './ip-blocks.js';
import { DESCRIPTION_MAX, NAME_MAX } from './service.js';
import type { CredentialView } from './shared.js';
import type { ConsumerApp } from './store.js';

const IP_BLOCK_MAX = 64;

/** OVH ids are longs; Keyward's fit in a JavaScript number. */
const LongId = (description: string) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });

const ApplicationId = LongId('The application id (OVH applicationId)');
const CredentialId = LongId('The credential id (OVH credentialId)');

const AppStatus = Type.Union(
  [Type.Literal('active'), Type.Literal('blocked'), Type.Literal('inactive'), Type.Literal('trusted')],
  { description: 'Only active and trusted applications may request or use consumer keys' },
);

const CredentialStatus = Type.Union(
  [
    Type.Literal('pendingValidation'),
    Type.Literal('validated'),
    Type.Literal('refused'),
    Type.Literal('expired'),
  ],
  {
    description:
      'The state now: a validated credential past its expiry, or a request nobody answered within 24 hours, is expired',
  },
);

const AccessRuleBody = Type.Object({
  method: Type.Union([
    Type.Literal('GET'),
    Type.Literal('POST'),
    Type.Literal('PUT'),
    Type.Literal('DELETE'),
  ]),
  path: Type.String({ description: 'A path pattern; `*` spans any characters, e.g. /me/*' }),
});

const AllowedIps = Type.Union([Type.Array(Type.String()), Type.Null()], {
  description: 'CIDR blocks the consumer key may be used from; null: any address',
});

export const CreateConsumerAppBody = Type.Object(
  {
    name: Text(NAME_MAX),
    description: Type.Optional(Text(DESCRIPTION_MAX, 0)),
  },
  { additionalProperties: false },
);

export const ConsumerAppBody = Type.Object(
  {
    applicationId: ApplicationId,
    applicationKey: Type.String({ description: 'The application key (AK), sent as X-Ovh-Application' }),
    name: Type.String(),
    description: Type.String(),
    status: AppStatus,
    createdAt: Timestamp,
  },
  { $id: 'ConsumerApp' },
);

export const CreatedConsumerAppBody = Type.Composite([
  ConsumerAppBody,
  Type.Object({
    applicationSecret: Type.String({
      description: 'The application secret (AS) that signs requests. Shown only in this answer.',
    }),
  }),
]);

export const ConsumerCredentialBody = Type.Object(
  {
    credentialId: CredentialId,
    applicationId: ApplicationId,
    status: CredentialStatus,
    rules: Type.Array(AccessRuleBody, { description: 'The method and path patterns the key may call' }),
    allowedIPs: AllowedIps,
    createdAt: Timestamp,
    validatedAt: Type.Union([Timestamp, Type.Null()], { description: 'null until a user validated it' }),
    expiresAt: Type.Union([Timestamp, Type.Null()], {
      description:
        'When it stops working (for a pending request: when its validation link lapses); null: never',
    }),
    lastUsedAt: Type.Union([Timestamp, Type.Null()], { description: 'The last signed call made with it' }),
    grantedBy: Type.Union([Uuid, Type.Null()], {
      description: 'The user who validated or refused it; null while pending',
    }),
  },
  { $id: 'ConsumerCredential' },
);

export const GrantedCredentialBody = Type.Composite([
  ConsumerCredentialBody,
  Type.Object({
    application: Type.Object(
      { applicationId: ApplicationId, name: Type.String(), description: Type.String() },
      { description: 'The application the credential was granted to (any owner’s)' },
    ),
  }),
]);

export const AllowedIpsBody = Type.Object(
  {
    allowedIPs: Type.Union(
      [
        Type.Array(Type.String({ minLength: 1, maxLength: IP_BLOCK_MAX }), {
          maxItems: MAX_IP_BLOCKS,
          description: 'Addresses or CIDR blocks, IPv4 or IPv6, e.g. 203.0.113.0/24',
        }),
        Type.Null(),
      ],
      { description: 'Where the consumer key may be used from; null: any address' },
    ),
  },
  { additionalProperties: false },
);

export const GrantedCredentialQuery = Type.Composite(
  [
    PageQuery,
    Type.Object({
      applicationId: Type.Optional(ApplicationId),
      status: Type.Optional(CredentialStatus),
    }),
  ],
  { additionalProperties: false },
);

export const ConsumerAppParams = Type.Object({ applicationId: ApplicationId });
export const AppCredentialParams = Type.Object({ applicationId: ApplicationId, credentialId: CredentialId });
export const CredentialParams = Type.Object({ credentialId: CredentialId });

export function consumerAppView(app: ConsumerApp): Static<typeof ConsumerAppBody> {
  return {
    applicationId: app.id,
    applicationKey: app.appKey,
    name: app.name,
    description: app.description,
    status: app.status,
    createdAt: isoTime(app.createdAt),
  };
}

export function consumerCredentialView(credential: CredentialView): Static<typeof ConsumerCredentialBody> {
  return {
    credentialId: credential.id,
    applicationId: credential.appId,
    status: credential.status,
    rules: credential.rules.map((rule) => ({ method: rule.method, path: rule.path })),
    allowedIPs: credential.allowedIps,
    createdAt: isoTime(credential.createdAt),
    validatedAt: isoTime(credential.validatedAt),
    expiresAt: isoTime(credential.expiration),
    lastUsedAt: isoTime(credential.lastUsedAt),
    grantedBy: credential.userId,
  };
}

export function grantedCredentialView(
  credential: CredentialView,
  app: ConsumerApp,
): Static<typeof GrantedCredentialBody> {
  return {
    ...consumerCredentialView(credential),
    application: { applicationId: app.id, name: app.name, description: app.description },
  };
}
