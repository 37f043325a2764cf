import type { Executor } from '../storage/db.js';

/** The address each OAuth client last authenticated from, so a lockout never refuses it its correct secret. */
export interface ClientOriginStore {
  record(clientId: string, address: string, at: number): Promise<void>;
  lastAddress(clientId: string): Promise<string | undefined>;
}

export function createClientOriginStore(db: Executor): ClientOriginStore {
  return {
    async record(clientId, address, at) {
      await db
        .insertInto('client_auth_origins')
        .values({ client_id: clientId, address, at })
        .onConflict((oc) => oc.column('client_id').doUpdateSet({ address, at }))
        .execute();
    },

    async lastAddress(clientId) {
      const row = await db
        .selectFrom('client_auth_origins')
        .select('address')
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row?.address;
    },
  };
}
