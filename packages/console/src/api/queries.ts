import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { Me, Service } from './types';

/** The signed-in user and their organizations with their roles in each (GET /me). */
export const meQuery = { queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')) };

/** A page of the signed-in user's API tokens (GET /me/api-tokens), newest first. */
export const myApiTokensQuery = (pageStart: number, pageLimit: number) => ({
  queryKey: ['me', 'api-tokens', pageStart, pageLimit],
  queryFn: () => unwrap(api.GET('/api/v1/me/api-tokens', { params: { query: { pageStart, pageLimit } } })),
});

export function useMe(options: { enabled?: boolean } = {}) {
  return useQuery({ ...meQuery, enabled: options.enabled ?? true });
}

/** Every registered service with its roles and permissions (GET /services). */
export function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: async () => {
      // The scope tree needs every service: read all pages (200 a page, the API's maximum).
      const services: Service[] = [];
      for (let pageStart = 1; ; pageStart += 200) {
        const page = await unwrap(
          api.GET('/api/v1/services', { params: { query: { pageStart, pageLimit: 200 } } }),
        );
        services.push(...page.results);
        if (page.nextLink === null) return services;
      }
    },
  });
}

/** The org's API-token policy (any member may read it). */
export function useOrgPolicy(orgId: string | undefined) {
  return useQuery({
    queryKey: ['orgs', orgId, 'policy'],
    enabled: orgId !== undefined,
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{orgId}/policies', { params: { path: { orgId: orgId ?? '' } } })),
  });
}

export function isOperator(me: Me | undefined): boolean {
  return me?.user.platformRoles.includes('platform_operator') ?? false;
}

/** The caller's org roles in `orgId`, from GET /me. */
export function orgRolesIn(me: Me | undefined, orgId: string | undefined): string[] {
  return me?.memberships.find((org) => org.id === orgId)?.orgRoles ?? [];
}
