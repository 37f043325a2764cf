import { type Static, Type } from '@sinclair/typebox';
import { MAX_APPS_PER_GRANT_CALL } from '../../apps/grants.js';
import { DEVICE_CODE_GRANT } from '../../apps/store.js';
import {
  CspList,
  CspName,
  CspPageQuery,
  CspText,
  OrgRoleName,
  orNull,
  RoleEntry,
  RoleName,
} from './schemas.js';
import { CspAllowedScopesBody } from './scopes.js';

/**
 * CSP's OAuth-app request bodies (docs/wire/csp.md#owned-apps, #secret-rotation, #org-clients) as schemas. Unknown
 * fields (isHidden, maxGroupsInIdToken, a whole GET answer sent back to PATCH…) are ignored.
 */

export const AppPath = Type.Object({ orgId: Type.String(), oauthAppId: Type.String() });
export const ClientPath = Type.Object({ orgId: Type.String(), clientId: Type.String() });

export const AppListQuery = Type.Composite([
  CspPageQuery,
  Type.Object({ searchTerm: Type.Optional(CspText('searchTerm', 128)) }),
]);

const GRANT_TYPES = [
  'client_credentials',
  'authorization_code',
  'refresh_token',
  // Not CSP's: Keyward's device authorization grant (RFC 8628), for command-line tools.
  DEVICE_CODE_GRANT,
] as const;

const GrantTypeName = Type.Union(
  GRANT_TYPES.map((grant) => Type.Literal(grant)),
  { refusal: `grantTypes: Keyward supports ${GRANT_TYPES.join(', ')}, not {value}` },
);
const GRANT_TYPES_EXAMPLE = '["client_credentials"]';

/** Refused when set, rather than dropped: a client that sent them would believe they took effect. */
const unsupported = (name: string, reason: string) =>
  Type.Optional(
    Type.Union(
      [Type.Null(), Type.Literal(false), Type.Literal(''), Type.Array(Type.Unknown(), { maxItems: 0 })],
      {
        refusal: `${name}: ${reason}`,
      },
    ),
  );

const Flag = (name: string) => orNull(Type.Boolean({ refusal: `${name} must be true or false` }));
const Seconds = (name: string, max = 1_000_000_000) =>
  orNull(
    Type.Integer({ minimum: 0, maximum: max, refusal: `${name} must be a whole number from 0 to ${max}` }),
  );
const Uris = (name: string, example: string) => orNull(CspList(name, CspText(name, 2048), example));

/** The fields of OrgOAuthAppRequest that create and PATCH share. */
const appFields = {
  id: orNull(CspText('id', 64)),
  displayName: orNull(CspName(128, 'displayName must be text of 1 to 128 characters, with a visible one')),
  description: orNull(CspText('description', 1000)),
  redirectUris: Uris('redirectUris', '["https://app.example.com/callback"]'),
  postLogoutRedirectUris: Uris('postLogoutRedirectUris', '["https://app.example.com/"]'),
  allowedScopes: orNull(CspAllowedScopesBody),
  accessTokenTTL: Seconds('accessTokenTTL'),
  refreshTokenTTL: Seconds('refreshTokenTTL'),
  grantTypes: orNull(CspList('grantTypes', GrantTypeName, GRANT_TYPES_EXAMPLE)),
  publicClient: Flag('publicClient'),
  forcePkce: Flag('forcePkce'),
  requirePar: Flag('requirePar'),
  secret: unsupported(
    'secret',
    'Keyward generates the secret; to choose one, create the app, then POST …/oauth-apps/{id}/secret ' +
      'with {"newClientSecret": …} (org owners)',
  ),
  allowOpenRedirectUris: unsupported(
    'allowOpenRedirectUris',
    'redirect URIs match exactly (loopback ports aside); list each one',
  ),
  allowedOrgs: unsupported(
    'allowedOrgs',
    'add a server-to-server app to other organizations with POST /orgs/{orgId}/clients',
  ),
  allowedActorsClientDelegate: unsupported(
    'allowedActorsClientDelegate',
    'the client_delegate grant is not supported',
  ),
  allowedActorsAudienceExchange: unsupported(
    'allowedActorsAudienceExchange',
    'the audience_exchange grant is not supported',
  ),
};

/** OrgOAuthAppRequest: a name, the grant types and the most the app may hold are required. */
export const NewAppBody = Type.Object({
  ...appFields,
  displayName: CspName(128, 'displayName is required: the name people see, e.g. "Trading 1.0"'),
  grantTypes: Type.Array(GrantTypeName, {
    minItems: 1,
    maxItems: 200,
    refusal: 'grantTypes is required: client_credentials, or authorization_code (and refresh_token)',
  }),
  allowedScopes: CspAllowedScopesBody,
});
export type NewAppBody = Static<typeof NewAppBody>;

/** PATCH: the creation fields, or a GET answer sent back (it names the client id `clientId` too). */
export const AppChangesBody = Type.Object({ ...appFields, clientId: orNull(CspText('clientId', 64)) });
export type AppChangesBody = Static<typeof AppChangesBody>;

export const SecretRotationBody = Type.Object({
  newClientSecret: orNull(CspText('newClientSecret', 256)),
  secretRotationExpirationInSeconds: Seconds('secretRotationExpirationInSeconds', 30 * 86400),
});

const SERVICE_ROLES_SHAPE = '{"serviceDefinitionId": "billing", "serviceRoleNames": ["viewer"]}';
const ORG_ROLE_SHAPE = '{"name": "org_member"}';
const SERVICE_ROLE_SHAPE = '{"name": "viewer"}';

const ClientIds = (name: string) =>
  Type.Array(CspText(name, 64), {
    minItems: 1,
    maxItems: MAX_APPS_PER_GRANT_CALL,
    refusal: `send {"${name}": ["<client id>", …]} with 1 to ${MAX_APPS_PER_GRANT_CALL} ids`,
  });

/** "Add app to org": the apps, and the roles the org gives them. */
export const ClientsAddBody = Type.Object({
  ids: ClientIds('ids'),
  organizationRoles: orNull(
    CspList(
      'organizationRoles',
      RoleEntry('organizationRoles', ORG_ROLE_SHAPE, OrgRoleName('organizationRoles')),
      `[${ORG_ROLE_SHAPE}]`,
    ),
  ),
  // Deprecated by CSP, still sent.
  organizationRoleNames: orNull(
    CspList('organizationRoleNames', OrgRoleName('organizationRoleNames'), '["org_member"]'),
  ),
  serviceRoles: orNull(
    CspList(
      'serviceRoles',
      Type.Object(
        {
          serviceDefinitionId: CspName(
            63,
            `serviceRoles[].serviceDefinitionId names the service: ${SERVICE_ROLES_SHAPE}`,
          ),
          serviceRoleNames: orNull(
            CspList('serviceRoleNames', CspText('serviceRoleNames', 128), '["viewer"]'),
          ),
          serviceRoles: orNull(
            CspList(
              'serviceRoles[].serviceRoles',
              RoleEntry(
                'serviceRoles[].serviceRoles',
                SERVICE_ROLE_SHAPE,
                RoleName('serviceRoles[].serviceRoles', SERVICE_ROLE_SHAPE),
              ),
              `[${SERVICE_ROLE_SHAPE}]`,
            ),
          ),
        },
        { refusal: `each entry of serviceRoles must be a JSON object such as ${SERVICE_ROLES_SHAPE}` },
      ),
      `[${SERVICE_ROLES_SHAPE}]`,
    ),
  ),
  customRoles: orNull(
    Type.Array(Type.Unknown(), {
      maxItems: 0,
      refusal: 'Keyward has no custom roles; give organizationRoles and serviceRoles',
    }),
  ),
});
export type ClientsAddBody = Static<typeof ClientsAddBody>;

/** Bulk removal: `clientIdsToRemove`, or `ids`. */
export const ClientsRemoveBody = Type.Object({
  clientIdsToRemove: orNull(ClientIds('clientIdsToRemove')),
  ids: orNull(ClientIds('ids')),
});
