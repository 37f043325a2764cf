import type { Selectable } from 'kysely';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { OrgRole } from '../../core/roles.js';
import { type Dialect, type Executor, fromJson } from '../../storage/db.js';
import { readPage } from '../../storage/paging.js';
import type { OrgsTable } from '../../storage/schema.js';

export interface Org {
  id: string;
  name: string;
  displayName: string;
  createdAt: number;
  updatedAt: number;
  /** Every member must sign in with a second factor; one without is asked to add one. */
  requireMfa: boolean;
}

/** An organization as one of its members sees it in a list. */
export interface OrgWithRoles extends Org {
  orgRoles: OrgRole[];
  serviceRoles: string[];
}

export interface OrgStore {
  insert(org: Org): Promise<void>;
  findById(id: string): Promise<Org | undefined>;
  update(
    id: string,
    changes: { name?: string; displayName?: string; requireMfa?: boolean },
    now: number,
  ): Promise<void>;
  listForUser(userId: string, page: PageRequest): Promise<PageResult<OrgWithRoles>>;
  /** The orgs a server-to-server app was added to, with the roles each gave it. */
  listForApp(appId: string, page: PageRequest): Promise<PageResult<OrgWithRoles>>;
  /**
   * Takes the org's row lock until the transaction ends, so concurrent membership changes of one org run one
   * after another (the last-owner rule depends on it). SQLite already runs one transaction at a time.
   */
  lock(id: string): Promise<void>;
}

export function createOrgStore(db: Executor, dialect: Dialect): OrgStore {
  return {
    async insert(org) {
      await db
        .insertInto('orgs')
        .values({
          id: org.id,
          name: org.name,
          display_name: org.displayName,
          created_at: org.createdAt,
          updated_at: org.updatedAt,
          require_mfa: org.requireMfa ? 1 : 0,
        })
        .execute();
    },

    async findById(id) {
      const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrg(row);
    },

    async update(id, changes, now) {
      await db
        .updateTable('orgs')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
          ...(changes.requireMfa !== undefined ? { require_mfa: changes.requireMfa ? 1 : 0 } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    },

    async listForUser(userId, page) {
      const base = db
        .selectFrom('memberships as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .where('m.user_id', '=', userId);
      return readPage(
        base,
        (query) =>
          query.selectAll('o').select(['m.org_roles', 'm.service_roles']).orderBy('o.name').orderBy('o.id'),
        page,
        toOrgWithRoles,
      );
    },

    async listForApp(appId, page) {
      const base = db
        .selectFrom('app_grants as g')
        .innerJoin('orgs as o', 'o.id', 'g.org_id')
        .where('g.app_id', '=', appId);
      return readPage(
        base,
        (query) =>
          query.selectAll('o').select(['g.org_roles', 'g.service_roles']).orderBy('o.name').orderBy('o.id'),
        page,
        toOrgWithRoles,
      );
    },

    async lock(id) {
      if (dialect === 'postgres')
        await db.selectFrom('orgs').select('id').where('id', '=', id).forUpdate().execute();
    },
  };
}

function toOrgWithRoles(
  row: Selectable<OrgsTable> & { org_roles: string; service_roles: string },
): OrgWithRoles {
  return {
    ...toOrg(row),
    orgRoles: fromJson<OrgRole[]>(row.org_roles),
    serviceRoles: fromJson<string[]>(row.service_roles),
  };
}

function toOrg(row: Selectable<OrgsTable>): Org {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    requireMfa: row.require_mfa === 1,
  };
}
