import type { FastifyRequest } from 'fastify';
import type { AppGrantWithApp } from '../../apps/grant-store.js';
import { type AppGrantService, MAX_APPS_PER_GRANT_CALL } from '../../apps/grants.js';
import type { AppChanges, AppService, NewApp } from '../../apps/service.js';
import { type AppType, DEVICE_CODE_GRANT, type GrantType, type OAuthApp } from '../../apps/store.js';
import { ApiError, isApiError } from '../../core/errors.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type PageRequest } from '../../core/pagination.js';
import type { Caller } from '../../core/principal.js';
import { isOrgRole, type OrgRole } from '../../core/roles.js';
import type { Authenticator } from '../../http/authenticate.js';
import { toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { OrgService } from '../../identity/orgs/service.js';
import { CSP_API } from './keys-routes.js';
import { fromCspAllowedScopes, SHAPES as SCOPE_SHAPES, toCspAllowedScopes } from './scopes.js';

/** What CSP's app routes use. */
export interface CspAppRouteDeps {
  appGrants: Pick<AppGrantService, 'add' | 'list' | 'remove'>;
  apps: Pick<
    AppService,
    'create' | 'delete' | 'endRotation' | 'get' | 'list' | 'regenerateSecret' | 'rotateSecret' | 'update'
  >;
  auth: Pick<Authenticator, 'require'>;
  orgs: Pick<OrgService, 'get'>;
}

type Fields = Record<string, unknown>;
type AppPath = { orgId: string; oauthAppId: string };

const ORG = `${CSP_API}/orgs/:orgId`;
const APPS = `${ORG}/oauth-apps`;
const APP = `${APPS}/:oauthAppId`;
const hidden = { schema: { hide: true } };
const GRANT_TYPES: readonly string[] = [
  'client_credentials',
  'authorization_code',
  'refresh_token',
  // Not CSP's: Keyward's device authorization grant (RFC 8628), for command-line tools.
  DEVICE_CODE_GRANT,
];
const SERVICE_ROLES_SHAPE = '{"serviceDefinitionId": "billing", "serviceRoleNames": ["viewer"]}';

/**
 * CSP fields Keyward cannot honour. They are refused when set, rather than dropped: a client that sent them
 * would otherwise believe they took effect. Other unknown fields (isHidden, maxGroupsInIdToken…) are ignored.
 */
const UNSUPPORTED: Record<string, string> = {
  secret:
    'Keyward generates the secret; to choose one, create the app, then POST …/oauth-apps/{id}/secret ' +
    'with {"newClientSecret": …} (org owners)',
  allowOpenRedirectUris: 'redirect URIs match exactly (loopback ports aside); list each one',
  allowedOrgs: 'add a server-to-server app to other organizations with POST /orgs/{orgId}/clients',
  allowedActorsClientDelegate: 'the client_delegate grant is not supported',
  allowedActorsAudienceExchange: 'the audience_exchange grant is not supported',
};

/**
 * CSP's OAuth-app management (docs/wire/csp.md#owned-apps, #org-clients): an org's own apps and secrets, and
 * apps added to an org ("Role Assigned Apps", `/clients`). Bodies come through the lenient parser and are
 * checked here by hand; the rules are AppService's and AppGrantService's.
 */
export function registerCspAppRoutes(csp: App, c: CspAppRouteDeps): void {
  registerOwnedApps(csp, c);
  registerSecrets(csp, c);
  registerOrgClients(csp, c);
}

function registerOwnedApps(csp: App, c: CspAppRouteDeps): void {
  csp.get(APPS, hidden, async (request) => {
    const { orgId } = request.params as AppPath;
    const query = request.query as Fields;
    const page = pageOf(query);
    const search = textOf(query, 'searchTerm', 128);
    const result = await c.apps.list(await c.auth.require(request), orgId, page, search);
    return toPage(result, page, request.url, cspAppView);
  });

  csp.post(APPS, hidden, async (request, reply) => {
    const caller = await c.auth.require(request);
    const { orgId } = request.params as AppPath;
    const { app, secret } = await c.apps.create(caller, orgId, newAppOf(fieldsOf(request)));
    // A native app is a public client: no clientSecret at all (RFC 8252 §8.4).
    const credentials = { clientId: app.id, ...(secret === null ? {} : { clientSecret: secret }) };
    return reply.code(201).send({ ...credentials, ...cspAppView(app) });
  });

  csp.get(APP, hidden, async (request) => {
    const { orgId, oauthAppId } = request.params as AppPath;
    return cspAppView(await c.apps.get(await c.auth.require(request), orgId, oauthAppId));
  });

  // CSP's PATCH body is undocumented (docs/wire/csp.md#owned-apps): create fields, or a GET answer sent back.
  csp.patch(APP, hidden, async (request) => {
    const caller = await c.auth.require(request);
    const { orgId, oauthAppId } = request.params as AppPath;
    const current = await c.apps.get(caller, orgId, oauthAppId);
    const changes = appChangesOf(fieldsOf(request), current);
    if (Object.keys(changes).length === 0) return cspAppView(current);
    return cspAppView(await c.apps.update(caller, orgId, oauthAppId, changes));
  });

  csp.delete(APP, hidden, async (request, reply) => {
    const { orgId, oauthAppId } = request.params as AppPath;
    await c.apps.delete(await c.auth.require(request), orgId, oauthAppId);
    return reply.code(204).send();
  });
}

/** docs/wire/csp.md#secret-rotation: PUT regenerates, POST starts an overlap (48 h), DELETE ends it. */
function registerSecrets(csp: App, c: CspAppRouteDeps): void {
  csp.put(`${APP}/secret`, hidden, async (request) => {
    const { orgId, oauthAppId } = request.params as AppPath;
    const secret = await c.apps.regenerateSecret(await c.auth.require(request), orgId, oauthAppId);
    return { clientId: oauthAppId, clientSecret: secret };
  });

  csp.post(`${APP}/secret`, hidden, async (request) => {
    const caller = await c.auth.require(request);
    const { orgId, oauthAppId } = request.params as AppPath;
    const fields = fieldsOf(request);
    const secret = await c.apps.rotateSecret(caller, orgId, oauthAppId, {
      newSecret: textOf(fields, 'newClientSecret', 256),
      overlapSeconds: integerOf(fields, 'secretRotationExpirationInSeconds', 0, 30 * 86400),
    });
    return { clientId: oauthAppId, clientSecret: secret };
  });

  csp.delete(`${APP}/secret`, hidden, async (request, reply) => {
    const { orgId, oauthAppId } = request.params as AppPath;
    await c.apps.endRotation(await c.auth.require(request), orgId, oauthAppId);
    return reply.code(204).send();
  });
}

/**
 * "Add app to org" (docs/wire/csp.md#org-clients). An app already added gets the new roles, where CSP answers
 * 400 "One or more clients already part of the organization": the outcome a caller wants, without a remove first.
 */
function registerOrgClients(csp: App, c: CspAppRouteDeps): void {
  csp.post(`${ORG}/clients`, hidden, async (request) => {
    const caller = await c.auth.require(request);
    const { orgId } = request.params as AppPath;
    const fields = fieldsOf(request);
    const ids = idsOf(fields, 'ids');
    const { failures } = await c.appGrants.add(caller, orgId, ids, grantRolesOf(fields));
    // CSP's partial-success shape: {failures: [{id, message}]}.
    return { failures: failures.map(({ id, message }) => ({ id, message })) };
  });

  csp.get(`${ORG}/clients`, hidden, async (request) => {
    const caller = await c.auth.require(request);
    const { orgId } = request.params as AppPath;
    const page = pageOf(request.query as Fields);
    const result = await c.appGrants.list(caller, orgId, page);
    const names = await orgNames(c, caller, result.items);
    return toPage(result, page, request.url, (grant) => clientView(grant, names));
  });

  // Bulk removal: `clientIdsToRemove` (D1) or `ids`; an id not added is reported in failures, like the POST.
  csp.delete(`${ORG}/clients`, hidden, async (request) => {
    const caller = await c.auth.require(request);
    const { orgId } = request.params as AppPath;
    const fields = fieldsOf(request);
    const ids = idsOf(fields, fields.clientIdsToRemove === undefined ? 'ids' : 'clientIdsToRemove');
    const failures: { id: string; message: string }[] = [];
    for (const id of new Set(ids)) {
      try {
        await c.appGrants.remove(caller, orgId, id);
      } catch (error) {
        if (!isApiError(error) || error.code !== 'app_grant.not_found') throw error;
        failures.push({ id, message: error.message });
      }
    }
    return { failures };
  });

  csp.delete(`${ORG}/clients/:clientId`, hidden, async (request, reply) => {
    const { orgId, clientId } = request.params as { orgId: string; clientId: string };
    await c.appGrants.remove(await c.auth.require(request), orgId, clientId);
    return reply.code(204).send();
  });
}

/** OrgOAuthAppResponse (docs/wire/csp.md#owned-apps); times in ms. No lastUsedAt or secretAge is tracked. */
function cspAppView(app: OAuthApp) {
  return {
    id: app.id,
    displayName: app.name,
    description: app.description,
    grantTypes: app.grantTypes,
    redirectUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    // Users of web and native apps may always ask for openid; a server app has no user to describe.
    allowedScopes: toCspAllowedScopes(app.scopes, app.type !== 'server'),
    accessTokenTTL: app.accessTokenTtl,
    refreshTokenTTL: app.refreshTokenTtl,
    forcePkce: app.requirePkce,
    // Not CSP's: authorization requests only through /oauth/par (RFC 9126).
    requirePar: app.requirePar,
    publicClient: app.type === 'native',
    organizationId: app.ownerOrgId,
    createdAt: app.createdAt,
    createdBy: app.createdBy,
    lastUpdatedAt: app.updatedAt,
  };
}

/** An entry of GET /orgs/{orgId}/clients; the source org's name shows only to its members. */
function clientView(grant: AppGrantWithApp, names: ReadonlyMap<string, string | null>) {
  const byService = new Map<string, string[]>();
  for (const role of grant.serviceRoles) {
    const [service = '', name = ''] = role.split(/:(.*)/s);
    byService.set(service, [...(byService.get(service) ?? []), name]);
  }
  return {
    id: grant.appId,
    displayName: grant.appName,
    description: grant.appDescription,
    organizationRoles: grant.orgRoles.map((name) => ({ name })),
    serviceRoles: [...byService].map(([serviceDefinitionId, roleNames]) => ({
      serviceDefinitionId,
      serviceRoleNames: roleNames,
      serviceRoles: roleNames.map((name) => ({ name })),
    })),
    sourceOrg: { orgId: grant.appOwnerOrgId, displayName: names.get(grant.appOwnerOrgId) ?? null },
  };
}

/** The display names of the grants' source orgs; null where the caller is not a member. */
async function orgNames(c: CspAppRouteDeps, caller: Caller, grants: AppGrantWithApp[]) {
  const names = new Map<string, string | null>();
  for (const orgId of new Set(grants.map((grant) => grant.appOwnerOrgId))) {
    try {
      names.set(orgId, (await c.orgs.get(caller, orgId)).displayName);
    } catch (error) {
      if (!isApiError(error)) throw error;
      names.set(orgId, null);
    }
  }
  return names;
}

/**
 * OrgOAuthAppRequest → a Keyward app. CSP has no type field; the grant types decide it (D5's three app types):
 * without authorization_code a server-to-server app; with it a web app, or a native app when publicClient is true.
 */
function newAppOf(fields: Fields): NewApp {
  refuseUnsupported(fields);
  const grantTypes = grantTypesOf(fields);
  const name = textOf(fields, 'displayName', 128);
  if (!name?.trim()) throw invalid('displayName is required: the name people see, e.g. "Trading 1.0"');
  if (fields.allowedScopes === undefined) {
    throw invalid(`allowedScopes is required: the most the app may hold, e.g. ${SCOPE_SHAPES.allowedScopes}`);
  }
  return {
    type: appTypeOf(grantTypes, flagOf(fields, 'publicClient') ?? false),
    name,
    description: textOf(fields, 'description', 1000),
    redirectUris: textsOf(fields, 'redirectUris'),
    postLogoutRedirectUris: textsOf(fields, 'postLogoutRedirectUris'),
    scopes: fromCspAllowedScopes(fields.allowedScopes).scopes,
    accessTokenTtl: integerOf(fields, 'accessTokenTTL'),
    refreshTokenTtl: integerOf(fields, 'refreshTokenTTL'),
    grantTypes,
    requirePkce: flagOf(fields, 'forcePkce'),
    requirePar: flagOf(fields, 'requirePar'),
    clientId: textOf(fields, 'id', 64),
  };
}

function appTypeOf(grantTypes: GrantType[], publicClient: boolean): AppType {
  if (grantTypes.includes('authorization_code') || grantTypes.includes(DEVICE_CODE_GRANT)) {
    return publicClient ? 'native' : 'web';
  }
  if (publicClient) {
    throw invalid(
      `a public client (publicClient: true) uses authorization_code with PKCE, or ${DEVICE_CODE_GRANT}`,
    );
  }
  return 'server';
}

/** The changes a PATCH asks for; what cannot change (id, grant types, public client) must be left as it is. */
function appChangesOf(fields: Fields, current: OAuthApp): AppChanges {
  refuseUnsupported(fields);
  const id = textOf(fields, 'id', 64) ?? textOf(fields, 'clientId', 64);
  if (id !== undefined && id !== current.id) throw invalid('the client id cannot change; create a new app');
  const grantTypes = fields.grantTypes === undefined ? undefined : grantTypesOf(fields);
  const publicClient = flagOf(fields, 'publicClient');
  const otherGrants = grantTypes && grantTypes.sort().join() !== [...current.grantTypes].sort().join();
  if (otherGrants || (publicClient !== undefined && publicClient !== (current.type === 'native'))) {
    throw invalid('grantTypes and publicClient decide the app type and cannot change; create a new app');
  }
  const name = textOf(fields, 'displayName', 128);
  if (name !== undefined && !name.trim()) throw invalid('displayName needs a visible character');
  const changes: AppChanges = {
    name,
    description: textOf(fields, 'description', 1000),
    redirectUris: textsOf(fields, 'redirectUris'),
    postLogoutRedirectUris: textsOf(fields, 'postLogoutRedirectUris'),
    scopes:
      fields.allowedScopes === undefined ? undefined : fromCspAllowedScopes(fields.allowedScopes).scopes,
    accessTokenTtl: integerOf(fields, 'accessTokenTTL'),
    refreshTokenTtl: integerOf(fields, 'refreshTokenTTL'),
    requirePkce: flagOf(fields, 'forcePkce'),
    requirePar: flagOf(fields, 'requirePar'),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as AppChanges;
}

/** organizationRoles [{name}] (or the deprecated organizationRoleNames), serviceRoles [{serviceDefinitionId, …}]. */
function grantRolesOf(fields: Fields): { orgRoles: OrgRole[]; serviceRoles: string[] } {
  if (Array.isArray(fields.customRoles) && fields.customRoles.length > 0) {
    throw invalid('Keyward has no custom roles; give organizationRoles and serviceRoles');
  }
  const names = [
    ...listOf(fields.organizationRoles, 'organizationRoles').map((role) =>
      nameOf(role, 'organizationRoles', '{"name": "org_member"}'),
    ),
    ...(textsOf(fields, 'organizationRoleNames') ?? []),
  ];
  const unknown = names.filter((name) => !isOrgRole(name));
  if (unknown.length > 0) {
    throw invalid(
      `organizationRoles: ${unknown.join(', ')} is not an org role; use org_owner, org_admin, org_member or developer`,
    );
  }
  const serviceRoles = listOf(fields.serviceRoles, 'serviceRoles').flatMap((entry) => {
    const item = objectOf(entry, 'each entry of serviceRoles', SERVICE_ROLES_SHAPE);
    const service = textOf(item, 'serviceDefinitionId', 63);
    if (!service)
      throw invalid(`serviceRoles[].serviceDefinitionId names the service: ${SERVICE_ROLES_SHAPE}`);
    const roles = [
      ...(textsOf(item, 'serviceRoleNames') ?? []),
      ...listOf(item.serviceRoles, 'serviceRoles[].serviceRoles').map((role) =>
        nameOf(role, 'serviceRoles[].serviceRoles', '{"name": "viewer"}'),
      ),
    ];
    return roles.map((role) => (role.startsWith(`${service}:`) ? role : `${service}:${role}`));
  });
  return { orgRoles: names as OrgRole[], serviceRoles };
}

function grantTypesOf(fields: Fields): GrantType[] {
  const values = textsOf(fields, 'grantTypes') ?? [];
  if (values.length === 0) {
    throw invalid('grantTypes is required: client_credentials, or authorization_code (and refresh_token)');
  }
  const unknown = values.filter((value) => !GRANT_TYPES.includes(value));
  if (unknown.length > 0) {
    throw invalid(`grantTypes: Keyward supports ${GRANT_TYPES.join(', ')}, not ${unknown.join(', ')}`);
  }
  return values as GrantType[];
}

function refuseUnsupported(fields: Fields): void {
  for (const [name, reason] of Object.entries(UNSUPPORTED)) {
    const value = fields[name];
    const unset = value === undefined || value === null || value === false || value === '';
    if (!unset && !(Array.isArray(value) && value.length === 0)) throw invalid(`${name}: ${reason}`);
  }
}

/** CSP paging (docs/wire/csp.md#paging): pageStart from 1, pageLimit up to 200 (the default). */
function pageOf(query: Fields): PageRequest {
  return {
    pageStart: integerOf(query, 'pageStart', 1, 1_000_000_000) ?? 1,
    pageLimit: integerOf(query, 'pageLimit', 1, MAX_PAGE_LIMIT) ?? DEFAULT_PAGE_LIMIT,
  };
}

function idsOf(fields: Fields, name: string): string[] {
  const ids = textsOf(fields, name, 64) ?? [];
  if (ids.length === 0 || ids.length > MAX_APPS_PER_GRANT_CALL) {
    throw invalid(`send {"${name}": ["<client id>", …]} with 1 to ${MAX_APPS_PER_GRANT_CALL} ids`);
  }
  return ids;
}

function fieldsOf(request: FastifyRequest): Fields {
  return objectOf(request.body ?? {}, 'the body');
}

function textOf(fields: Fields, name: string, maxLength: number): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxLength || /\p{Cc}/u.test(value)) {
    throw invalid(`${name} must be text of at most ${maxLength} characters`);
  }
  return value;
}

function textsOf(fields: Fields, name: string, maxLength = 2048): string[] | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  return listOf(value, name).map((item) => textOf({ [name]: item }, name, maxLength) ?? '');
}

/** A whole number, as JSON or as query-string text. */
function integerOf(fields: Fields, name: string, min = 0, max = 1_000_000_000): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}`);
  }
  return number;
}

function flagOf(fields: Fields, name: string): boolean | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false`);
  return value;
}

/** Examples of the lists CSP bodies carry, for the message that refuses a malformed one. */
const LIST_SHAPES: Record<string, string> = {
  organizationRoles: '[{"name": "org_member"}]',
  organizationRoleNames: '["org_member"]',
  serviceRoles: `[${SERVICE_ROLES_SHAPE}]`,
  'serviceRoles[].serviceRoles': '[{"name": "viewer"}]',
  grantTypes: '["client_credentials"]',
  redirectUris: '["https://app.example.com/callback"]',
  postLogoutRedirectUris: '["https://app.example.com/"]',
  ids: '["<client id>"]',
  clientIdsToRemove: '["<client id>"]',
};

function listOf(value: unknown, name: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 200) {
    const shape = LIST_SHAPES[name];
    throw invalid(`${name} is a list of up to 200 entries${shape ? `, e.g. ${shape}` : ''}`);
  }
  return value;
}

/** The `name` of a role entry, which CSP wraps in an object ({"name": "org_member"}), never a bare string. */
function nameOf(value: unknown, list: string, shape: string): string {
  if (typeof value === 'string') {
    throw invalid(`each entry of ${list} is an object ${shape}, not a bare name: send {"name": "${value}"}`);
  }
  const name = textOf(objectOf(value, `each entry of ${list}`, shape), 'name', 128);
  if (!name) throw invalid(`each entry of ${list} needs a name: ${shape}`);
  return name;
}

function objectOf(value: unknown, where: string, shape?: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`${where} must be a JSON object${shape ? ` such as ${shape}` : ''}`);
  }
  return value as Fields;
}

function invalid(message: string): ApiError {
  return new ApiError('request.invalid', message);
}
