import type { PageRequest, PageResult } from '../core/pagination.js';
import type { OrgRole } from '../core/roles.js';
import { type Executor, fromJson, toJson } from '../storage/db.js';
import { readPage } from '../storage/paging.js';
import type { AppGrantsTable } from '../storage/schema.js';

/** A server app added to an org, and its roles (docs/oauth-apps.md#adding-a-server-app-to-an-organization) */
export interface AppGrant {
  appId: string;
  orgId: string;
  orgRoles: OrgRole[];
  serviceRoles: string[];
  createdAt: number;
  createdBy: string;
}

/** A grant with the app's public description and its owning org, for the org's list of role-assigned apps. */
export interface AppGrantWithApp extends AppGrant {
  appName: string;
  appDescription: string;
  appOwnerOrgId: string;
}

export interface AppGrantStore {
  /** Inserts or replaces the grant of `appId` in `orgId`; true when it is new. */
  put(grant: AppGrant): Promise<boolean>;
  find(appId: string, orgId: string): Promise<AppGrant | undefined>;
  listByOrg(orgId: string, page: PageRequest): Promise<PageResult<AppGrantWithApp>>;
  delete(appId: string, orgId: string): Promise<boolean>;
}

export function createAppGrantStore(db: Executor): AppGrantStore {
  return {
    async put(grant) {
      const existing = await this.find(grant.appId, grant.orgId);
      const values = {
        org_roles: toJson(grant.orgRoles),
        service_roles: toJson(grant.serviceRoles),
        created_at: grant.createdAt,
        created_by: grant.createdBy,
      };
      await db
        .insertInto('app_grants')
        .values({ app_id: grant.appId, org_id: grant.orgId, ...values })
        .onConflict((oc) => oc.columns(['app_id', 'org_id']).doUpdateSet(values))
        .execute();
      return existing === undefined;
    },

    async find(appId, orgId) {
      const row = await db
        .selectFrom('app_grants')
        .selectAll()
        .where('app_id', '=', appId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return row && toGrant(row);
    },

    async listByOrg(orgId, page) {
      const base = db
        .selectFrom('app_grants as g')
        .innerJoin('oauth_apps as a', 'a.id', 'g.app_id')
        .where('g.org_id', '=', orgId);
      return readPage(
        base,
        (query) =>
          query
            .selectAll('g')
            .select(['a.name', 'a.description', 'a.owner_org_id'])
            .orderBy('g.created_at', 'desc')
            .orderBy('g.app_id'),
        page,
        (row) => ({
          ...toGrant(row),
          appName: row.name,
          appDescription: row.description,
          appOwnerOrgId: row.owner_org_id,
        }),
      );
    },

    async delete(appId, orgId) {
      const result = await db
        .deleteFrom('app_grants')
        .where('app_id', '=', appId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

function toGrant(row: AppGrantsTable): AppGrant {
  return {
    appId: row.app_id,
    orgId: row.org_id,
    orgRoles: fromJson<OrgRole[]>(row.org_roles),
    serviceRoles: fromJson<string[]>(row.service_roles),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
