import type { OAuthApp } from '../apps/store.js';
import type { Service } from '../identity/services/store.js';
import { checkScopeFitsTargets, readTargets } from './resource.js';
import { checkAppAllows, grantableOidc, parseScope } from './scope.js';
import type { GrantScope } from './store.js';

/**
 * The scope a user is asked to grant, from a request's `scope`, `resource` (RFC 8707 §2.1: several may be
 * named; each token is later for one of them) and `audience`: known values only, within the app's registered
 * scopes, fitting the resources named, and only the OIDC scopes the app can be granted. The authorization
 * request, a pushed one and a device authorization all read it here; invalid_scope or invalid_target otherwise.
 * `implyOidc` lets a dialect add the OIDC scopes its clients expect without naming them (CSP).
 */
export function readRequestedScope(
  app: OAuthApp,
  sent: { scope: string | undefined; resources: readonly string[]; audience: string | undefined },
  known: { services: ReadonlyMap<string, Service>; issuer: string },
  implyOidc: (oidc: string[]) => string[] = (oidc) => oidc,
): GrantScope {
  const { services, issuer } = known;
  const asked = parseScope(sent.scope, services);
  checkAppAllows(asked.roles, app.scopes, services);
  const targets = readTargets(sent.resources, sent.audience, services, { several: true, own: issuer });
  checkScopeFitsTargets(asked.roles, targets);
  return {
    ...asked,
    oidc: grantableOidc(app, implyOidc(asked.oidc)),
    ...(targets.length > 0 ? { resources: targets.map((target) => target.uri) } : {}),
  };
}
