import { ApiError } from '../../core/errors.js';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import { type Executor, fromJson, isUniqueViolation, toJson } from '../../storage/db.js';
import { readPage } from '../../storage/paging.js';
import type { ServicesTable } from '../../storage/schema.js';

export interface Permission {
  /** `<serviceId>:<name>`, e.g. `billing:read`. */
  id: string;
  description: string;
}

export interface ServiceRole {
  /** The role's own name; it is referred to as `<serviceId>:<name>`. */
  name: string;
  description: string;
  /** Permission ids this role grants. */
  permissions: string[];
}

/** A protected API registered by the platform operator. */
export interface Service {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  roles: ServiceRole[];
  /** Its resource URI (RFC 8707): the audience of access tokens requested for it; null when it has none. */
  resource: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ServiceStore {
  insert(service: Service): Promise<void>;
  findById(id: string): Promise<Service | undefined>;
  findByIds(ids: readonly string[]): Promise<Service[]>;
  list(page: PageRequest): Promise<PageResult<Service>>;
  /** Replaces its name, description, permissions and roles (the id, resource and creation time stay). */
  update(service: Service): Promise<void>;
  /**
   * For each of `roles` (`<serviceId>:<role>`, of one service), how many memberships and app grants hold it;
   * roles nobody holds are left out.
   */
  roleHolders(serviceId: string, roles: readonly string[]): Promise<RoleHolders[]>;
}

export interface RoleHolders {
  role: string;
  members: number;
  apps: number;
}

export function createServiceStore(db: Executor): ServiceStore {
  return {
    async insert(service) {
      try {
        await db
          .insertInto('services')
          .values({
            id: service.id,
            name: service.name,
            description: service.description,
            permissions: toJson(service.permissions),
            roles: toJson(service.roles),
            resource: service.resource,
            created_at: service.createdAt,
            updated_at: service.updatedAt,
          })
          .execute();
      } catch (error) {
        if (
          isUniqueViolation(error) &&
          service.resource !== null &&
          /resource/.test(describeViolation(error))
        ) {
          throw new ApiError(
            'service.resource_taken',
            `another service already has the resource URI ${service.resource}; each resource names one service`,
          );
        }
        if (isUniqueViolation(error))
          throw new ApiError('service.exists', `a service with id "${service.id}" exists`);
        throw error;
      }
    },

    async findById(id) {
      const row = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toService(row);
    },

    async findByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('services')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(toService);
    },

    list(page) {
      return readPage(db.selectFrom('services'), (base) => base.selectAll().orderBy('id'), page, toService);
    },

    async update(service) {
      await db
        .updateTable('services')
        .set({
          name: service.name,
          description: service.description,
          permissions: toJson(service.permissions),
          roles: toJson(service.roles),
          updated_at: service.updatedAt,
        })
        .where('id', '=', service.id)
        .execute();
    },

    async roleHolders(serviceId, roles) {
      if (roles.length === 0) return [];
      // The roles are JSON text: narrow with LIKE on the service's prefix (no LIKE wildcard in a service id),
      // then count exact matches here.
      const prefix = `%"${serviceId}:%`;
      const [members, apps] = await Promise.all([
        db.selectFrom('memberships').select('service_roles').where('service_roles', 'like', prefix).execute(),
        db.selectFrom('app_grants').select('service_roles').where('service_roles', 'like', prefix).execute(),
      ]);
      const count = (rows: { service_roles: string }[], role: string) =>
        rows.filter((row) => fromJson<string[]>(row.service_roles).includes(role)).length;
      return roles
        .map((role) => ({ role, members: count(members, role), apps: count(apps, role) }))
        .filter((holders) => holders.members > 0 || holders.apps > 0);
    },
  };
}

function toService(row: ServicesTable): Service {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: fromJson<Permission[]>(row.permissions),
    roles: fromJson<ServiceRole[]>(row.roles),
    resource: row.resource,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The constraint a unique violation names: PostgreSQL's constraint, SQLite's "UNIQUE constraint failed: t.c". */
function describeViolation(error: unknown): string {
  const { constraint, message } = error as { constraint?: string; message?: string };
  return `${constraint ?? ''} ${message ?? ''}`;
}
