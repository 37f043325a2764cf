import type { ScopeSet } from '../core/scopes.js';
import type { Service } from '../identity/services/store.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';
import { CSRF_FIELD, type FormTarget } from './sign-in-pages.js';

export interface ConsentView {
  appName: string;
  /** Display name of the org that registered the app. */
  ownerOrgName: string;
  /** Display name of the org the app will act in. */
  orgId: string;
  orgName: string;
  userEmail: string;
  redirectUri: string;
  scope: { oidc: readonly string[]; roles: ScopeSet };
  accessTokenTtl: number;
  /** Seconds the app may renew its access without asking again; null when it cannot. */
  refreshTokenTtl: number | null;
}

const OIDC_LINES: Record<string, string> = {
  openid: 'Know who you are (your Keyward user id)',
  profile: 'See your name',
  email: 'See your e-mail address',
  offline_access: 'Keep its access while you are away, until it expires or you revoke it',
};

const ORG_ROLE_NAMES: Record<string, string> = {
  org_owner: 'owner',
  org_admin: 'administrator',
  org_member: 'member',
  developer: 'developer',
};

/**
 * What the user is asked to approve, said plainly (ASVS 10.7.2, RFC 6819 §5.2.4.2): the app and who
 * registered it, where the browser goes next, one line per scope, and how long the access lasts.
 */
export function consentPage(
  form: FormTarget,
  view: ConsentView,
  services: ReadonlyMap<string, Service>,
): SafeHtml {
  const lines = describeScope(view.scope, view.orgName, services);
  return layout(
    `Allow ${view.appName}?`,
    html`<h1>Allow <strong>${view.appName}</strong> to use your account?</h1>
<p class="muted">Signed in as ${view.userEmail}</p>
<dl>
<dt>Application</dt><dd>${view.appName}, registered by ${view.ownerOrgName}</dd>
<dt>Organization it will act in</dt><dd>${view.orgName}</dd>
<dt>You go back to</dt><dd>${describeDestination(view.redirectUri)}</dd>
</dl>
<p>It asks to:</p>
<ul class="scopes">
${lines.map((line) => html`<li>${line}</li>\n`)}</ul>
<p class="muted">${describeLifetime(view.accessTokenTtl, view.refreshTokenTtl)}</p>
<form method="post" action="${form.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${form.csrfToken}">
<input type="hidden" name="org" value="${view.orgId}">
<div class="actions">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</div>
</form>`,
  );
}

/** One human-readable line per requested scope. */
export function describeScope(
  scope: ConsentView['scope'],
  orgName: string,
  services: ReadonlyMap<string, Service>,
): string[] {
  const lines = scope.oidc.map((value) => OIDC_LINES[value] ?? value);
  const { roles } = scope;
  if (roles.allRoles) return [...lines, `Act with all the roles you hold in ${orgName}`];
  for (const role of roles.orgRoles) {
    lines.push(`Act with your role ${ORG_ROLE_NAMES[role] ?? role} in ${orgName}, if you hold it`);
  }
  for (const value of roles.serviceRoles) {
    const [serviceId = '', role = ''] = value.split(':');
    const service = services.get(serviceId);
    lines.push(`Act with your role ${role} of ${service?.name ?? serviceId} in ${orgName}, if you hold it`);
  }
  for (const value of roles.permissions) {
    const service = services.get(value.split(':')[0] ?? '');
    const description = service?.permissions.find((permission) => permission.id === value)?.description;
    lines.push(
      `Use the permission ${value} of ${service?.name ?? 'its service'}${description ? ` (${description})` : ''}, if you hold it`,
    );
  }
  return lines;
}

/** Host of an https/http redirect URI; the scheme of a private-use one (the app on this device). */
export function describeDestination(redirectUri: string): string {
  try {
    const url = new URL(redirectUri);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.host;
    return `the app registered for ${url.protocol.slice(0, -1)}: on this device`;
  } catch {
    return redirectUri;
  }
}

function describeLifetime(accessTokenTtl: number, refreshTokenTtl: number | null): string {
  const access = `Each access token it receives lasts ${duration(accessTokenTtl)}.`;
  return refreshTokenTtl === null
    ? `${access} After that it must ask you again.`
    : `${access} It may renew its access without asking you for up to ${duration(refreshTokenTtl)}, until you revoke it.`;
}

function duration(seconds: number): string {
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (seconds >= 2 * 86400) return unit(Math.round(seconds / 86400), 'day');
  if (seconds >= 2 * 3600) return unit(Math.round(seconds / 3600), 'hour');
  return unit(Math.max(1, Math.round(seconds / 60)), 'minute');
}
