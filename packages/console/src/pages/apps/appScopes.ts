import type { Org, Service } from '../../api/types';
import type { Held } from '../api-tokens/ScopePicker';

/**
 * What the caller may give an app in `org`, as the API checks it at creation: owners any role, admins any but
 * org_owner, others only the roles they hold (with their service roles either way for non-managers).
 */
export function grantableForApps(org: Org, services: readonly Service[]): Held & { allRoles: boolean } {
  const owner = org.orgRoles.includes('org_owner');
  const admin = owner || org.orgRoles.includes('org_admin');
  const allServiceRoles = services.flatMap((s) => s.roles.map((r) => `${s.id}:${r.name}`));
  const allPermissions = services.flatMap((s) => s.permissions.map((p) => p.id));
  return {
    allRoles: admin,
    orgRoles: owner
      ? ['org_owner', 'org_admin', 'org_member', 'developer']
      : admin
        ? ['org_admin', 'org_member', 'developer']
        : org.orgRoles,
    serviceRoles: admin ? allServiceRoles : org.serviceRoles,
    permissions: admin ? allPermissions : [],
  };
}

export const APP_TYPES = {
  server: {
    label: 'Server to server app',
    grant: 'client_credentials',
    about:
      'Your app acts on its own behalf with an app id and secret (client credentials). Add it to each organization it works in.',
  },
  web: {
    label: 'Web app',
    grant: 'authorization_code',
    about: 'Users sign in and authorize your server-side web app (authorization code with a client secret).',
  },
  native: {
    label: 'Native/Mobile app',
    grant: 'authorization_code + PKCE',
    about: 'A public app on a device or in a browser: authorization code with PKCE, no secret.',
  },
} as const;
