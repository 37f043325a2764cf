import type { JWK } from 'jose';
import { sql } from 'kysely';
import { ApiError } from '../core/errors.js';
import type { PageRequest, PageResult } from '../core/pagination.js';
import type { ScopeSet } from '../core/scopes.js';
import { type Executor, fromJson, isUniqueViolation, toJson } from '../storage/db.js';
import { readPage } from '../storage/paging.js';
import type { OAuthAppSecretsTable, OAuthAppsTable } from '../storage/schema.js';

export type AppType = 'server' | 'web' | 'native';
/** RFC 8628 §3.4: the grant type a device polls the token endpoint with. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export type GrantType =
  | 'client_credentials'
  | 'authorization_code'
  | 'refresh_token'
  | typeof DEVICE_CODE_GRANT;
/**
 * How the app proves who it is at the token, introspection and revocation endpoints (RFC 7591 §2): with its
 * client secret, or with a JWT signed by one of its keys (RFC 7523 §2.2). Native apps are public: `none`.
 */
export type TokenEndpointAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt'
  | 'none';

/** A JSON Web Key Set of public keys only (RFC 7517 §5), checked when registered (apps/client-keys.ts). */
export interface PublicJwks {
  keys: JWK[];
}

/** An OAuth app owned by an org. `id` is the client_id. */
export interface OAuthApp {
  id: string;
  ownerOrgId: string;
  type: AppType;
  name: string;
  description: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  /** The most the app may ever hold: grants and users' roles are intersected with it. */
  scopes: ScopeSet;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  requirePkce: boolean;
  /** Authorization requests only through /oauth/par (RFC 9126 §5); web and native apps. */
  requirePar: boolean;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Public keys registered inline; for private_key_jwt, this or `jwksUri`. */
  jwks: PublicJwks | null;
  /** Where the app publishes its public keys (fetched and cached; see oauth/client-key-sets.ts). */
  jwksUri: string | null;
  /** RFC 9449 §5.2 (`dpop_bound_access_tokens`): every token request must carry a DPoP proof. */
  requireDpop: boolean;
}

/** One client secret, stored as a keyed hash. Several live at once during a rotation. */
export interface AppSecret {
  id: string;
  appId: string;
  secretHash: string;
  createdAt: number;
  /** null: current; otherwise it works until then (rotation overlap). */
  expiresAt: number | null;
}

export interface OAuthAppStore {
  insert(app: OAuthApp): Promise<void>;
  findById(id: string): Promise<OAuthApp | undefined>;
  listByOrg(orgId: string, page: PageRequest, search?: string): Promise<PageResult<OAuthApp>>;
  update(app: OAuthApp): Promise<void>;
  delete(id: string): Promise<void>;
  insertSecret(secret: AppSecret): Promise<void>;
  /** Secrets that still work at `now`, newest first. */
  liveSecrets(appId: string, now: number): Promise<AppSecret[]>;
  /** Removes every secret of the app except `keepId`. */
  deleteSecretsExcept(appId: string, keepId: string): Promise<number>;
  /** Gives every current secret of the app an expiry (the start of a rotation overlap). */
  expireCurrentSecrets(appId: string, at: number): Promise<void>;
}

export function createOAuthAppStore(db: Executor): OAuthAppStore {
  return {
    async insert(app) {
      try {
        await db.insertInto('oauth_apps').values(toRow(app)).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ApiError('app.exists', `an app with client id ${app.id} exists`);
        throw error;
      }
    },

    async findById(id) {
      const row = await db.selectFrom('oauth_apps').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApp(row);
    },

    async listByOrg(orgId, page, search) {
      let base = db.selectFrom('oauth_apps').where('owner_org_id', '=', orgId);
      if (search) {
        // ESCAPE spelled out: SQLite has no default escape character; lower() makes PostgreSQL case-insensitive too.
        const pattern = `%${search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        base = base.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
      }
      return readPage(
        base,
        (query) => query.selectAll().orderBy('created_at', 'desc').orderBy('id'),
        page,
        toApp,
      );
    },

    async update(app) {
      const { id, ...values } = toRow(app);
      await db.updateTable('oauth_apps').set(values).where('id', '=', id).execute();
    },

    async delete(id) {
      await db.deleteFrom('oauth_apps').where('id', '=', id).execute();
    },

    async insertSecret(secret) {
      await db
        .insertInto('oauth_app_secrets')
        .values({
          id: secret.id,
          app_id: secret.appId,
          secret_hash: secret.secretHash,
          created_at: secret.createdAt,
          expires_at: secret.expiresAt,
        })
        .execute();
    },

    async liveSecrets(appId, now) {
      const rows = await db
        .selectFrom('oauth_app_secrets')
        .selectAll()
        .where('app_id', '=', appId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toSecret);
    },

    async deleteSecretsExcept(appId, keepId) {
      const result = await db
        .deleteFrom('oauth_app_secrets')
        .where('app_id', '=', appId)
        .where('id', '!=', keepId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async expireCurrentSecrets(appId, at) {
      await db
        .updateTable('oauth_app_secrets')
        .set({ expires_at: at })
        .where('app_id', '=', appId)
        .where('expires_at', 'is', null)
        .execute();
    },
  };
}

function toRow(app: OAuthApp): OAuthAppsTable {
  return {
    id: app.id,
    owner_org_id: app.ownerOrgId,
    type: app.type,
    name: app.name,
    description: app.description,
    redirect_uris: toJson(app.redirectUris),
    post_logout_redirect_uris: toJson(app.postLogoutRedirectUris),
    grant_types: toJson(app.grantTypes),
    scopes: toJson(app.scopes),
    access_token_ttl: app.accessTokenTtl,
    refresh_token_ttl: app.refreshTokenTtl,
    require_pkce: app.requirePkce ? 1 : 0,
    require_par: app.requirePar ? 1 : 0,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    created_by: app.createdBy,
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    jwks: app.jwks === null ? null : toJson(app.jwks),
    jwks_uri: app.jwksUri,
    require_dpop: app.requireDpop ? 1 : 0,
  };
}

function toApp(row: OAuthAppsTable): OAuthApp {
  return {
    id: row.id,
    ownerOrgId: row.owner_org_id,
    type: row.type as AppType,
    name: row.name,
    description: row.description,
    redirectUris: fromJson<string[]>(row.redirect_uris),
    postLogoutRedirectUris: fromJson<string[]>(row.post_logout_redirect_uris),
    grantTypes: fromJson<GrantType[]>(row.grant_types),
    scopes: fromJson<ScopeSet>(row.scopes),
    accessTokenTtl: row.access_token_ttl,
    refreshTokenTtl: row.refresh_token_ttl,
    requirePkce: row.require_pkce === 1,
    requirePar: row.require_par === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
    jwks: row.jwks === null ? null : fromJson<PublicJwks>(row.jwks),
    jwksUri: row.jwks_uri,
    requireDpop: row.require_dpop === 1,
  };
}

function toSecret(row: OAuthAppSecretsTable): AppSecret {
  return {
    id: row.id,
    appId: row.app_id,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
