import type { Selectable } from 'kysely';
import { type Executor, fromJson, toJson } from '../storage/db.js';
import type { GrantFamiliesTable } from '../storage/schema.js';
import type {
  AuthorizationCode,
  AuthorizationRequest,
  Consent,
  GrantFamily,
  GrantScope,
  Interaction,
  RefreshToken,
} from './records.js';

export type {
  AuthorizationCode,
  AuthorizationRequest,
  Consent,
  GrantFamily,
  GrantScope,
  Interaction,
  RefreshToken,
} from './records.js';

/** The OAuth provider's own state: interactions, grant families, codes, refresh tokens, consents, revocations. */
export interface OAuthStore {
  insertInteraction(interaction: Interaction): Promise<void>;
  findInteraction(id: string): Promise<Interaction | undefined>;
  updateInteraction(id: string, changes: { userId?: string; orgId?: string }): Promise<void>;
  /** Marks it completed; false when it already was (an interaction yields one code, once). */
  completeInteraction(id: string, at: number): Promise<boolean>;

  insertFamily(family: GrantFamily): Promise<void>;
  findFamily(id: string): Promise<GrantFamily | undefined>;
  revokeFamily(id: string, at: number, reason: string): Promise<boolean>;
  /** Revokes every live family of a user with an app (in one org, or all); returns their ids. */
  revokeFamiliesOf(
    userId: string,
    appId: string,
    orgId: string | null,
    at: number,
    reason: string,
  ): Promise<string[]>;

  insertCode(code: AuthorizationCode): Promise<void>;
  findCode(codeHash: string): Promise<AuthorizationCode | undefined>;
  /** Atomically marks the code used; false when it already was (a replay). */
  consumeCode(codeHash: string, at: number): Promise<boolean>;

  insertRefreshToken(token: RefreshToken): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshToken | undefined>;
  /** Atomically marks the token rotated; false when it already was (a reuse). */
  rotateRefreshToken(id: string, at: number): Promise<boolean>;

  findConsent(userId: string, appId: string, orgId: string): Promise<Consent | undefined>;
  putConsent(consent: Consent): Promise<void>;
  deleteConsent(userId: string, appId: string, orgId: string): Promise<boolean>;
  listConsents(userId: string): Promise<Consent[]>;

  revokeAccessToken(jti: string, expiresAt: number): Promise<void>;
  /** Ids of revoked access tokens that have not expired yet. */
  liveRevokedAccessTokens(now: number): Promise<string[]>;

  /** Removes interactions, codes, revocation entries and used one-time JWT ids past their lifetime. */
  deleteExpired(now: number): Promise<number>;
}

export function createOAuthStore(db: Executor): OAuthStore {
  return {
    async insertInteraction(interaction) {
      await db
        .insertInto('oauth_interactions')
        .values({
          id: interaction.id,
          binding_hash: interaction.bindingHash,
          app_id: interaction.appId,
          request: toJson(interaction.request),
          user_id: interaction.userId,
          org_id: interaction.orgId,
          created_at: interaction.createdAt,
          expires_at: interaction.expiresAt,
          completed_at: interaction.completedAt,
        })
        .execute();
    },

    async findInteraction(id) {
      const row = await db
        .selectFrom('oauth_interactions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return (
        row && {
          id: row.id,
          bindingHash: row.binding_hash,
          appId: row.app_id,
          request: fromJson<AuthorizationRequest>(row.request),
          userId: row.user_id,
          orgId: row.org_id,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          completedAt: row.completed_at,
        }
      );
    },

    async updateInteraction(id, changes) {
      const values = {
        ...(changes.userId !== undefined ? { user_id: changes.userId } : {}),
        ...(changes.orgId !== undefined ? { org_id: changes.orgId } : {}),
      };
      // An UPDATE with nothing to set is not SQL: nothing to change is nothing to do.
      if (Object.keys(values).length === 0) return;
      await db.updateTable('oauth_interactions').set(values).where('id', '=', id).execute();
    },

    async completeInteraction(id, at) {
      const result = await db
        .updateTable('oauth_interactions')
        .set({ completed_at: at })
        .where('id', '=', id)
        .where('completed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertFamily(family) {
      await db
        .insertInto('grant_families')
        .values({
          id: family.id,
          app_id: family.appId,
          user_id: family.userId,
          org_id: family.orgId,
          scope: toJson(family.scope),
          auth_time: family.authTime,
          amr: family.amr ? toJson(family.amr) : null,
          created_at: family.createdAt,
          expires_at: family.expiresAt,
          revoked_at: family.revokedAt,
          revoked_reason: family.revokedReason,
        })
        .execute();
    },

    async findFamily(id) {
      const row = await db.selectFrom('grant_families').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toFamily(row);
    },

    async revokeFamily(id, at, reason) {
      const result = await db
        .updateTable('grant_families')
        .set({ revoked_at: at, revoked_reason: reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async revokeFamiliesOf(userId, appId, orgId, at, reason) {
      let query = db
        .selectFrom('grant_families')
        .select('id')
        .where('user_id', '=', userId)
        .where('app_id', '=', appId)
        .where('revoked_at', 'is', null);
      if (orgId !== null) query = query.where('org_id', '=', orgId);
      const ids = (await query.execute()).map((row) => row.id);
      if (ids.length > 0) {
        await db
          .updateTable('grant_families')
          .set({ revoked_at: at, revoked_reason: reason })
          .where('id', 'in', ids)
          .execute();
      }
      return ids;
    },

    async insertCode(code) {
      await db
        .insertInto('authorization_codes')
        .values({
          code_hash: code.codeHash,
          family_id: code.familyId,
          redirect_uri: code.redirectUri,
          code_challenge: code.codeChallenge,
          nonce: code.nonce,
          created_at: code.createdAt,
          expires_at: code.expiresAt,
          consumed_at: code.consumedAt,
        })
        .execute();
    },

    async findCode(codeHash) {
      const row = await db
        .selectFrom('authorization_codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      return (
        row && {
          codeHash: row.code_hash,
          familyId: row.family_id,
          redirectUri: row.redirect_uri,
          codeChallenge: row.code_challenge,
          nonce: row.nonce,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          consumedAt: row.consumed_at,
        }
      );
    },

    async consumeCode(codeHash, at) {
      const result = await db
        .updateTable('authorization_codes')
        .set({ consumed_at: at })
        .where('code_hash', '=', codeHash)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertRefreshToken(token) {
      await db
        .insertInto('refresh_tokens')
        .values({
          id: token.id,
          token_hash: token.tokenHash,
          family_id: token.familyId,
          created_at: token.createdAt,
          rotated_at: token.rotatedAt,
          dpop_jkt: token.dpopJkt,
        })
        .execute();
    },

    async findRefreshToken(tokenHash) {
      const row = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return (
        row && {
          id: row.id,
          tokenHash: row.token_hash,
          familyId: row.family_id,
          createdAt: row.created_at,
          rotatedAt: row.rotated_at,
          dpopJkt: row.dpop_jkt,
        }
      );
    },

    async rotateRefreshToken(id, at) {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ rotated_at: at })
        .where('id', '=', id)
        .where('rotated_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async findConsent(userId, appId, orgId) {
      const row = await db
        .selectFrom('consents')
        .selectAll()
        .where('user_id', '=', userId)
        .where('app_id', '=', appId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return row && toConsent(row);
    },

    async putConsent(consent) {
      const values = { scope: toJson(consent.scope), updated_at: consent.updatedAt };
      await db
        .insertInto('consents')
        .values({
          user_id: consent.userId,
          app_id: consent.appId,
          org_id: consent.orgId,
          created_at: consent.createdAt,
          ...values,
        })
        .onConflict((oc) => oc.columns(['user_id', 'app_id', 'org_id']).doUpdateSet(values))
        .execute();
    },

    async deleteConsent(userId, appId, orgId) {
      const result = await db
        .deleteFrom('consents')
        .where('user_id', '=', userId)
        .where('app_id', '=', appId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async listConsents(userId) {
      const rows = await db
        .selectFrom('consents')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('updated_at', 'desc')
        .execute();
      return rows.map(toConsent);
    },

    async revokeAccessToken(jti, expiresAt) {
      await db
        .insertInto('revoked_access_tokens')
        .values({ jti, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing())
        .execute();
    },

    async liveRevokedAccessTokens(now) {
      const rows = await db
        .selectFrom('revoked_access_tokens')
        .select('jti')
        .where('expires_at', '>', now)
        .execute();
      return rows.map((row) => row.jti);
    },

    async deleteExpired(now) {
      const results = await Promise.all([
        db.deleteFrom('oauth_interactions').where('expires_at', '<=', now).executeTakeFirst(),
        db
          .deleteFrom('authorization_codes')
          .where('expires_at', '<=', now - 24 * 3600 * 1000)
          .executeTakeFirst(),
        db.deleteFrom('revoked_access_tokens').where('expires_at', '<=', now).executeTakeFirst(),
        db.deleteFrom('used_jtis').where('expires_at', '<=', now).executeTakeFirst(),
      ]);
      return results.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
    },
  };
}

function toFamily(row: Selectable<GrantFamiliesTable>): GrantFamily {
  return {
    id: row.id,
    appId: row.app_id,
    userId: row.user_id,
    orgId: row.org_id,
    scope: fromJson<GrantScope>(row.scope),
    authTime: row.auth_time,
    ...(row.amr ? { amr: fromJson<string[]>(row.amr) } : {}),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
  };
}

function toConsent(row: {
  user_id: string;
  app_id: string;
  org_id: string;
  scope: string;
  created_at: number;
  updated_at: number;
}): Consent {
  return {
    userId: row.user_id,
    appId: row.app_id,
    orgId: row.org_id,
    scope: fromJson<GrantScope>(row.scope),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
