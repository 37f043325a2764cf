import type { OAuthApp } from '../apps/store.js';
import { exceededBy, holdingsOf } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { Service } from '../identity/services/store.js';
import type { AuthorizationInteractions } from '../oauth/interactions.js';
import type { OAuthProvider } from '../oauth/provider.js';
import type { GrantScope } from '../oauth/store.js';
import type { ConsentView } from './consent-page.js';

/** What the consent page's view uses. */
export interface ConsentViewDeps {
  identity: Pick<IdentityDirectory, 'membership' | 'services' | 'user'>;
  oauth: Pick<OAuthProvider, 'grantNow'>;
  interactions: Pick<AuthorizationInteractions, 'findOrg'>;
}

/**
 * What the consent page shows a user about to grant `scope` to `app` in `org`: the very computation the token
 * endpoint makes (OAuthProvider.grantNow), so the page lists what tokens will carry, the roles asked for that
 * the user does not hold there, the resources the tokens are limited to, and renewal only when a refresh token
 * will be issued. Undefined when the user is no longer a member of the org. Browser and device flows alike.
 */
export async function consentViewOf(
  c: ConsentViewDeps,
  input: {
    app: OAuthApp;
    scope: GrantScope;
    org: { id: string; displayName: string };
    userId: string;
    redirectUri: string | null;
    userCode?: string;
  },
): Promise<{ view: ConsentView; services: ReadonlyMap<string, Service> } | undefined> {
  const { app, scope, org } = input;
  const [owner, user, membership, services] = await Promise.all([
    c.interactions.findOrg(app.ownerOrgId),
    c.identity.user(input.userId),
    c.identity.membership(org.id, input.userId),
    c.identity.services(),
  ]);
  if (!membership) return undefined;
  const grant = c.oauth.grantNow(app, scope, membership, services);
  const view: ConsentView = {
    appName: app.name,
    ownerOrgName: owner?.displayName ?? app.ownerOrgId,
    orgId: org.id,
    orgName: org.displayName,
    userEmail: user?.email ?? '',
    redirectUri: input.redirectUri,
    userCode: input.userCode,
    grant,
    notHeld: exceededBy(scope.roles, holdingsOf(membership, [], services)),
    resources: [...services.values()].flatMap((service) =>
      service.resource !== null && scope.resources?.includes(service.resource)
        ? [{ name: service.name, uri: service.resource }]
        : [],
    ),
    accessTokenTtl: app.accessTokenTtl,
    // Renewal is promised only when a refresh token will be issued (offline_access granted).
    refreshTokenTtl: grant.oidc.includes('offline_access') ? app.refreshTokenTtl : null,
  };
  return { view, services };
}
