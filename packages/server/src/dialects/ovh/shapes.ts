import { consumerAppView } from '../../consumer-keys/schemas.js';
import type { CredentialView } from '../../consumer-keys/shared.js';
import type { ConsumerApp } from '../../consumer-keys/store.js';
import type { User } from '../../identity/users/store.js';

/** OVH datetimes: ISO 8601, offset, no fraction: `2017-07-11T08:07:49+00:00` (docs/wire/ovh.md#dates). */
export function ovhDate(ms: number): string;
export function ovhDate(ms: number | null): string | null;
export function ovhDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `auth.ApiApplication` (docs/wire/ovh.md#application-shape): the native view without its creation date. */
export function apiApplication(app: ConsumerApp) {
  const { createdAt: _createdAt, ...view } = consumerAppView(app);
  return view;
}

/** `auth.ApiCredential` (docs/wire/ovh.md#credential-shape). */
export function apiCredential(credential: CredentialView) {
  return {
    credentialId: credential.id,
    applicationId: credential.appId,
    creation: ovhDate(credential.createdAt),
    expiration: ovhDate(credential.expiration),
    lastUse: ovhDate(credential.lastUsedAt),
    ovhSupport: false,
    rules: credential.rules.map((rule) => ({ method: rule.method, path: rule.path })),
    status: credential.status,
    allowedIPs: credential.allowedIps,
  };
}

/** `nichandle.Nichandle`, the fields Keyward has: the account is the user. */
export function nichandle(user: User) {
  const [firstname = '', ...rest] = user.name.trim().split(/\s+/);
  return {
    nichandle: user.id,
    customerCode: user.id,
    email: user.email,
    firstname,
    name: rest.join(' '),
    organisation: '',
    legalform: 'individual',
    state: 'complete',
    language: 'en_GB',
    createdAt: ovhDate(user.createdAt),
  };
}
