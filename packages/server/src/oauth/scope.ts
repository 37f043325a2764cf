import type { OAuthApp } from '../apps/store.js';
import { isOrgRole, type OrgRole } from '../core/roles.js';
import { grantedScope, type Holdings, holdingsOf, normalizeScopeSet, type ScopeSet } from '../core/scopes.js';
import type { Service } from '../identity/services/store.js';
import { OAuthError } from './errors.js';
import type { GrantScope } from './store.js';

/** OpenID Connect scopes Keyward understands (OIDC Core §5.4, §11), in the order scope strings list them. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** The OIDC scopes among `values`, once each, in OIDC_SCOPES order. */
export function orderOidc(values: Iterable<string>): string[] {
  const present = new Set(values);
  return OIDC_SCOPES.filter((scope) => present.has(scope));
}

/**
 * Reads a `scope` parameter (RFC 6749 §3.3): OIDC scopes, org roles (`org_member` or CSP's `csp:org_member`),
 * service roles and permissions (`billing:viewer`, `billing:read`; the catalogue tells which is which).
 * Unknown values are an invalid_scope error naming them. No role named: every role the app allows.
 */
export function parseScope(text: string | undefined, services: ReadonlyMap<string, Service>): GrantScope {
  const oidc = new Set<string>();
  const roles = { orgRoles: [] as OrgRole[], serviceRoles: [] as string[], permissions: [] as string[] };
  const unknown: string[] = [];
  for (const value of (text ?? '').split(' ').filter((part) => part.length > 0)) {
    if ((OIDC_SCOPES as readonly string[]).includes(value)) {
      oidc.add(value);
      continue;
    }
    const role = value.startsWith('csp:') ? value.slice(4) : value;
    if (isOrgRole(role)) {
      roles.orgRoles.push(role);
      continue;
    }
    const colon = value.indexOf(':');
    const service = services.get(value.slice(0, colon));
    const name = value.slice(colon + 1);
    if (colon > 0 && service?.roles.some((r) => r.name === name)) roles.serviceRoles.push(value);
    else if (colon > 0 && service?.permissions.some((p) => p.id === value)) roles.permissions.push(value);
    else unknown.push(value);
  }
  if (unknown.length > 0) {
    throw new OAuthError('invalid_scope', `unknown scope ${unknown.slice(0, 5).join(', ')}`.slice(0, 300));
  }
  const named = roles.orgRoles.length + roles.serviceRoles.length + roles.permissions.length > 0;
  return { oidc: orderOidc(oidc), roles: normalizeScopeSet({ ...roles, allRoles: !named }) };
}

/**
 * The OIDC scopes an app can be granted of those asked (OIDC Core §11): `offline_access`, which brings a refresh
 * token, only when the app's registration lets it refresh (grant type `refresh_token`); otherwise it is left
 * out, not refused. Applied when the request is read and again when tokens are issued, so a grant stored before
 * the app lost its `refresh_token` grant type gets no new one.
 */
export function grantableOidc(app: OAuthApp, oidc: readonly string[]): string[] {
  return oidc.filter((scope) => scope !== 'offline_access' || app.grantTypes.includes('refresh_token'));
}

/**
 * What CSP's browser endpoint (/csp/gateway/discovery) implies, as CSP issues it (docs/oauth-apps.md, CSP
 * clients): no `scope` at all asks for the app's general scopes, `openid` for a web or native app; `openid`
 * brings the name and e-mail claims CSP's ID tokens always carry (`profile`, `email`); an app registered with
 * the `refresh_token` grant type gets a refresh token without naming `offline_access`.
 */
export function cspImpliedOidc(app: OAuthApp, oidc: readonly string[], scopeSent: boolean): string[] {
  const implied = new Set(oidc);
  if (!scopeSent) implied.add('openid');
  if (implied.has('openid')) for (const scope of ['profile', 'email']) implied.add(scope);
  if (app.grantTypes.includes('refresh_token')) implied.add('offline_access');
  return orderOidc(implied);
}

/** Refuses roles the app may never hold (RFC 9700 §2.3: least privilege); "all" is always fine. */
export function checkAppAllows(
  requested: ScopeSet,
  appScopes: ScopeSet,
  services: ReadonlyMap<string, Service>,
): void {
  if (requested.allRoles || appScopes.allRoles) return;
  const allowed = holdingsOf(appScopes, [], services);
  const beyond = [
    ...requested.orgRoles.filter((role) => !allowed.orgRoles.includes(role)),
    ...requested.serviceRoles.filter((role) => !allowed.serviceRoles.includes(role)),
    ...requested.permissions.filter(
      (permission) =>
        !allowed.permissions.includes(permission) && !appScopes.permissions.includes(permission),
    ),
  ];
  if (beyond.length > 0)
    throw new OAuthError('invalid_scope', `this app may not ask for ${beyond.join(', ')}`);
}

/** requested ∩ app's allowed scopes ∩ what the holder has now (docs/architecture.md#effective-access). */
export function effectiveScope(
  requested: ScopeSet,
  appScopes: ScopeSet,
  held: Holdings,
  services: ReadonlyMap<string, Service>,
): Holdings {
  const withinApp = grantedScope(appScopes, held, services);
  return grantedScope(requested, withinApp, services);
}

/**
 * Whether a consented scope covers a requested one (remembered consent, RFC 6749 §10.2). A consent limited to
 * resources (RFC 8707) covers only requests for some of them.
 */
export function consentCovers(consented: GrantScope, requested: GrantScope): boolean {
  if (!requested.oidc.every((scope) => consented.oidc.includes(scope))) return false;
  const limited = consented.resources ?? [];
  const asked = requested.resources ?? [];
  if (limited.length > 0 && (asked.length === 0 || !asked.every((uri) => limited.includes(uri))))
    return false;
  const a = consented.roles;
  const b = requested.roles;
  if (a.allRoles) return true;
  if (b.allRoles) return false;
  return (
    b.orgRoles.every((role) => a.orgRoles.includes(role)) &&
    b.serviceRoles.every((role) => a.serviceRoles.includes(role)) &&
    b.permissions.every((permission) => a.permissions.includes(permission))
  );
}

export function scopeText(scope: GrantScope): string {
  const { roles } = scope;
  return [
    ...scope.oidc,
    ...(roles.allRoles ? [] : [...roles.orgRoles, ...roles.serviceRoles, ...roles.permissions]),
  ].join(' ');
}
