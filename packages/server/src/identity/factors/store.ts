import type { Selectable } from 'kysely';
import { type Executor, fromJson, toJson } from '../../storage/db.js';
import type { UserFactorsTable } from '../../storage/schema.js';

export type FactorKind = 'totp' | 'passkey';

/** A second factor of one user: a TOTP authenticator or a WebAuthn passkey. */
export interface Factor {
  id: string;
  userId: string;
  kind: FactorKind;
  name: string;
  /** TOTP: the shared secret, sealed with the server key. */
  secretEnc: string | null;
  /** TOTP: the last time step a code was accepted for. */
  lastStep: number | null;
  /** Passkey: credential id, base64url. */
  credentialId: string | null;
  /** Passkey: COSE public key, base64url. */
  publicKey: string | null;
  signCount: number | null;
  transports: string[];
  /** Passkey: 'hwk' for a device-bound key, 'swk' for a synced one (RFC 8176). */
  amr: 'hwk' | 'swk' | null;
  /** Null while a TOTP enrolment awaits its first code. */
  confirmedAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface FactorStore {
  insert(factor: Factor): Promise<void>;
  findById(userId: string, id: string): Promise<Factor | undefined>;
  findByCredentialId(credentialId: string): Promise<Factor | undefined>;
  /** The user's factors, oldest first; with `confirmedOnly`, the ones that can sign in. */
  listForUser(userId: string, options?: { confirmedOnly?: boolean }): Promise<Factor[]>;
  confirm(userId: string, id: string, now: number): Promise<boolean>;
  /**
   * Records a TOTP code of time step `step` as used, unless a code of this step or a later one already was:
   * one atomic update, so two nodes given the same code accept it once (RFC 6238 §5.2).
   */
  useTotpStep(id: string, step: number, now: number): Promise<boolean>;
  /** Records a passkey assertion and its new signature counter. */
  usePasskey(id: string, signCount: number, now: number): Promise<void>;
  delete(userId: string, id: string): Promise<boolean>;
  /** Drops TOTP enrolments never confirmed and created before `before`. */
  deleteUnconfirmed(userId: string, before: number): Promise<number>;

  /** Replaces the user's recovery codes with these hashes. */
  replaceRecoveryCodes(userId: string, codeHashes: readonly string[], now: number): Promise<void>;
  /** Marks one unused code as used; false when it is unknown or was used before. */
  useRecoveryCode(userId: string, codeHash: string, now: number): Promise<boolean>;
  countRecoveryCodes(userId: string): Promise<{ total: number; unused: number }>;
  deleteRecoveryCodes(userId: string): Promise<void>;

  /** A WebAuthn challenge handed out; answered once. */
  insertChallenge(challenge: {
    challengeHash: string;
    purpose: ChallengePurpose;
    userId: string | null;
    expiresAt: number;
  }): Promise<void>;
  /** Deletes the challenge and says whether it was live, for this purpose and user. */
  takeChallenge(
    challengeHash: string,
    purpose: ChallengePurpose,
    userId: string | null,
    now: number,
  ): Promise<boolean>;
  deleteExpiredChallenges(now: number): Promise<number>;
}

/** register: adding a passkey; authenticate: a second factor or step-up; sign-in: passkey-only sign-in. */
export type ChallengePurpose = 'register' | 'authenticate' | 'sign-in';

export function createFactorStore(db: Executor): FactorStore {
  return {
    async insert(factor) {
      await db
        .insertInto('user_factors')
        .values({
          id: factor.id,
          user_id: factor.userId,
          kind: factor.kind,
          name: factor.name,
          secret_enc: factor.secretEnc,
          last_step: factor.lastStep,
          credential_id: factor.credentialId,
          public_key: factor.publicKey,
          sign_count: factor.signCount,
          transports: factor.kind === 'passkey' ? toJson(factor.transports) : null,
          amr: factor.amr,
          confirmed_at: factor.confirmedAt,
          created_at: factor.createdAt,
          last_used_at: factor.lastUsedAt,
        })
        .execute();
    },

    async findById(userId, id) {
      const row = await db
        .selectFrom('user_factors')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toFactor(row);
    },

    async findByCredentialId(credentialId) {
      const row = await db
        .selectFrom('user_factors')
        .selectAll()
        .where('credential_id', '=', credentialId)
        .executeTakeFirst();
      return row && toFactor(row);
    },

    async listForUser(userId, options = {}) {
      let query = db.selectFrom('user_factors').selectAll().where('user_id', '=', userId);
      if (options.confirmedOnly) query = query.where('confirmed_at', 'is not', null);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toFactor);
    },

    async confirm(userId, id, now) {
      const result = await db
        .updateTable('user_factors')
        .set({ confirmed_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async useTotpStep(id, step, now) {
      const result = await db
        .updateTable('user_factors')
        .set({ last_step: step, last_used_at: now })
        .where('id', '=', id)
        .where('kind', '=', 'totp')
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async usePasskey(id, signCount, now) {
      await db
        .updateTable('user_factors')
        .set({ sign_count: signCount, last_used_at: now })
        .where('id', '=', id)
        .execute();
    },

    async delete(userId, id) {
      const result = await db
        .deleteFrom('user_factors')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async deleteUnconfirmed(userId, before) {
      const result = await db
        .deleteFrom('user_factors')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async replaceRecoveryCodes(userId, codeHashes, now) {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (codeHashes.length === 0) return;
      await db
        .insertInto('recovery_codes')
        .values(
          codeHashes.map((hash) => ({ code_hash: hash, user_id: userId, created_at: now, used_at: null })),
        )
        .execute();
    },

    async useRecoveryCode(userId, codeHash, now) {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async countRecoveryCodes(userId) {
      const rows = await db
        .selectFrom('recovery_codes')
        .select('used_at')
        .where('user_id', '=', userId)
        .execute();
      return { total: rows.length, unused: rows.filter((row) => row.used_at === null).length };
    },

    async deleteRecoveryCodes(userId) {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    },

    async insertChallenge(challenge) {
      await db
        .insertInto('webauthn_challenges')
        .values({
          challenge_hash: challenge.challengeHash,
          purpose: challenge.purpose,
          user_id: challenge.userId,
          expires_at: challenge.expiresAt,
        })
        .execute();
    },

    async takeChallenge(challengeHash, purpose, userId, now) {
      const result = await db
        .deleteFrom('webauthn_challenges')
        .where('challenge_hash', '=', challengeHash)
        .where('purpose', '=', purpose)
        .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async deleteExpiredChallenges(now) {
      const result = await db
        .deleteFrom('webauthn_challenges')
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toFactor(row: Selectable<UserFactorsTable>): Factor {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as FactorKind,
    name: row.name,
    secretEnc: row.secret_enc,
    lastStep: row.last_step === null ? null : Number(row.last_step),
    credentialId: row.credential_id,
    publicKey: row.public_key,
    signCount: row.sign_count === null ? null : Number(row.sign_count),
    transports: row.transports ? fromJson<string[]>(row.transports) : [],
    amr: row.amr as Factor['amr'],
    confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}
