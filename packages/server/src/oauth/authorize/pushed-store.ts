import { type Executor, fromJson, toJson } from '../../storage/db.js';
import type { AuthorizationRequest } from '../store.js';

/** An authorization request a client pushed (RFC 9126 §2), waiting for the browser to bring its request_uri. */
export interface PushedRequest {
  requestUriHash: string;
  appId: string;
  request: AuthorizationRequest;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface PushedRequestStore {
  insert(pushed: PushedRequest): Promise<void>;
  find(requestUriHash: string): Promise<PushedRequest | undefined>;
  /** Marks it used; false when it already was (a request_uri is good for one authorization). */
  use(requestUriHash: string, at: number): Promise<boolean>;
  /** Removes requests that expired before `before`. */
  deleteExpired(before: number): Promise<number>;
}

export function createPushedRequestStore(db: Executor): PushedRequestStore {
  return {
    async insert(pushed) {
      await db
        .insertInto('pushed_authorization_requests')
        .values({
          request_uri_hash: pushed.requestUriHash,
          app_id: pushed.appId,
          request: toJson(pushed.request),
          created_at: pushed.createdAt,
          expires_at: pushed.expiresAt,
          used_at: pushed.usedAt,
        })
        .execute();
    },

    async find(requestUriHash) {
      const row = await db
        .selectFrom('pushed_authorization_requests')
        .selectAll()
        .where('request_uri_hash', '=', requestUriHash)
        .executeTakeFirst();
      return (
        row && {
          requestUriHash: row.request_uri_hash,
          appId: row.app_id,
          request: fromJson<AuthorizationRequest>(row.request),
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
        }
      );
    },

    async use(requestUriHash, at) {
      const result = await db
        .updateTable('pushed_authorization_requests')
        .set({ used_at: at })
        .where('request_uri_hash', '=', requestUriHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteExpired(before) {
      const result = await db
        .deleteFrom('pushed_authorization_requests')
        .where('expires_at', '<=', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
