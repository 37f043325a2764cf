import type { AppChanges, AppService, NewApp } from '../../apps/service.js';
import { type AppType, DEVICE_CODE_GRANT, type GrantType, type OAuthApp } from '../../apps/store.js';
import { ApiError } from '../../core/errors.js';
import type { Authenticator } from '../../http/authenticate.js';
import { toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { AppChangesBody, AppListQuery, AppPath, NewAppBody, SecretRotationBody } from './app-schemas.js';
import { CSP_API } from './keys-routes.js';
import { OrgPath, pageOf } from './schemas.js';
import { fromCspAllowedScopes, toCspAllowedScopes } from './scopes.js';

/** What CSP's owned-app routes use. */
export interface CspAppRouteDeps {
  apps: Pick<
    AppService,
    'create' | 'delete' | 'endRotation' | 'get' | 'list' | 'regenerateSecret' | 'rotateSecret' | 'update'
  >;
  auth: Pick<Authenticator, 'require'>;
}

export const ORG = `${CSP_API}/orgs/:orgId`;
const APPS = `${ORG}/oauth-apps`;
const APP = `${APPS}/:oauthAppId`;

/**
 * CSP's OAuth-app management (docs/wire/csp.md#owned-apps): an org's own apps and their secrets. Bodies come
 * through the lenient parser and are checked by the schemas of app-schemas.ts; the rules are AppService's.
 */
export function registerCspAppRoutes(csp: App, c: CspAppRouteDeps): void {
  registerOwnedApps(csp, c);
  registerSecrets(csp, c);
}

function registerOwnedApps(csp: App, c: CspAppRouteDeps): void {
  csp.get(APPS, { schema: { hide: true, params: OrgPath, querystring: AppListQuery } }, async (request) => {
    const page = pageOf(request.query);
    const caller = await c.auth.require(request);
    const result = await c.apps.list(caller, request.params.orgId, page, request.query.searchTerm);
    return toPage(result, page, request.url, cspAppView);
  });

  csp.post(APPS, { schema: { hide: true, params: OrgPath, body: NewAppBody } }, async (request, reply) => {
    const caller = await c.auth.require(request);
    const { app, secret } = await c.apps.create(caller, request.params.orgId, newAppOf(request.body));
    // A native app is a public client: no clientSecret at all (RFC 8252 §8.4).
    const credentials = { clientId: app.id, ...(secret === null ? {} : { clientSecret: secret }) };
    return reply.code(201).send({ ...credentials, ...cspAppView(app) });
  });

  csp.get(APP, { schema: { hide: true, params: AppPath } }, async (request) => {
    const { orgId, oauthAppId } = request.params;
    return cspAppView(await c.apps.get(await c.auth.require(request), orgId, oauthAppId));
  });

  // CSP's PATCH body is undocumented (docs/wire/csp.md#owned-apps): create fields, or a GET answer sent back.
  csp.patch(APP, { schema: { hide: true, params: AppPath, body: AppChangesBody } }, async (request) => {
    const caller = await c.auth.require(request);
    const { orgId, oauthAppId } = request.params;
    const current = await c.apps.get(caller, orgId, oauthAppId);
    const changes = appChangesOf(request.body, current);
    if (Object.keys(changes).length === 0) return cspAppView(current);
    return cspAppView(await c.apps.update(caller, orgId, oauthAppId, changes));
  });

  csp.delete(APP, { schema: { hide: true, params: AppPath } }, async (request, reply) => {
    const { orgId, oauthAppId } = request.params;
    await c.apps.delete(await c.auth.require(request), orgId, oauthAppId);
    return reply.code(204).send();
  });
}

/** docs/wire/csp.md#secret-rotation: PUT regenerates, POST starts an overlap (48 h), DELETE ends it. */
function registerSecrets(csp: App, c: CspAppRouteDeps): void {
  csp.put(`${APP}/secret`, { schema: { hide: true, params: AppPath } }, async (request) => {
    const { orgId, oauthAppId } = request.params;
    const secret = await c.apps.regenerateSecret(await c.auth.require(request), orgId, oauthAppId);
    return { clientId: oauthAppId, clientSecret: secret };
  });

  csp.post(
    `${APP}/secret`,
    { schema: { hide: true, params: AppPath, body: SecretRotationBody } },
    async (request) => {
      const caller = await c.auth.require(request);
      const { orgId, oauthAppId } = request.params;
      const { newClientSecret, secretRotationExpirationInSeconds } = request.body;
      const secret = await c.apps.rotateSecret(caller, orgId, oauthAppId, {
        newSecret: newClientSecret ?? undefined,
        overlapSeconds: secretRotationExpirationInSeconds ?? undefined,
      });
      return { clientId: oauthAppId, clientSecret: secret };
    },
  );

  csp.delete(`${APP}/secret`, { schema: { hide: true, params: AppPath } }, async (request, reply) => {
    const { orgId, oauthAppId } = request.params;
    await c.apps.endRotation(await c.auth.require(request), orgId, oauthAppId);
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

/**
 * OrgOAuthAppRequest → a Keyward app. CSP has no type field; the grant types decide it (D5's three app types):
 * without authorization_code a server-to-server app; with it a web app, or a native app when publicClient is true.
 */
function newAppOf(body: NewAppBody): NewApp {
  const grantTypes = [...body.grantTypes];
  return {
    type: appTypeOf(grantTypes, body.publicClient ?? false),
    name: body.displayName,
    description: body.description ?? undefined,
    redirectUris: body.redirectUris ?? undefined,
    postLogoutRedirectUris: body.postLogoutRedirectUris ?? undefined,
    scopes: fromCspAllowedScopes(body.allowedScopes).scopes,
    accessTokenTtl: body.accessTokenTTL ?? undefined,
    refreshTokenTtl: body.refreshTokenTTL ?? undefined,
    grantTypes,
    requirePkce: body.forcePkce ?? undefined,
    requirePar: body.requirePar ?? undefined,
    clientId: body.id ?? undefined,
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
function appChangesOf(body: AppChangesBody, current: OAuthApp): AppChanges {
  const id = body.id ?? body.clientId;
  if (id != null && id !== current.id) throw invalid('the client id cannot change; create a new app');
  const grants = body.grantTypes ? [...body.grantTypes].sort().join() : undefined;
  const publicClient = body.publicClient ?? undefined;
  if (
    (grants !== undefined && grants !== [...current.grantTypes].sort().join()) ||
    (publicClient !== undefined && publicClient !== (current.type === 'native'))
  ) {
    throw invalid('grantTypes and publicClient decide the app type and cannot change; create a new app');
  }
  const changes: AppChanges = {};
  if (body.displayName != null) changes.name = body.displayName;
  if (body.description != null) changes.description = body.description;
  if (body.redirectUris != null) changes.redirectUris = body.redirectUris;
  if (body.postLogoutRedirectUris != null) changes.postLogoutRedirectUris = body.postLogoutRedirectUris;
  if (body.allowedScopes != null) changes.scopes = fromCspAllowedScopes(body.allowedScopes).scopes;
  if (body.accessTokenTTL != null) changes.accessTokenTtl = body.accessTokenTTL;
  if (body.refreshTokenTTL != null) changes.refreshTokenTtl = body.refreshTokenTTL;
  if (body.forcePkce != null) changes.requirePkce = body.forcePkce;
  if (body.requirePar != null) changes.requirePar = body.requirePar;
  return changes;
}

function invalid(message: string): ApiError {
  return new ApiError('request.invalid', message);
}
