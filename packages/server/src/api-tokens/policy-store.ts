import type { Executor } from '../storage/db.js';

/** An organization's API-token governance (CSP's Max Token TTL and Idle Token TTL). null: no limit. */
export interface OrgPolicy {
  orgId: string;
  apiTokenMaxTtlSeconds: number | null;
  apiTokenIdleTtlSeconds: number | null;
  updatedAt: number;
}

export interface OrgPolicyStore {
  find(orgId: string): Promise<OrgPolicy | undefined>;
  put(policy: OrgPolicy): Promise<void>;
}

export function createOrgPolicyStore(db: Executor): OrgPolicyStore {
  return {
    async find(orgId) {
      const row = await db
        .selectFrom('org_policies')
        .selectAll()
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return (
        row && {
          orgId: row.org_id,
          apiTokenMaxTtlSeconds: row.api_token_max_ttl_seconds,
          apiTokenIdleTtlSeconds: row.api_token_idle_ttl_seconds,
          updatedAt: row.updated_at,
        }
      );
    },

    async put(policy) {
      const values = {
        api_token_max_ttl_seconds: policy.apiTokenMaxTtlSeconds,
        api_token_idle_ttl_seconds: policy.apiTokenIdleTtlSeconds,
        updated_at: policy.updatedAt,
      };
      await db
        .insertInto('org_policies')
        .values({ org_id: policy.orgId, ...values })
        .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
        .execute();
    },
  };
}
