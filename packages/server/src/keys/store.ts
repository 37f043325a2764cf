import type { Executor } from '../storage/db.js';
import { fromJson, toJson } from '../storage/db.js';
import type { SigningKeysTable } from '../storage/schema.js';

export interface StoredSigningKey {
  kid: string;
  alg: string;
  /** Sealed PKCS#8 PEM; only keys/ opens it. */
  privateEnc: string;
  publicJwk: Record<string, unknown>;
  createdAt: number;
  /** When it stopped signing; null for the active key. */
  retiredAt: number | null;
}

export interface SigningKeyStore {
  insert(key: StoredSigningKey): Promise<void>;
  /** Every key, newest first. */
  list(): Promise<StoredSigningKey[]>;
  /** Keys still worth publishing: the active one and those retired after `since`, newest first. */
  listPublished(since: number): Promise<StoredSigningKey[]>;
  /** Retires every active key except `exceptKid`. */
  retireOthers(exceptKid: string, at: number): Promise<void>;
  deleteRetiredBefore(at: number): Promise<number>;
}

export function createSigningKeyStore(db: Executor): SigningKeyStore {
  return {
    async insert(key) {
      await db
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          alg: key.alg,
          private_enc: key.privateEnc,
          public_jwk: toJson(key.publicJwk),
          created_at: key.createdAt,
          retired_at: key.retiredAt,
        })
        .execute();
    },

    async list() {
      const rows = await db
        .selectFrom('signing_keys')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('kid')
        .execute();
      return rows.map(toKey);
    },

    async listPublished(since) {
      const rows = await db
        .selectFrom('signing_keys')
        .selectAll()
        .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', since)]))
        .orderBy('created_at', 'desc')
        .orderBy('kid')
        .execute();
      return rows.map(toKey);
    },

    async retireOthers(exceptKid, at) {
      await db
        .updateTable('signing_keys')
        .set({ retired_at: at })
        .where('retired_at', 'is', null)
        .where('kid', '!=', exceptKid)
        .execute();
    },

    async deleteRetiredBefore(at) {
      const result = await db.deleteFrom('signing_keys').where('retired_at', '<', at).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toKey(row: SigningKeysTable): StoredSigningKey {
  return {
    kid: row.kid,
    alg: row.alg,
    privateEnc: row.private_enc,
    publicJwk: fromJson<Record<string, unknown>>(row.public_jwk),
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}
