import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { OrgRole } from '../../core/roles.js';
import { type Executor, fromJson, toJson } from '../../storage/db.js';
import { readPage } from '../../storage/paging.js';
import type { MembershipsTable } from '../../storage/schema.js';

export interface Membership {
  orgId: string;
  userId: string;
  orgRoles: OrgRole[];
  /** `<serviceId>:<role>` */
  serviceRoles: string[];
  createdAt: number;
  updatedAt: number;
}

/** A membership with the member's public profile, for member lists. */
export interface Member extends Membership {
  email: string;
  name: string;
  disabled: boolean;
}

export interface MemberStore {
  insert(membership: Membership): Promise<void>;
  find(orgId: string, userId: string): Promise<Membership | undefined>;
  updateRoles(
    orgId: string,
    userId: string,
    roles: Pick<Membership, 'orgRoles' | 'serviceRoles'>,
    now: number,
  ): Promise<void>;
  delete(orgId: string, userId: string): Promise<void>;
  listByOrg(orgId: string, page: PageRequest): Promise<PageResult<Member>>;
  countOwners(orgId: string): Promise<number>;
  /** How many orgs this user is an owner of. */
  countOwnedBy(userId: string): Promise<number>;
}

// Roles are a JSON array of known names, so a quoted name can only match that exact role.
const OWNER_PATTERN = '%"org_owner"%';

export function createMemberStore(db: Executor): MemberStore {
  return {
    async insert(membership) {
      await db
        .insertInto('memberships')
        .values({
          org_id: membership.orgId,
          user_id: membership.userId,
          org_roles: toJson(membership.orgRoles),
          service_roles: toJson(membership.serviceRoles),
          created_at: membership.createdAt,
          updated_at: membership.updatedAt,
        })
        .execute();
    },

    async find(orgId, userId) {
      const row = await db
        .selectFrom('memberships')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toMembership(row);
    },

    async updateRoles(orgId, userId, roles, now) {
      await db
        .updateTable('memberships')
        .set({
          org_roles: toJson(roles.orgRoles),
          service_roles: toJson(roles.serviceRoles),
          updated_at: now,
        })
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .execute();
    },

    async delete(orgId, userId) {
      await db.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    },

    async listByOrg(orgId, page) {
      // Every membership has its user (a foreign key), so the join counts what the memberships alone would.
      const base = db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .where('m.org_id', '=', orgId);
      return readPage(
        base,
        (query) => query.selectAll('m').select(['u.email', 'u.name', 'u.disabled_at']).orderBy('u.email'),
        page,
        (row) => ({
          ...toMembership(row),
          email: row.email,
          name: row.name,
          disabled: row.disabled_at !== null,
        }),
      );
    },

    async countOwners(orgId) {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .where('org_roles', 'like', OWNER_PATTERN)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async countOwnedBy(userId) {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('org_roles', 'like', OWNER_PATTERN)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toMembership(row: MembershipsTable): Membership {
  return {
    orgId: row.org_id,
    userId: row.user_id,
    orgRoles: fromJson<OrgRole[]>(row.org_roles),
    serviceRoles: fromJson<string[]>(row.service_roles),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
