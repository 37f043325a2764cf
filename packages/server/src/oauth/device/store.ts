import { type Executor, fromJson, isUniqueViolation, toJson } from '../../storage/db.js';
import type { DeviceAuthorizationsTable } from '../../storage/schema.js';
import type { GrantScope } from '../store.js';

/** The user's answer to a device authorization, once given. */
export type DeviceDecision = 'approved' | 'denied';

/**
 * A device authorization (RFC 8628 §3.1–3.5): what the device asked for, its polling state, and, once the user
 * answered on the verification page, the answer, who gave it, in which org, and the grant it opened.
 */
export interface DeviceAuthorization {
  id: string;
  deviceCodeHash: string;
  userCodeHash: string;
  appId: string;
  scope: GrantScope;
  createdAt: number;
  expiresAt: number;
  intervalSeconds: number;
  lastPolledAt: number | null;
  decision: DeviceDecision | null;
  decidedAt: number | null;
  userId: string | null;
  orgId: string | null;
  familyId: string | null;
  redeemedAt: number | null;
}

export interface DeviceAuthorizationStore {
  /** Stores a new authorization; false when its user code is already taken (the caller draws another). */
  insert(authorization: DeviceAuthorization): Promise<boolean>;
  findByDeviceCode(deviceCodeHash: string): Promise<DeviceAuthorization | undefined>;
  findByUserCode(userCodeHash: string): Promise<DeviceAuthorization | undefined>;
  /** Remembers when the device last polled, and the interval it must keep from now on. */
  recordPoll(id: string, at: number, intervalSeconds: number): Promise<void>;
  /**
   * Records the user's answer, if none was given yet and the authorization has not expired at `at`; false
   * otherwise (answered in another tab, or too late).
   */
  decide(
    id: string,
    answer: {
      decision: DeviceDecision;
      at: number;
      userId: string;
      orgId: string;
      familyId: string | null;
    },
  ): Promise<boolean>;
  /** Marks an approved authorization redeemed for tokens; false when it already was (a replay). */
  redeem(id: string, at: number): Promise<boolean>;
  /** Removes authorizations that expired before `before`. */
  deleteExpired(before: number): Promise<number>;
}

export function createDeviceAuthorizationStore(db: Executor): DeviceAuthorizationStore {
  return {
    async insert(authorization) {
      try {
        await db.insertInto('device_authorizations').values(toRow(authorization)).execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async findByDeviceCode(deviceCodeHash) {
      const row = await db
        .selectFrom('device_authorizations')
        .selectAll()
        .where('device_code_hash', '=', deviceCodeHash)
        .executeTakeFirst();
      return row && toAuthorization(row);
    },

    async findByUserCode(userCodeHash) {
      const row = await db
        .selectFrom('device_authorizations')
        .selectAll()
        .where('user_code_hash', '=', userCodeHash)
        .executeTakeFirst();
      return row && toAuthorization(row);
    },

    async recordPoll(id, at, intervalSeconds) {
      await db
        .updateTable('device_authorizations')
        .set({ last_polled_at: at, interval_seconds: intervalSeconds })
        .where('id', '=', id)
        .execute();
    },

    async decide(id, answer) {
      const result = await db
        .updateTable('device_authorizations')
        .set({
          decision: answer.decision,
          decided_at: answer.at,
          user_id: answer.userId,
          org_id: answer.orgId,
          family_id: answer.familyId,
        })
        .where('id', '=', id)
        .where('decision', 'is', null)
        .where('expires_at', '>', answer.at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async redeem(id, at) {
      const result = await db
        .updateTable('device_authorizations')
        .set({ redeemed_at: at })
        .where('id', '=', id)
        .where('decision', '=', 'approved')
        .where('redeemed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteExpired(before) {
      const result = await db
        .deleteFrom('device_authorizations')
        .where('expires_at', '<=', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRow(authorization: DeviceAuthorization): DeviceAuthorizationsTable {
  return {
    id: authorization.id,
    device_code_hash: authorization.deviceCodeHash,
    user_code_hash: authorization.userCodeHash,
    app_id: authorization.appId,
    scope: toJson(authorization.scope),
    created_at: authorization.createdAt,
    expires_at: authorization.expiresAt,
    interval_seconds: authorization.intervalSeconds,
    last_polled_at: authorization.lastPolledAt,
    decision: authorization.decision,
    decided_at: authorization.decidedAt,
    user_id: authorization.userId,
    org_id: authorization.orgId,
    family_id: authorization.familyId,
    redeemed_at: authorization.redeemedAt,
  };
}

function toAuthorization(row: DeviceAuthorizationsTable): DeviceAuthorization {
  return {
    id: row.id,
    deviceCodeHash: row.device_code_hash,
    userCodeHash: row.user_code_hash,
    appId: row.app_id,
    scope: fromJson<GrantScope>(row.scope),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    intervalSeconds: row.interval_seconds,
    lastPolledAt: row.last_polled_at,
    decision: row.decision as DeviceDecision | null,
    decidedAt: row.decided_at,
    userId: row.user_id,
    orgId: row.org_id,
    familyId: row.family_id,
    redeemedAt: row.redeemed_at,
  };
}
