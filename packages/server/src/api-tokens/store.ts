import type { PageRequest, PageResult } from '../core/pagination.js';
import type { ScopeSet } from '../core/scopes.js';
import { type Dialect, type Executor, fromJson, stampLastUsed, toJson } from '../storage/db.js';
import { readPage } from '../storage/paging.js';
import type { ApiTokensTable } from '../storage/schema.js';

/** A personal API token's record. The token value exists only in the answer that created it. */
export interface ApiToken {
  id: string;
  userId: string;
  orgId: string;
  name: string;
  tokenHash: string;
  scopes: ScopeSet;
  openid: boolean;
  createdAt: number;
  /** null: never expires. */
  expiresAt: number | null;
  lastUsedAt: number | null;
  notifyDaysBeforeExpiry: number | null;
  remindAt: number | null;
  remindedAt: number | null;
  revokedAt: number | null;
  deactivatedAt: number | null;
  deactivatedBy: string | null;
  replacesId: string | null;
}

/** A token with its owner's e-mail, for the org owners' list. */
export interface ApiTokenWithOwner extends ApiToken {
  ownerEmail: string;
}

export interface ApiTokenStore {
  insert(token: ApiToken): Promise<void>;
  findById(id: string): Promise<ApiToken | undefined>;
  findByHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** The user's tokens that are not revoked, newest first. */
  listByUser(userId: string, page: PageRequest): Promise<PageResult<ApiToken>>;
  /** Every unrevoked token of an org, with its owner, newest first. */
  listByOrg(orgId: string, page: PageRequest): Promise<PageResult<ApiTokenWithOwner>>;
  /** Tokens that still count against the per-user limit: not revoked and not expired at `now`. */
  countLive(userId: string, orgId: string, now: number): Promise<number>;
  /** Marks revoked unless it already is; true when this call revoked it. */
  revoke(id: string, at: number): Promise<boolean>;
  setDeactivated(id: string, at: number | null, by: string | null): Promise<void>;
  /** Writes a batch of last-used stamps; a stamp never moves backwards. */
  recordUsage(uses: readonly { id: string; at: number }[]): Promise<void>;
  /**
   * Tokens whose expiry reminder is due and not yet queued. On PostgreSQL the rows are locked (SKIP LOCKED)
   * until the transaction ends, so concurrent reminder jobs on several nodes each take different tokens.
   */
  claimDueReminders(now: number, limit: number): Promise<ApiToken[]>;
  markReminded(id: string, at: number): Promise<void>;
}

export function createApiTokenStore(db: Executor, dialect: Dialect): ApiTokenStore {
  return {
    async insert(token) {
      await db
        .insertInto('api_tokens')
        .values({
          id: token.id,
          user_id: token.userId,
          org_id: token.orgId,
          name: token.name,
          token_hash: token.tokenHash,
          scopes: toJson(token.scopes),
          openid: token.openid ? 1 : 0,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          last_used_at: token.lastUsedAt,
          notify_days_before_expiry: token.notifyDaysBeforeExpiry,
          remind_at: token.remindAt,
          reminded_at: token.remindedAt,
          revoked_at: token.revokedAt,
          deactivated_at: token.deactivatedAt,
          deactivated_by: token.deactivatedBy,
          replaces_id: token.replacesId,
        })
        .execute();
    },

    async findById(id) {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApiToken(row);
    },

    async findByHash(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toApiToken(row);
    },

    async listByUser(userId, page) {
      const base = db.selectFrom('api_tokens').where('user_id', '=', userId).where('revoked_at', 'is', null);
      return readPage(
        base,
        (query) => query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
        page,
        toApiToken,
      );
    },

    async listByOrg(orgId, page) {
      const base = db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .where('t.org_id', '=', orgId)
        .where('t.revoked_at', 'is', null);
      return readPage(
        base,
        (query) =>
          query.selectAll('t').select('u.email').orderBy('t.created_at', 'desc').orderBy('t.id', 'desc'),
        page,
        (row) => ({ ...toApiToken(row), ownerEmail: row.email }),
      );
    },

    async countLive(userId, orgId, now) {
      const row = await db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('org_id', '=', orgId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async revoke(id, at) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setDeactivated(id, at, by) {
      await db
        .updateTable('api_tokens')
        .set({ deactivated_at: at, deactivated_by: by })
        .where('id', '=', id)
        .execute();
    },

    async recordUsage(uses) {
      await stampLastUsed(db, 'api_tokens', 'text', uses);
    },

    async claimDueReminders(now, limit) {
      let query = db
        .selectFrom('api_tokens')
        .selectAll()
        .where('reminded_at', 'is', null)
        .where('remind_at', '<=', now)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('remind_at')
        .limit(limit);
      if (dialect === 'postgres') query = query.forUpdate().skipLocked();
      return (await query.execute()).map(toApiToken);
    },

    async markReminded(id, at) {
      await db.updateTable('api_tokens').set({ reminded_at: at }).where('id', '=', id).execute();
    },
  };
}

function toApiToken(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    orgId: row.org_id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: fromJson<ScopeSet>(row.scopes),
    openid: row.openid === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    notifyDaysBeforeExpiry: row.notify_days_before_expiry,
    remindAt: row.remind_at,
    remindedAt: row.reminded_at,
    revokedAt: row.revoked_at,
    deactivatedAt: row.deactivated_at,
    deactivatedBy: row.deactivated_by,
    replacesId: row.replaces_id,
  };
}
