import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { authorize, type OrgAccess } from '../core/authorize.js';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { PageRequest, PageResult } from '../core/pagination.js';
import type { Caller } from '../core/principal.js';
import { normalizeRoles, type OrgRole } from '../core/roles.js';
import { exceededBy, holdingsOf, normalizeScopeSet, type ScopeSet } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { AccessStores } from '../identity/members/access.js';
import { resolveOrgAccess } from '../identity/members/access.js';
import { assertServiceRolesExist } from '../identity/services/service.js';
import type { ServiceStore } from '../identity/services/store.js';
import { revocationOf } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { APP_TOPICS, grantKey } from './directory.js';
import type { AppGrantStore, AppGrantWithApp } from './grant-store.js';
import type { OAuthAppStore } from './store.js';

/** The stores AppGrantService reads and writes. */
export interface AppGrantServiceStores extends AccessStores {
  appGrants: AppGrantStore;
  apps: OAuthAppStore;
  audit: AuditStore;
  services: ServiceStore;
  revocations: RevocationStore;
}

/** Per-app outcome of an add: granted (and which of those are new), or refused with a catalogued code. */
export interface GrantOutcome {
  successes: string[];
  created: string[];
  failures: {
    id: string;
    code: 'app.not_found' | 'app.not_server' | 'app.scope_exceeded';
    message: string;
  }[];
}

export interface GrantRoles {
  orgRoles: OrgRole[];
  serviceRoles: string[];
}

/** CSP lets one call add up to ten apps (docs/wire/csp.md#org-clients). */
export const MAX_APPS_PER_GRANT_CALL = 10;

/** Who may give which roles to an app: developers only member roles (CSP), admins anything but owner. */
const GRANTABLE_BY: Record<'org_owner' | 'org_admin' | 'developer', readonly OrgRole[]> = {
  org_owner: ['org_owner', 'org_admin', 'org_member', 'developer'],
  org_admin: ['org_admin', 'org_member', 'developer'],
  developer: ['org_member', 'developer'],
};

/** What the caller may give an app in the org of `access`: some org roles, and which service roles. */
export interface Grantable {
  orgRoles: ReadonlySet<OrgRole>;
  /** Owners and admins give any service role (as they do to members); a developer only those they hold. */
  serviceRole(role: string): boolean;
}

export function grantableBy(access: OrgAccess): Grantable {
  const system = access.caller.principal.kind === 'system';
  const orgRoles = new Set(
    system
      ? GRANTABLE_BY.org_owner
      : (['org_owner', 'org_admin', 'developer'] as const).flatMap((role) =>
          access.orgRoles.includes(role) ? GRANTABLE_BY[role] : [],
        ),
  );
  const managesRoles = system || access.orgRoles.some((r) => r === 'org_owner' || r === 'org_admin');
  return { orgRoles, serviceRole: (role) => managesRoles || access.serviceRoles.includes(role) };
}

/** Org roles never given automatically: they let an app manage the org, so an owner or admin gives them. */
const PRIVILEGED_ORG_ROLES: readonly OrgRole[] = ['org_owner', 'org_admin'];

/**
 * The grant a new server-to-server app gets in the org that owns it, so its first client_credentials works: the
 * roles its own scopes ask for that its creator may give an app (the same rules as adding it by hand), without
 * the privileged org_owner and org_admin; an all-roles app gets org_member, the least role. Null when nothing is
 * left to give (the app is then added by hand, like anywhere else).
 */
export function ownOrgGrant(scopes: ScopeSet, access: OrgAccess): GrantRoles | null {
  const grantable = grantableBy(access);
  const wanted: GrantRoles = scopes.allRoles
    ? { orgRoles: ['org_member'], serviceRoles: [] }
    : { orgRoles: scopes.orgRoles, serviceRoles: scopes.serviceRoles };
  const grant: GrantRoles = {
    orgRoles: normalizeRoles(
      wanted.orgRoles.filter((role) => !PRIVILEGED_ORG_ROLES.includes(role) && grantable.orgRoles.has(role)),
    ),
    serviceRoles: normalizeRoles(wanted.serviceRoles.filter((role) => grantable.serviceRole(role))),
  };
  return grant.orgRoles.length + grant.serviceRoles.length > 0 ? grant : null;
}

/**
 * "Adding an app to an organization" (the seed's words): a server-to-server app acts only in the orgs it was
 * added to, with the roles each gave it, never beyond the app's own allowed scopes.
 */
export class AppGrantService {
  constructor(
    private readonly deps: {
      storage: Transactional<AppGrantServiceStores>;
      clock: Clock;
      bus: InvalidationBus;
      identity: IdentityDirectory;
    },
  ) {}

  /** Adds (or re-grants) each app; reports per app, so one refused app does not undo the others. */
  async add(
    caller: Caller,
    orgId: string,
    appIds: readonly string[],
    roles: GrantRoles,
  ): Promise<GrantOutcome> {
    if (appIds.length === 0 || appIds.length > MAX_APPS_PER_GRANT_CALL) {
      throw new ApiError('request.invalid', `send between 1 and ${MAX_APPS_PER_GRANT_CALL} app ids`);
    }
    const wanted: GrantRoles = {
      orgRoles: normalizeRoles(roles.orgRoles),
      serviceRoles: normalizeRoles(roles.serviceRoles),
    };
    const now = this.deps.clock.now();
    const services = await this.deps.identity.services();
    const outcome = await this.deps.storage.transaction(async (stores) => {
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: ['org_owner', 'org_admin', 'developer'], userOnly: true });
      const grantable = grantableBy(access);
      const refusedRoles = wanted.orgRoles.filter((role) => !grantable.orgRoles.has(role));
      if (refusedRoles.length > 0) {
        throw new ApiError(
          'auth.forbidden',
          `your roles here do not let you give an app ${refusedRoles.join(', ')}`,
          {
            refused: refusedRoles,
          },
        );
      }
      await assertServiceRolesExist(stores, wanted.serviceRoles);
      const unheld = wanted.serviceRoles.filter((role) => !grantable.serviceRole(role));
      if (unheld.length > 0) {
        throw new ApiError(
          'auth.forbidden',
          `you cannot give an app ${unheld.join(', ')}: you do not hold it`,
          {
            refused: unheld,
          },
        );
      }
      const result: GrantOutcome = { successes: [], created: [], failures: [] };
      for (const appId of new Set(appIds)) {
        const app = await stores.apps.findById(appId);
        if (!app) {
          result.failures.push({ id: appId, code: 'app.not_found', message: 'no app has this id' });
          continue;
        }
        if (app.type !== 'server') {
          result.failures.push({
            id: appId,
            code: 'app.not_server',
            message: 'only server-to-server apps are added to organizations',
          });
          continue;
        }
        const beyond = app.scopes.allRoles
          ? []
          : exceededBy(normalizeScopeSet(wanted), holdingsOf(app.scopes, [], services));
        if (beyond.length > 0) {
          result.failures.push({
            id: appId,
            code: 'app.scope_exceeded',
            message: `the app's allowed scopes do not include ${beyond.join(', ')}`,
          });
          continue;
        }
        const created = await stores.appGrants.put({
          appId,
          orgId,
          ...wanted,
          createdAt: now,
          createdBy: caller.principal.subjectId,
        });
        await stores.audit.insert([
          auditEvent(caller, now, {
            action: created ? 'app.granted' : 'app.grant_changed',
            orgId,
            target: { kind: 'app', id: appId },
            details: { ...wanted, appOwnerOrgId: app.ownerOrgId },
          }),
        ]);
        result.successes.push(appId);
        if (created) result.created.push(appId);
      }
      return result;
    });
    for (const appId of outcome.successes)
      await this.deps.bus.publish(APP_TOPICS.grant, grantKey(appId, orgId));
    return outcome;
  }

  async list(caller: Caller, orgId: string, page: PageRequest): Promise<PageResult<AppGrantWithApp>> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), {
      anyOrgRole: ['org_owner', 'org_admin', 'developer'],
    });
    return stores.appGrants.listByOrg(orgId, page);
  }

  /** Removes the app from the org: its next client_credentials token for this org is refused. */
  async remove(caller: Caller, orgId: string, appId: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      authorize(await resolveOrgAccess(stores, caller, orgId), {
        anyOrgRole: ['org_owner', 'org_admin'],
        userOnly: true,
      });
      if (!(await stores.appGrants.delete(appId, orgId))) {
        throw new ApiError('app_grant.not_found', `app ${appId} is not added to organization ${orgId}`);
      }
      // The app's own tokens (client_credentials) have the app as subject.
      await stores.revocations.append([
        revocationOf(
          { kind: 'subject', subject: appId, orgId },
          now,
          `app removed from organization ${orgId}`,
        ),
      ]);
      await stores.audit.insert([
        auditEvent(caller, now, { action: 'app.grant_removed', orgId, target: { kind: 'app', id: appId } }),
      ]);
    });
    await this.deps.bus.publish(APP_TOPICS.grant, grantKey(appId, orgId));
  }
}
