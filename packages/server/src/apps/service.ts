import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { authorize, type OrgAccess } from '../core/authorize.js';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import { newId } from '../core/ids-and-secrets.js';
import type { PageRequest, PageResult } from '../core/pagination.js';
import type { Caller } from '../core/principal.js';
import { normalizeScopeSet, type ScopeSet } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { type MfaPolicyStores, requireMfaEnrolment } from '../identity/factors/policy.js';
import type { AccessStores } from '../identity/members/access.js';
import { resolveOrgAccess } from '../identity/members/access.js';
import type { ServiceStore } from '../identity/services/store.js';
import { revocationOf } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import {
  type ClientAuthentication,
  type ClientAuthenticationInput,
  settleClientAuthentication,
} from './client-keys.js';
import {
  AppCredentials,
  type AppSecretInfo,
  describeClientKeys,
  type RotationOptions,
} from './credentials.js';
import { APP_TOPICS, type AppDirectory, grantKey } from './directory.js';
import type { AppGrantStore } from './grant-store.js';
import { ownOrgGrant } from './grants.js';
import { APP_MANAGERS, findOwned } from './owned.js';
import { validateRedirectUris } from './redirect-uris.js';
import { checkScopeCeiling } from './scope-ceiling.js';
import { mintClientSecret } from './secrets.js';
import type { OAuthAppStore } from './store.js';

export { type AppSecretInfo, DEFAULT_ROTATION_OVERLAP } from './credentials.js';

import { type AppType, DEVICE_CODE_GRANT, type GrantType, type OAuthApp, type PublicJwks } from './store.js';

/** The stores AppService reads and writes. */
export interface AppServiceStores extends AccessStores, MfaPolicyStores {
  apps: OAuthAppStore;
  appGrants: AppGrantStore;
  audit: AuditStore;
  services: ServiceStore;
  revocations: RevocationStore;
}

export interface NewApp {
  type: AppType;
  name: string;
  description?: string | undefined;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  scopes: Partial<ScopeSet>;
  accessTokenTtl?: number | undefined;
  refreshTokenTtl?: number | undefined;
  /** Web and native apps: turn off the refresh_token grant, or add the device code grant (RFC 8628). */
  grantTypes?: GrantType[] | undefined;
  /** Web apps only; native apps always require PKCE. Default true. */
  requirePkce?: boolean | undefined;
  /** Web and native apps: accept authorization requests only when pushed (RFC 9126). Default false. */
  requirePar?: boolean | undefined;
  /** A chosen client id (CSP lets creators pick one); a UUID is generated otherwise. */
  clientId?: string | undefined;
  /** Server and web apps: their secret (default), or private_key_jwt with `jwks` or `jwksUri`. */
  tokenEndpointAuthMethod?: ClientAuthenticationInput['tokenEndpointAuthMethod'];
  jwks?: PublicJwks | undefined;
  jwksUri?: string | undefined;
  /** Every token request must carry a DPoP proof (RFC 9449 §5.2). Default false. */
  requireDpop?: boolean | undefined;
}

export type AppChanges = Partial<
  Pick<
    NewApp,
    | 'name'
    | 'description'
    | 'redirectUris'
    | 'postLogoutRedirectUris'
    | 'scopes'
    | 'accessTokenTtl'
    | 'refreshTokenTtl'
    | 'requirePkce'
    | 'requireDpop'
    | 'requirePar'
    | 'grantTypes'
  >
>;

/** CSP's defaults (docs/wire/csp.md#token-lifetimes): access tokens 10 minutes, refresh tokens 90 days. */
export const DEFAULT_ACCESS_TOKEN_TTL = 600;
export const DEFAULT_REFRESH_TOKEN_TTL = 90 * 86400;

const CUSTOM_CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OAuth apps of an org: created and managed by its owners, admins and developers. Their secrets and keys are
 * AppCredentials' (credentials.ts); the five methods that reach them here keep the routes' and dialects' names.
 */
export class AppService {
  constructor(
    private readonly deps: {
      storage: Transactional<AppServiceStores>;
      clock: Clock;
      bus: InvalidationBus;
      apps: AppDirectory;
      identity: IdentityDirectory;
      /** Keyward's issuer: whether an http jwksUri may be accepted (a development Keyward). */
      issuer: string;
      /** A new secret needs a factor presented this recently (step-up). */
      stepUpWindowSeconds: number;
    },
  ) {
    this.#credentials = new AppCredentials(deps);
  }

  readonly #credentials: AppCredentials;

  setClientAuthentication(
    caller: Caller,
    orgId: string,
    appId: string,
    input: ClientAuthenticationInput,
  ): Promise<OAuthApp> {
    return this.#credentials.setClientAuthentication(caller, orgId, appId, input);
  }

  secrets(caller: Caller, orgId: string, appId: string): Promise<AppSecretInfo[]> {
    return this.#credentials.secrets(caller, orgId, appId);
  }

  regenerateSecret(caller: Caller, orgId: string, appId: string): Promise<string> {
    return this.#credentials.regenerateSecret(caller, orgId, appId);
  }

  rotateSecret(caller: Caller, orgId: string, appId: string, options: RotationOptions = {}): Promise<string> {
    return this.#credentials.rotateSecret(caller, orgId, appId, options);
  }

  endRotation(caller: Caller, orgId: string, appId: string): Promise<void> {
    return this.#credentials.endRotation(caller, orgId, appId);
  }

  async create(
    caller: Caller,
    orgId: string,
    input: NewApp,
  ): Promise<{ app: OAuthApp; secret: string | null }> {
    const now = this.deps.clock.now();
    const services = await this.deps.identity.services();
    const created = await this.deps.storage.transaction(async (stores) => {
      // Access first: someone outside the org learns nothing from a critique of the app they may not create.
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: APP_MANAGERS, userOnly: true });
      await requireMfaEnrolment(stores, caller, orgId);
      const clientAuth = await settleClientAuthentication(input.type, input, this.deps.issuer);
      const app = { ...buildApp(input, orgId, now, caller.principal.subjectId), ...clientAuth };
      await checkScopeCeiling(stores, access, app.scopes, services);
      await stores.apps.insert(app);
      // An app that signs assertions has no use for a secret; one is made if an owner switches it back.
      const usesSecret = app.type !== 'native' && app.tokenEndpointAuthMethod !== 'private_key_jwt';
      const secret = usesSecret ? mintClientSecret() : null;
      if (secret !== null) await this.#credentials.insertSecret(stores, app.id, now, secret);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'app.created',
          orgId,
          target: { kind: 'app', id: app.id },
          details: {
            type: app.type,
            name: app.name,
            redirectUris: app.redirectUris,
            scopes: app.scopes,
            tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
            requireDpop: app.requireDpop,
            ...(await describeClientKeys(app)),
          },
        }),
      ]);
      if (app.type === 'server') await this.#grantInOwnOrg(stores, caller, access, app, now);
      return { app, secret };
    });
    await this.deps.bus.publish(APP_TOPICS.grant, grantKey(created.app.id, orgId));
    return created;
  }

  /**
   * A server-to-server app is usable in its own org as soon as it exists (issue 12): it is added there with the
   * roles ownOrgGrant picks, in the creating transaction, audited as an automatic `app.granted`.
   */
  async #grantInOwnOrg(
    stores: AppServiceStores,
    caller: Caller,
    access: OrgAccess,
    app: OAuthApp,
    now: number,
  ): Promise<void> {
    const roles = ownOrgGrant(app.scopes, access);
    if (!roles) return;
    await stores.appGrants.put({
      appId: app.id,
      orgId: app.ownerOrgId,
      ...roles,
      createdAt: now,
      createdBy: caller.principal.subjectId,
    });
    await stores.audit.insert([
      auditEvent(caller, now, {
        action: 'app.granted',
        orgId: app.ownerOrgId,
        target: { kind: 'app', id: app.id },
        details: { ...roles, appOwnerOrgId: app.ownerOrgId, automatic: true },
      }),
    ]);
  }

  async list(
    caller: Caller,
    orgId: string,
    page: PageRequest,
    search?: string,
  ): Promise<PageResult<OAuthApp>> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: APP_MANAGERS });
    return stores.apps.listByOrg(orgId, page, search);
  }

  async get(caller: Caller, orgId: string, appId: string): Promise<OAuthApp> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: APP_MANAGERS });
    return findOwned(stores, orgId, appId);
  }

  async update(caller: Caller, orgId: string, appId: string, changes: AppChanges): Promise<OAuthApp> {
    const now = this.deps.clock.now();
    const services = await this.deps.identity.services();
    const updated = await this.deps.storage.transaction(async (stores) => {
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: APP_MANAGERS, userOnly: true });
      const current = await findOwned(stores, orgId, appId);
      const next = applyChanges(current, changes, now);
      if (changes.scopes) await checkScopeCeiling(stores, access, next.scopes, services);
      await stores.apps.update(next);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'app.updated',
          orgId,
          target: { kind: 'app', id: appId },
          details: { changed: Object.keys(changes) },
        }),
      ]);
      return next;
    });
    await this.deps.bus.publish(APP_TOPICS.app, appId);
    return updated;
  }

  /** Deletes the app with its secrets, grants to orgs, consents and every token it was issued. */
  async delete(caller: Caller, orgId: string, appId: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: APP_MANAGERS, userOnly: true });
      const app = await findOwned(stores, orgId, appId);
      await stores.apps.delete(appId);
      await stores.revocations.append([
        revocationOf({ kind: 'client', clientId: appId }, now, 'app deleted'),
      ]);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'app.deleted',
          orgId,
          target: { kind: 'app', id: appId },
          details: { name: app.name },
        }),
      ]);
    });
    await this.deps.bus.publish(APP_TOPICS.app, appId);
  }
}

function buildApp(
  input: NewApp,
  orgId: string,
  now: number,
  createdBy: string,
): Omit<OAuthApp, keyof ClientAuthentication> {
  if (input.clientId !== undefined && (!CUSTOM_CLIENT_ID.test(input.clientId) || UUID.test(input.clientId))) {
    // RFC 9700 §4.15: a client id must not pass for a user id (those are UUIDs).
    throw new ApiError(
      'app.invalid',
      'a chosen client id has 3-64 letters, digits, ".", "_" or "-", and is not a UUID',
    );
  }
  const app: Omit<OAuthApp, keyof ClientAuthentication> = {
    id: input.clientId ?? newId(),
    ownerOrgId: orgId,
    type: input.type,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: grantTypesFor(input.type, input.grantTypes),
    scopes: normalizeScopeSet(input.scopes),
    accessTokenTtl: input.accessTokenTtl ?? DEFAULT_ACCESS_TOKEN_TTL,
    refreshTokenTtl: input.refreshTokenTtl ?? DEFAULT_REFRESH_TOKEN_TTL,
    requirePkce: input.type === 'native' || (input.type === 'web' && input.requirePkce !== false),
    requireDpop: input.requireDpop ?? false,
    requirePar: false,
    createdAt: now,
    updatedAt: now,
    createdBy,
  };
  return applyChanges(
    app,
    {
      redirectUris: input.redirectUris ?? [],
      postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
      requirePar: input.requirePar,
    },
    now,
  );
}

function applyChanges<T extends Omit<OAuthApp, keyof ClientAuthentication>>(
  app: T,
  changes: AppChanges,
  now: number,
): T {
  const next: T = {
    ...app,
    ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
    ...(changes.description !== undefined ? { description: changes.description.trim() } : {}),
    ...(changes.scopes !== undefined ? { scopes: normalizeScopeSet(changes.scopes) } : {}),
    ...(changes.accessTokenTtl !== undefined ? { accessTokenTtl: changes.accessTokenTtl } : {}),
    ...(changes.refreshTokenTtl !== undefined ? { refreshTokenTtl: changes.refreshTokenTtl } : {}),
    ...(changes.requirePkce !== undefined && app.type === 'web' ? { requirePkce: changes.requirePkce } : {}),
    ...(changes.requireDpop !== undefined ? { requireDpop: changes.requireDpop } : {}),
    ...(changes.grantTypes !== undefined ? { grantTypes: grantTypesFor(app.type, changes.grantTypes) } : {}),
    updatedAt: now,
  };
  if (changes.requirePar !== undefined) {
    if (app.type === 'server' && changes.requirePar) {
      throw new ApiError('app.invalid', 'a server-to-server app makes no authorization requests to push');
    }
    next.requirePar = changes.requirePar;
  }
  if (changes.redirectUris !== undefined)
    next.redirectUris = validateRedirectUris(app.type, changes.redirectUris, 'redirectUris', false);
  // The browser comes back to a redirect URI; an app that only uses the device grant (RFC 8628) needs none.
  if (next.grantTypes.includes('authorization_code') && next.redirectUris.length === 0) {
    throw new ApiError('app.invalid', `redirectUris: a ${app.type} app needs at least one redirect URI`);
  }
  if (changes.postLogoutRedirectUris !== undefined) {
    next.postLogoutRedirectUris =
      app.type === 'server'
        ? []
        : validateRedirectUris(app.type, changes.postLogoutRedirectUris, 'postLogoutRedirectUris');
  }
  if (next.accessTokenTtl < 60 || next.accessTokenTtl > 86400) {
    throw new ApiError('app.invalid', 'accessTokenTtl is between 60 seconds and 24 hours');
  }
  if (
    app.type !== 'server' &&
    (next.refreshTokenTtl <= next.accessTokenTtl || next.refreshTokenTtl > 2 * 366 * 86400)
  ) {
    throw new ApiError('app.invalid', 'refreshTokenTtl must exceed accessTokenTtl and be at most two years');
  }
  return next;
}

function grantTypesFor(type: AppType, requested: GrantType[] | undefined): GrantType[] {
  if (type === 'server') {
    if (requested?.some((grant) => grant !== 'client_credentials')) {
      throw new ApiError('app.invalid', 'a server-to-server app uses client_credentials only');
    }
    return ['client_credentials'];
  }
  const grants = new Set<GrantType>(requested ?? ['authorization_code', 'refresh_token']);
  if (!grants.has('authorization_code') && !grants.has(DEVICE_CODE_GRANT)) {
    throw new ApiError(
      'app.invalid',
      `a ${type} app uses authorization_code, ${DEVICE_CODE_GRANT} or both (and optionally refresh_token)`,
    );
  }
  if (grants.has('client_credentials')) {
    // A web app acts for its signed-in users; acting as itself in an org is what a server app (added to that
    // org) is for. RFC 8252 §8.5: a native app cannot keep a secret, so it cannot authenticate as itself at all.
    throw new ApiError(
      'app.invalid',
      `a ${type} app cannot use client_credentials; create a server-to-server app`,
    );
  }
  return [...grants].sort();
}
