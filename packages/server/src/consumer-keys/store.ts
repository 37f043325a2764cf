import { type Executor, fromJson, isUniqueViolation, stampLastUsed, toJson } from '../storage/db.js';
import type { ConsumerAppsTable, ConsumerCredentialsTable } from '../storage/schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type CredentialState = 'pendingValidation' | 'validated' | 'refused' | 'expired';

/** An access rule (OVH auth.AccessRule): a method and a path pattern where `*` spans any characters. */
export interface AccessRule {
  method: HttpMethod;
  path: string;
}

/** An OVH-style application: AK public, AS sealed. */
export interface ConsumerApp {
  id: number;
  appKey: string;
  secretEnc: string;
  ownerUserId: string;
  name: string;
  description: string;
  status: 'active' | 'blocked' | 'inactive' | 'trusted';
  createdAt: number;
}

/** A consumer key (CK) requested by an application and, once validated, granted by a user. */
export interface ConsumerCredential {
  id: number;
  appId: number;
  keyHash: string;
  userId: string | null;
  rules: AccessRule[];
  state: CredentialState;
  validationTokenHash: string | null;
  validationExpiresAt: number;
  redirection: string | null;
  allowedIps: string[] | null;
  createdAt: number;
  validatedAt: number | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

/** Thrown by insert when a random id or key collided; the caller draws again. */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
}

export interface ConsumerKeyStore {
  insertApp(app: ConsumerApp): Promise<void>;
  findApp(id: number): Promise<ConsumerApp | undefined>;
  findAppByKey(appKey: string): Promise<ConsumerApp | undefined>;
  /** The applications with these ids that still exist, in no particular order. */
  findApps(ids: readonly number[]): Promise<ConsumerApp[]>;
  listAppsOf(userId: string): Promise<ConsumerApp[]>;
  deleteApp(id: number): Promise<void>;

  insertCredential(credential: ConsumerCredential): Promise<void>;
  findCredential(id: number): Promise<ConsumerCredential | undefined>;
  findCredentialByKeyHash(keyHash: string): Promise<ConsumerCredential | undefined>;
  findCredentialByValidationToken(tokenHash: string): Promise<ConsumerCredential | undefined>;
  /** Credentials a user granted (validated), newest first, optionally of one app or in one state. */
  listCredentialsGrantedBy(
    userId: string,
    filter?: { appId?: number; state?: CredentialState },
  ): Promise<ConsumerCredential[]>;
  listCredentialsOfApp(appId: number): Promise<ConsumerCredential[]>;
  /**
   * Moves a pending credential to validated or refused, once: false when it was no longer pending (the
   * validation link is single-use). Consumes the validation token either way.
   */
  decide(
    id: number,
    decision: { state: 'validated' | 'refused'; userId: string; at: number; expiresAt: number | null },
  ): Promise<boolean>;
  /** Ends a credential now (logout, revocation): state expired. */
  expire(id: number, at: number): Promise<void>;
  /** Removes a credential for good (revoked by its user or its application's owner). */
  deleteCredential(id: number): Promise<boolean>;
  setAllowedIps(id: number, allowedIps: string[] | null): Promise<void>;
  /** Removes requests nobody answered whose validation link expired before `before`; returns how many. */
  deleteUnanswered(before: number): Promise<number>;
  recordUsage(uses: readonly { id: number; at: number }[]): Promise<void>;
}

export function createConsumerKeyStore(db: Executor): ConsumerKeyStore {
  return {
    async insertApp(app) {
      try {
        await db
          .insertInto('consumer_apps')
          .values({
            id: app.id,
            app_key: app.appKey,
            secret_enc: app.secretEnc,
            owner_user_id: app.ownerUserId,
            name: app.name,
            description: app.description,
            status: app.status,
            created_at: app.createdAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateKeyError('consumer app id or key collided');
        throw error;
      }
    },

    async findApp(id) {
      const row = await db.selectFrom('consumer_apps').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApp(row);
    },

    async findAppByKey(appKey) {
      const row = await db
        .selectFrom('consumer_apps')
        .selectAll()
        .where('app_key', '=', appKey)
        .executeTakeFirst();
      return row && toApp(row);
    },

    async findApps(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('consumer_apps')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(toApp);
    },

    async listAppsOf(userId) {
      const rows = await db
        .selectFrom('consumer_apps')
        .selectAll()
        .where('owner_user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toApp);
    },

    async deleteApp(id) {
      await db.deleteFrom('consumer_apps').where('id', '=', id).execute();
    },

    async insertCredential(credential) {
      try {
        await db
          .insertInto('consumer_credentials')
          .values({
            id: credential.id,
            app_id: credential.appId,
            key_hash: credential.keyHash,
            user_id: credential.userId,
            rules: toJson(credential.rules),
            state: credential.state,
            validation_token_hash: credential.validationTokenHash,
            validation_expires_at: credential.validationExpiresAt,
            redirection: credential.redirection,
            allowed_ips: credential.allowedIps === null ? null : toJson(credential.allowedIps),
            created_at: credential.createdAt,
            validated_at: credential.validatedAt,
            expires_at: credential.expiresAt,
            last_used_at: credential.lastUsedAt,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateKeyError('consumer credential id or key collided');
        throw error;
      }
    },

    async findCredential(id) {
      const row = await db
        .selectFrom('consumer_credentials')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCredential(row);
    },

    async findCredentialByKeyHash(keyHash) {
      const row = await db
        .selectFrom('consumer_credentials')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return row && toCredential(row);
    },

    async findCredentialByValidationToken(tokenHash) {
      const row = await db
        .selectFrom('consumer_credentials')
        .selectAll()
        .where('validation_token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toCredential(row);
    },

    async listCredentialsGrantedBy(userId, filter = {}) {
      let query = db.selectFrom('consumer_credentials').selectAll().where('user_id', '=', userId);
      if (filter.appId !== undefined) query = query.where('app_id', '=', filter.appId);
      if (filter.state !== undefined) query = query.where('state', '=', filter.state);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toCredential);
    },

    async listCredentialsOfApp(appId) {
      const rows = await db
        .selectFrom('consumer_credentials')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toCredential);
    },

    async decide(id, decision) {
      const result = await db
        .updateTable('consumer_credentials')
        .set({
          state: decision.state,
          user_id: decision.userId,
          validated_at: decision.state === 'validated' ? decision.at : null,
          expires_at: decision.state === 'validated' ? decision.expiresAt : null,
          validation_token_hash: null,
        })
        .where('id', '=', id)
        .where('state', '=', 'pendingValidation')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async expire(id, at) {
      await db
        .updateTable('consumer_credentials')
        .set({ state: 'expired', expires_at: at, validation_token_hash: null })
        .where('id', '=', id)
        .execute();
    },

    async deleteCredential(id) {
      const result = await db.deleteFrom('consumer_credentials').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async deleteUnanswered(before) {
      const result = await db
        .deleteFrom('consumer_credentials')
        .where('state', '=', 'pendingValidation')
        .where('validation_expires_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async setAllowedIps(id, allowedIps) {
      await db
        .updateTable('consumer_credentials')
        .set({ allowed_ips: allowedIps === null ? null : toJson(allowedIps) })
        .where('id', '=', id)
        .execute();
    },

    async recordUsage(uses) {
      await stampLastUsed(db, 'consumer_credentials', 'bigint', uses);
    },
  };
}

function toApp(row: ConsumerAppsTable): ConsumerApp {
  return {
    id: Number(row.id),
    appKey: row.app_key,
    secretEnc: row.secret_enc,
    ownerUserId: row.owner_user_id,
    name: row.name,
    description: row.description,
    status: row.status as ConsumerApp['status'],
    createdAt: row.created_at,
  };
}

function toCredential(row: ConsumerCredentialsTable): ConsumerCredential {
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    keyHash: row.key_hash,
    userId: row.user_id,
    rules: fromJson<AccessRule[]>(row.rules),
    state: row.state as CredentialState,
    validationTokenHash: row.validation_token_hash,
    validationExpiresAt: row.validation_expires_at,
    redirection: row.redirection,
    allowedIps: row.allowed_ips === null ? null : fromJson<string[]>(row.allowed_ips),
    createdAt: row.created_at,
    validatedAt: row.validated_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
