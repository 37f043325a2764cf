import { expandServiceRoles, type Holdings } from '../core/scopes.js';
import type { Service } from '../identity/services/store.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';
import { type FormTarget, hiddenFields } from './sign-in-pages.js';

export interface ConsentView {
  appName: string;
  /** Display name of the org that registered the app. */
  ownerOrgName: string;
  /** The org the app will act in: its id (posted back) and display name. */
  orgId: string;
  orgName: string;
  userEmail: string;
  /** Where the browser goes back to; null for a device authorization, which sends it nowhere. */
  redirectUri: string | null;
  /** The user code of a device authorization (RFC 8628 §5.4: the user checks it is the device's own). */
  userCode?: string | undefined;
  /**
   * What the tokens will carry in this org, as the token endpoint computes it (OAuthProvider.grantNow): the
   * OIDC scopes and the roles and permissions of the user that the app asked for and may hold.
   */
  grant: { oidc: readonly string[]; granted: Holdings };
  /** Roles and permissions the app named that the user does not hold in this org: not granted. */
  notHeld: readonly string[];
  /** The services its tokens will be for (RFC 8707 resources); empty when not limited. */
  resources: readonly { name: string; uri: string }[];
  accessTokenTtl: number;
  /** Seconds the app may renew its access without asking again; null when no refresh token will be issued. */
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
 * registered it, where the browser goes next, one line per thing it will get in the chosen org — only what
 * the user holds there — what it asked for and will not get, and how long the access lasts. Then the choice,
 * and a way out for someone signed in as the wrong person.
 */
export function consentPage(
  form: FormTarget,
  signOut: FormTarget,
  view: ConsentView,
  services: ReadonlyMap<string, Service>,
): SafeHtml {
  const lines = describeGrant(view.grant, view.orgName, services);
  return layout(
    `Allow ${view.appName}?`,
    html`<h1>Allow <strong>${view.appName}</strong> to use your account?</h1>
<p class="muted">Signed in as <strong>${view.userEmail}</strong></p>
<dl>
<dt>Application</dt><dd>${view.appName}, registered by ${view.ownerOrgName}</dd>
<dt>Organization it will act in</dt><dd>${view.orgName}</dd>
${
  view.redirectUri !== null
    ? html`<dt>You go back to</dt><dd>${describeDestination(view.redirectUri)}</dd>
`
    : null
}${
  view.userCode !== undefined
    ? html`<dt>Code on your device</dt><dd><strong class="user-code">${view.userCode}</strong> (deny if your device shows another code, or none)</dd>
`
    : null
}${
  view.resources.length > 0
    ? html`<dt>Its access is only for</dt><dd>${view.resources.map((resource) => `${resource.name} (${resource.uri})`).join(', ')}</dd>
`
    : null
}</dl>
<h2>If you allow it, it can:</h2>
<ul class="scopes">
${lines.map((line) => html`<li>${line}</li>\n`)}</ul>
${
  view.notHeld.length > 0
    ? html`<p class="muted">It also asked for ${view.notHeld.map(describeRole).join(', ')}, which you do not hold in ${view.orgName}: it will not get ${view.notHeld.length === 1 ? 'it' : 'them'}.</p>\n`
    : null
}<p class="muted">${describeLifetime(view.accessTokenTtl, view.refreshTokenTtl, view.orgName)}</p>
<form method="post" action="${form.action}">
${hiddenFields(form)}<input type="hidden" name="org" value="${view.orgId}">
<div class="actions">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</div>
</form>
<div class="switch-account">
<form method="post" action="${signOut.action}">
${hiddenFields(signOut)}
<p class="muted">Not ${view.userEmail}? <button type="submit" class="link">Sign out</button> and sign in as yourself.</p>
</form>
</div>`,
  );
}

/** One human-readable line per thing granted in the org; a line saying so when no role is. */
export function describeGrant(
  grant: ConsentView['grant'],
  orgName: string,
  services: ReadonlyMap<string, Service>,
): string[] {
  const lines = grant.oidc.map((value) => OIDC_LINES[value] ?? value);
  const { granted } = grant;
  for (const role of granted.orgRoles) {
    lines.push(`Act with your role ${ORG_ROLE_NAMES[role] ?? role} in ${orgName}`);
  }
  for (const value of granted.serviceRoles) {
    const [serviceId = '', role = ''] = value.split(':');
    const service = services.get(serviceId);
    const permissions = expandServiceRoles([value], services);
    lines.push(
      `Act with your role ${role} of ${service?.name ?? serviceId} in ${orgName}${permissions.length > 0 ? ` (${permissions.join(', ')})` : ''}`,
    );
  }
  // Permissions asked for one by one: those a granted role does not already bring.
  const byRoles = new Set(expandServiceRoles(granted.serviceRoles, services));
  for (const value of granted.permissions.filter((permission) => !byRoles.has(permission))) {
    const service = services.get(value.split(':')[0] ?? '');
    const description = service?.permissions.find((permission) => permission.id === value)?.description;
    lines.push(
      `Use the permission ${value} of ${service?.name ?? 'its service'} in ${orgName}${description ? ` (${description})` : ''}`,
    );
  }
  if (granted.orgRoles.length + granted.serviceRoles.length + granted.permissions.length === 0) {
    lines.push(`Use none of your roles in ${orgName}`);
  }
  return lines;
}

/** An org role by its plain name; a service role or permission as written. */
function describeRole(value: string): string {
  return ORG_ROLE_NAMES[value] ?? value;
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

function describeLifetime(accessTokenTtl: number, refreshTokenTtl: number | null, orgName: string): string {
  const access = `Each access token it receives lasts ${duration(accessTokenTtl)}.`;
  return refreshTokenTtl === null
    ? `${access} After that it must ask you again.`
    : `${access} It may renew its access without asking you for up to ${duration(refreshTokenTtl)}, until you revoke it; each renewal follows your roles in ${orgName} as they are then.`;
}

function duration(seconds: number): string {
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (seconds >= 2 * 86400) return unit(Math.round(seconds / 86400), 'day');
  if (seconds >= 2 * 3600) return unit(Math.round(seconds / 3600), 'hour');
  return unit(Math.max(1, Math.round(seconds / 60)), 'minute');
}
