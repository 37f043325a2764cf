import { type Static, Type } from '@sinclair/typebox';
import { ScopeSetBody } from '../api-tokens/schemas.js';
import { isoTime, PageQuery, Text, Timestamp, Uuid } from '../http/schemas.js';
import { OrgRoleSchema, ServiceRoleName } from '../identity/orgs/schemas.js';
import type { AppGrantWithApp } from './grant-store.js';
import { DEVICE_CODE_GRANT, type OAuthApp } from './store.js';

// The service checks the same bounds (apps/service.ts applyChanges); here they show in the OpenAPI document.
const MIN_ACCESS_TTL = 60;
const MAX_ACCESS_TTL = 86400;
const MAX_REFRESH_TTL = 2 * 366 * 86400;
const MAX_ROTATION_OVERLAP = 30 * 86400;

const AppTypeSchema = Type.Union([Type.Literal('server'), Type.Literal('web'), Type.Literal('native')], {
  description: 'server: client_credentials; web: confidential, authorization_code; native: public, PKCE',
});

const GrantTypeSchema = Type.Union(
  [
    Type.Literal('client_credentials'),
    Type.Literal('authorization_code'),
    Type.Literal('refresh_token'),
    Type.Literal(DEVICE_CODE_GRANT),
  ],
  { description: 'OAuth grant types the app may use' },
);

const GrantTypes = Type.Array(GrantTypeSchema, {
  minItems: 1,
  maxItems: 4,
  uniqueItems: true,
  description:
    'Web and native apps: authorization_code and/or the device code grant (RFC 8628), optionally refresh_token; ' +
    'server apps: client_credentials only',
});

const RequirePar = Type.Boolean({
  description:
    'Web and native apps: accept authorization requests only when pushed to /oauth/par first (RFC 9126); default false',
});

/** A client id: a UUID Keyward generated, or one the creator chose (3–64 letters, digits, ".", "_", "-"). */
export const AppId = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$',
  maxLength: 64,
  description: 'The client_id',
});

const RedirectUris = Type.Array(
  Type.String({ minLength: 1, maxLength: 2048, pattern: '^[^\\s\\u0000-\\u001f\\u007f]+$' }),
  {
    maxItems: 20,
    uniqueItems: true,
    description:
      'web: https (http only on a loopback address); native: loopback http (any port), a reverse-domain ' +
      'scheme such as com.example.app:/cb, or https; server: none',
  },
);

const TokenEndpointAuthMethodSchema = Type.Union(
  [Type.Literal('client_secret_basic'), Type.Literal('client_secret_post'), Type.Literal('private_key_jwt')],
  {
    description:
      'How a server or web app authenticates: its client secret (client_secret_basic or client_secret_post, ' +
      'both accepted either way), or a JWT signed with one of its keys (private_key_jwt, RFC 7523), and then ' +
      'never with a secret',
  },
);

/** A public JWK (RFC 7517): members beyond these are kept as given; private members are refused. */
const PublicJwk = Type.Object(
  {
    kty: Type.Union([Type.Literal('RSA'), Type.Literal('EC'), Type.Literal('OKP')]),
    kid: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    alg: Type.Optional(Type.String({ maxLength: 16 })),
    use: Type.Optional(Type.String({ maxLength: 16 })),
    crv: Type.Optional(Type.String({ maxLength: 16 })),
    n: Type.Optional(Type.String({ maxLength: 2048 })),
    e: Type.Optional(Type.String({ maxLength: 16 })),
    x: Type.Optional(Type.String({ maxLength: 128 })),
    y: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: true },
);

const Jwks = Type.Object(
  { keys: Type.Array(PublicJwk, { minItems: 1, maxItems: 10 }) },
  {
    additionalProperties: false,
    description:
      'The public keys the app signs client assertions with: RSA (2048 bits or more), EC P-256 or Ed25519',
  },
);

const JwksUri = Type.String({
  maxLength: 2048,
  pattern: '^https?://[^\\s]+$',
  description:
    'Where the app publishes its public keys (a JWKS), fetched by Keyward and cached; https (plain http only ' +
    'to a loopback address while Keyward itself runs on one)',
});

const RequireDpop = Type.Boolean({
  description:
    'Every token request must carry a DPoP proof, so the app only ever gets DPoP-bound tokens (RFC 9449 §5.2)',
});

const AccessTokenTtl = Type.Integer({
  minimum: MIN_ACCESS_TTL,
  maximum: MAX_ACCESS_TTL,
  description: 'Seconds; default 600',
});
const RefreshTokenTtl = Type.Integer({
  minimum: MIN_ACCESS_TTL + 1,
  maximum: MAX_REFRESH_TTL,
  description: 'Seconds, more than accessTokenTtl; default 90 days (web and native apps)',
});

export const CreateAppBody = Type.Object(
  {
    type: AppTypeSchema,
    name: Text(128),
    description: Type.Optional(Text(1000, 0)),
    redirectUris: Type.Optional(RedirectUris),
    postLogoutRedirectUris: Type.Optional(RedirectUris),
    scopes: ScopeSetBody,
    accessTokenTtl: Type.Optional(AccessTokenTtl),
    refreshTokenTtl: Type.Optional(RefreshTokenTtl),
    grantTypes: Type.Optional(GrantTypes),
    requirePkce: Type.Optional(
      Type.Boolean({ description: 'Web apps only (native apps always); default true' }),
    ),
    requirePar: Type.Optional(RequirePar),
    clientId: Type.Optional(AppId),
    tokenEndpointAuthMethod: Type.Optional(TokenEndpointAuthMethodSchema),
    jwks: Type.Optional(Jwks),
    jwksUri: Type.Optional(JwksUri),
    requireDpop: Type.Optional(RequireDpop),
  },
  { additionalProperties: false },
);

export const ClientAuthenticationBody = Type.Object(
  {
    tokenEndpointAuthMethod: TokenEndpointAuthMethodSchema,
    jwks: Type.Optional(Jwks),
    jwksUri: Type.Optional(JwksUri),
  },
  { additionalProperties: false },
);

export const UpdateAppBody = Type.Object(
  {
    name: Type.Optional(Text(128)),
    description: Type.Optional(Text(1000, 0)),
    redirectUris: Type.Optional(RedirectUris),
    postLogoutRedirectUris: Type.Optional(RedirectUris),
    scopes: Type.Optional(ScopeSetBody),
    accessTokenTtl: Type.Optional(AccessTokenTtl),
    refreshTokenTtl: Type.Optional(RefreshTokenTtl),
    requirePkce: Type.Optional(Type.Boolean()),
    requireDpop: Type.Optional(RequireDpop),
    requirePar: Type.Optional(RequirePar),
    grantTypes: Type.Optional(GrantTypes),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AppBody = Type.Object(
  {
    id: Type.String({ description: 'The client_id' }),
    orgId: Uuid,
    type: AppTypeSchema,
    name: Type.String(),
    description: Type.String(),
    redirectUris: Type.Array(Type.String()),
    postLogoutRedirectUris: Type.Array(Type.String()),
    grantTypes: Type.Array(Type.String()),
    scopes: Type.Object({
      allRoles: Type.Boolean(),
      orgRoles: Type.Array(Type.String()),
      serviceRoles: Type.Array(Type.String()),
      permissions: Type.Array(Type.String()),
    }),
    accessTokenTtl: Type.Integer(),
    refreshTokenTtl: Type.Integer(),
    requirePkce: Type.Boolean(),
    requirePar: Type.Boolean({ description: 'Authorization requests only through /oauth/par (RFC 9126)' }),
    publicClient: Type.Boolean({ description: 'true for native apps: no secret (RFC 8252 §8.4)' }),
    tokenEndpointAuthMethod: Type.String({
      description: 'client_secret_basic, client_secret_post, private_key_jwt, or none (native apps)',
    }),
    jwks: Type.Union([Jwks, Type.Null()]),
    jwksUri: Type.Union([Type.String(), Type.Null()]),
    requireDpop: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    createdBy: Type.String(),
  },
  { $id: 'OAuthApp' },
);

export const CreatedAppBody = Type.Composite([
  AppBody,
  Type.Object({
    secret: Type.Optional(
      Type.String({ description: 'The client secret of a server or web app. Shown only in this answer.' }),
    ),
  }),
]);

export function appView(app: OAuthApp): Static<typeof AppBody> {
  return {
    id: app.id,
    orgId: app.ownerOrgId,
    type: app.type,
    name: app.name,
    description: app.description,
    redirectUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    grantTypes: app.grantTypes,
    scopes: app.scopes,
    accessTokenTtl: app.accessTokenTtl,
    refreshTokenTtl: app.refreshTokenTtl,
    requirePkce: app.requirePkce,
    requirePar: app.requirePar,
    publicClient: app.type === 'native',
    tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
    jwks: app.jwks as Static<typeof Jwks> | null,
    jwksUri: app.jwksUri,
    requireDpop: app.requireDpop,
    createdAt: isoTime(app.createdAt),
    updatedAt: isoTime(app.updatedAt),
    createdBy: app.createdBy,
  };
}

export const AppListQuery = Type.Composite(
  [PageQuery, Type.Object({ search: Type.Optional(Text(128, 0)) })],
  { additionalProperties: false },
);

/** An app of the org (`/apps/{appId}`), or an app added to the org (`/app-grants/{appId}`). */
export const AppParams = Type.Object({ orgId: Uuid, appId: AppId });

export const SecretBody = Type.Object({
  secret: Type.String({ description: 'The new client secret. Shown only in this answer.' }),
});

export const RotateBody = Type.Object(
  {
    overlapSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_ROTATION_OVERLAP,
        description: 'How long the current secrets keep working; default 48 hours',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RotatedBody = Type.Composite([SecretBody, Type.Object({ previousSecretsExpireAt: Timestamp })]);

export const GrantBody = Type.Object(
  {
    appId: AppId,
    orgRoles: Type.Array(OrgRoleSchema, { maxItems: 4, uniqueItems: true }),
    serviceRoles: Type.Optional(Type.Array(ServiceRoleName, { maxItems: 200, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const AppGrantBody = Type.Object(
  {
    appId: Type.String(),
    appName: Type.String(),
    appOwnerOrgId: Uuid,
    orgRoles: Type.Array(Type.String()),
    serviceRoles: Type.Array(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'AppGrant' },
);

export function appGrantView(grant: AppGrantWithApp): Static<typeof AppGrantBody> {
  return {
    appId: grant.appId,
    appName: grant.appName,
    appOwnerOrgId: grant.appOwnerOrgId,
    orgRoles: grant.orgRoles,
    serviceRoles: grant.serviceRoles,
    createdAt: isoTime(grant.createdAt),
  };
}
