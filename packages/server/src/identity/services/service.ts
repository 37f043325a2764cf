import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorizePlatform } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import type { PageRequest, PageResult } from '../../core/pagination.js';
import type { Caller } from '../../core/principal.js';
import type { InvalidationBus } from '../../storage/invalidation.js';
import type { Transactional } from '../../storage/transactional.js';
import { TOPICS } from '../directory.js';
import type { Permission, Service, ServiceRole, ServiceStore } from './store.js';

/** The stores ServiceCatalog reads and writes. */
export interface ServiceCatalogStores {
  services: ServiceStore;
  audit: AuditStore;
}

export interface NewService {
  id: string;
  name: string;
  description?: string | undefined;
  /** Permissions not used by any role may be listed here; those used by roles are added automatically. */
  permissions?: { id: string; description?: string | undefined }[] | undefined;
  roles?: { name: string; description?: string | undefined; permissions: string[] }[] | undefined;
  /** Its resource URI (RFC 8707), e.g. `https://billing.example.com/`: absolute, without a fragment, unique. */
  resource?: string | undefined;
}

/** An edit of a service: each field given replaces the current one (lists replace whole lists). */
export interface ServiceChanges {
  name?: string | undefined;
  description?: string | undefined;
  /** Permissions used by no role; those used by roles are kept or added automatically. */
  permissions?: { id: string; description?: string | undefined }[] | undefined;
  roles?: { name: string; description?: string | undefined; permissions: string[] }[] | undefined;
}

export class ServiceCatalog {
  constructor(
    private readonly deps: {
      storage: Transactional<ServiceCatalogStores>;
      clock: Clock;
      bus: InvalidationBus;
    },
  ) {}

  /** Registers a protected API with its permissions and roles (platform operators). */
  async create(caller: Caller, input: NewService): Promise<Service> {
    authorizePlatform(caller, 'platform_operator');
    const now = this.deps.clock.now();
    const service: Service = { ...buildCatalogEntry(input), createdAt: now, updatedAt: now };
    await this.deps.storage.transaction(async (stores) => {
      await stores.services.insert(service);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'service.created',
          target: { kind: 'service', id: service.id },
          details: {
            roles: service.roles.map((role) => role.name),
            permissions: service.permissions.map((p) => p.id),
            resource: service.resource,
          },
        }),
      ]);
    });
    await this.deps.bus.publish(TOPICS.services, service.id);
    return service;
  }

  /**
   * Edits a service's name, description, permissions and roles (platform operators). A role members or apps
   * still hold cannot be left out (service.role_in_use): what they hold would name a role that no longer
   * exists. Changing a role's permissions changes what its holders may do from their next token on.
   */
  async update(caller: Caller, id: string, changes: ServiceChanges): Promise<Service> {
    authorizePlatform(caller, 'platform_operator');
    const updated = await this.deps.storage.transaction(async (stores) => {
      const current = await stores.services.findById(id);
      if (!current) throw serviceNotFound(id);
      const entry = buildCatalogEntry({
        id,
        name: changes.name ?? current.name,
        description: changes.description ?? current.description,
        permissions: changes.permissions ?? current.permissions,
        roles: changes.roles ?? current.roles,
      });
      const kept = new Set(entry.roles.map((role) => role.name));
      const removed = current.roles
        .filter((role) => !kept.has(role.name))
        .map((role) => `${id}:${role.name}`);
      const holders = await stores.services.roleHolders(id, removed);
      if (holders.length > 0) {
        throw new ApiError(
          'service.role_in_use',
          `a role left out is still held: ${holders.map((h) => `${h.role} by ${h.members} member(s) and ${h.apps} app(s)`).join('; ')}; ` +
            'take it from them first (PUT /api/v1/orgs/{orgId}/members/{userId}, …/app-grants), then edit the service',
          { holders },
        );
      }
      const now = this.deps.clock.now();
      const service: Service = {
        ...entry,
        resource: current.resource,
        createdAt: current.createdAt,
        updatedAt: now,
      };
      await stores.services.update(service);
      const added = entry.roles.filter((role) => !current.roles.some((r) => r.name === role.name));
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'service.updated',
          target: { kind: 'service', id },
          details: {
            fields: Object.keys(changes).filter((key) => changes[key as keyof ServiceChanges] !== undefined),
            rolesAdded: added.map((role) => role.name),
            rolesRemoved: removed,
          },
        }),
      ]);
      return service;
    });
    await this.deps.bus.publish(TOPICS.services, id);
    return updated;
  }

  /** Any signed-in caller may read the catalogue: it is what roles can be granted. */
  async get(_caller: Caller, id: string): Promise<Service> {
    const service = await this.deps.storage.stores.services.findById(id);
    if (!service) throw serviceNotFound(id);
    return service;
  }

  async list(_caller: Caller, page: PageRequest): Promise<PageResult<Service>> {
    return this.deps.storage.stores.services.list(page);
  }
}

function serviceNotFound(id: string): ApiError {
  return new ApiError('service.not_found', `no service "${id}"; GET /api/v1/services lists them`);
}

/** Validates the shape of a new service and qualifies its permission ids. */
function buildCatalogEntry(input: NewService): Omit<Service, 'createdAt' | 'updatedAt'> {
  const qualify = (permission: string): string => {
    const [prefix, name] = permission.includes(':') ? permission.split(':', 2) : [input.id, permission];
    if (prefix !== input.id || !name) {
      throw new ApiError(
        'service.invalid',
        `permission "${permission}" must be written "${input.id}:<name>" (or just "<name>") in service ${input.id}`,
      );
    }
    return `${input.id}:${name}`;
  };
  const permissions = new Map<string, Permission>();
  for (const permission of input.permissions ?? []) {
    const id = qualify(permission.id);
    permissions.set(id, { id, description: permission.description ?? '' });
  }
  const roles: ServiceRole[] = [];
  for (const role of input.roles ?? []) {
    if (roles.some((existing) => existing.name === role.name)) {
      throw new ApiError('service.invalid', `role "${role.name}" is listed twice`);
    }
    const rolePermissions = [...new Set(role.permissions.map(qualify))].sort();
    for (const id of rolePermissions) if (!permissions.has(id)) permissions.set(id, { id, description: '' });
    roles.push({ name: role.name, description: role.description ?? '', permissions: rolePermissions });
  }
  return {
    id: input.id,
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    permissions: [...permissions.values()].sort((a, b) => a.id.localeCompare(b.id)),
    roles,
    resource: input.resource === undefined ? null : checkResourceUri(input.resource),
  };
}

/**
 * RFC 8707 §2: a resource indicator is an absolute URI without a fragment. It is kept as written and compared
 * exactly, because it is what clients send and what the resource server checks `aud` against.
 */
export function checkResourceUri(value: string): string {
  const problem = resourceUriProblem(value);
  if (problem)
    throw new ApiError('service.invalid', `resource ${JSON.stringify(value.slice(0, 80))} ${problem}`);
  return value;
}

/** Why `value` cannot be a resource indicator, or undefined when it can. */
export function resourceUriProblem(value: string): string | undefined {
  if (value.length > 2048) return 'is longer than 2048 characters';
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    return 'must be an absolute URI with a scheme, such as https://billing.example.com/';
  }
  if (/[\s"<>\\^`{|}]/.test(value)) return 'must not contain spaces or characters a URI cannot hold';
  if (!URL.canParse(value)) return 'is not a valid absolute URI';
  if (value.includes('#')) return 'must not contain a fragment (#…)';
  return undefined;
}

/** Splits `<serviceId>:<role>`; undefined when the text is not of that form. */
export function parseServiceRole(text: string): { serviceId: string; role: string } | undefined {
  const match = /^([a-z][a-z0-9-]{0,62}):([A-Za-z0-9_.-]{1,64})$/.exec(text);
  return match ? { serviceId: match[1] as string, role: match[2] as string } : undefined;
}

/** Throws role.unknown naming every service role in `roles` that no registered service defines. */
export async function assertServiceRolesExist(
  stores: Pick<ServiceCatalogStores, 'services'>,
  roles: readonly string[],
): Promise<void> {
  if (roles.length === 0) return;
  const parsed = roles.map((text) => ({ text, parsed: parseServiceRole(text) }));
  const services = await stores.services.findByIds([
    ...new Set(parsed.flatMap((entry) => (entry.parsed ? [entry.parsed.serviceId] : []))),
  ]);
  const unknown = parsed
    .filter(
      ({ parsed: role }) =>
        !role || !services.some((s) => s.id === role.serviceId && s.roles.some((r) => r.name === role.role)),
    )
    .map((entry) => entry.text);
  if (unknown.length > 0) {
    throw new ApiError(
      'role.unknown',
      `no registered service defines ${unknown.join(', ')}; service roles are written <serviceId>:<role> ` +
        '(GET /api/v1/services lists them)',
      { unknown },
    );
  }
}
