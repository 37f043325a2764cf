import type { AppGrantWithApp } from '../../apps/grant-store.js';
import type { AppGrantService } from '../../apps/grants.js';
import { ApiError, isApiError } from '../../core/errors.js';
import type { Caller } from '../../core/principal.js';
import type { OrgRole } from '../../core/roles.js';
import type { Authenticator } from '../../http/authenticate.js';
import { toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { OrgService } from '../../identity/orgs/service.js';
import { ORG } from './app-routes.js';
import { ClientPath, ClientsAddBody, ClientsRemoveBody } from './app-schemas.js';
import { CspPageQuery, OrgPath, pageOf } from './schemas.js';

/** What CSP's org-client routes use. */
export interface CspClientRouteDeps {
  appGrants: Pick<AppGrantService, 'add' | 'list' | 'remove'>;
  auth: Pick<Authenticator, 'require'>;
  orgs: Pick<OrgService, 'get'>;
}

/**
 * "Add app to org" (docs/wire/csp.md#org-clients): apps added to an org ("Role Assigned Apps", `/clients`). An
 * app already added gets the new roles, where CSP answers 400 "One or more clients already part of the
 * organization": the outcome a caller wants, without a remove first. The rules are AppGrantService's.
 */
export function registerCspClientRoutes(csp: App, c: CspClientRouteDeps): void {
  csp.post(
    `${ORG}/clients`,
    { schema: { hide: true, params: OrgPath, body: ClientsAddBody } },
    async (request) => {
      const caller = await c.auth.require(request);
      const { ids } = request.body;
      const { failures } = await c.appGrants.add(
        caller,
        request.params.orgId,
        ids,
        grantRolesOf(request.body),
      );
      // CSP's partial-success shape: {failures: [{id, message}]}.
      return { failures: failures.map(({ id, message }) => ({ id, message })) };
    },
  );

  csp.get(
    `${ORG}/clients`,
    { schema: { hide: true, params: OrgPath, querystring: CspPageQuery } },
    async (request) => {
      const page = pageOf(request.query);
      const caller = await c.auth.require(request);
      const result = await c.appGrants.list(caller, request.params.orgId, page);
      const names = await orgNames(c, caller, result.items);
      return toPage(result, page, request.url, (grant) => clientView(grant, names));
    },
  );

  // Bulk removal: `clientIdsToRemove` (D1) or `ids`; an id not added is reported in failures, like the POST.
  csp.delete(
    `${ORG}/clients`,
    { schema: { hide: true, params: OrgPath, body: ClientsRemoveBody } },
    async (request) => {
      const caller = await c.auth.require(request);
      const ids = request.body.clientIdsToRemove ?? request.body.ids;
      if (!ids)
        throw new ApiError('request.invalid', 'send {"ids": ["<client id>", …]} with the apps to remove');
      const failures: { id: string; message: string }[] = [];
      for (const id of new Set(ids)) {
        try {
          await c.appGrants.remove(caller, request.params.orgId, id);
        } catch (error) {
          if (!isApiError(error) || error.code !== 'app_grant.not_found') throw error;
          failures.push({ id, message: error.message });
        }
      }
      return { failures };
    },
  );

  csp.delete(
    `${ORG}/clients/:clientId`,
    { schema: { hide: true, params: ClientPath } },
    async (request, reply) => {
      const { orgId, clientId } = request.params;
      await c.appGrants.remove(await c.auth.require(request), orgId, clientId);
      return reply.code(204).send();
    },
  );
}

/** organizationRoles [{name}] (or the deprecated organizationRoleNames), serviceRoles [{serviceDefinitionId, …}]. */
function grantRolesOf(body: ClientsAddBody): { orgRoles: OrgRole[]; serviceRoles: string[] } {
  const orgRoles = [
    ...(body.organizationRoles ?? []).map((role) => role.name),
    ...(body.organizationRoleNames ?? []),
  ];
  const serviceRoles = (body.serviceRoles ?? []).flatMap((entry) => {
    const service = entry.serviceDefinitionId;
    const roles = [...(entry.serviceRoleNames ?? []), ...(entry.serviceRoles ?? []).map((role) => role.name)];
    return roles.map((role) => (role.startsWith(`${service}:`) ? role : `${service}:${role}`));
  });
  return { orgRoles, serviceRoles };
}

/** An entry of GET /orgs/{orgId}/clients; the source org's name shows only to its members. */
function clientView(grant: AppGrantWithApp, names: ReadonlyMap<string, string | null>) {
  const byService = new Map<string, string[]>();
  for (const role of grant.serviceRoles) {
    const [service = '', name = ''] = role.split(/:(.*)/s);
    byService.set(service, [...(byService.get(service) ?? []), name]);
  }
  return {
    id: grant.appId,
    displayName: grant.appName,
    description: grant.appDescription,
    organizationRoles: grant.orgRoles.map((name) => ({ name })),
    serviceRoles: [...byService].map(([serviceDefinitionId, roleNames]) => ({
      serviceDefinitionId,
      serviceRoleNames: roleNames,
      serviceRoles: roleNames.map((name) => ({ name })),
    })),
    sourceOrg: { orgId: grant.appOwnerOrgId, displayName: names.get(grant.appOwnerOrgId) ?? null },
  };
}

/** The display names of the grants' source orgs; null where the caller is not a member. */
async function orgNames(c: CspClientRouteDeps, caller: Caller, grants: AppGrantWithApp[]) {
  const names = new Map<string, string | null>();
  for (const orgId of new Set(grants.map((grant) => grant.appOwnerOrgId))) {
    try {
      names.set(orgId, (await c.orgs.get(caller, orgId)).displayName);
    } catch (error) {
      if (!isApiError(error)) throw error;
      names.set(orgId, null);
    }
  }
  return names;
}
