// @ts-check
// Prepares a fresh local Keyward (`npm start`) for the billing example through its management API, as the
// platform operator: the billing and accounts services, roles for you, an API token, a server-to-server app, the
// billing service's and the gateway's own apps, and an OVH-style application with a consumer key to validate.
// Writes what it made to .local.json (secrets: it is git-ignored) and prints the validation link.
import { writeFileSync } from 'node:fs';

const ISSUER = process.env.KEYWARD_ISSUER ?? 'http://127.0.0.1:8080';
const EMAIL = process.env.KEYWARD_ADMIN_EMAIL;
const PASSWORD = process.env.KEYWARD_ADMIN_PASSWORD;
if (!EMAIL || !PASSWORD) {
  process.stderr.write(
    'set KEYWARD_ADMIN_EMAIL and KEYWARD_ADMIN_PASSWORD to the operator Keyward printed\n',
  );
  process.exit(2);
}

let cookie = '';
let csrf = '';

/** One management-API call as the signed-in operator; throws with Keyward's error on failure. */
async function api(
  /** @type {string} */ method,
  /** @type {string} */ path,
  /** @type {unknown} */ body = undefined,
) {
  const response = await fetch(`${ISSUER}/api/v1${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie, 'x-csrf-token': csrf } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0] ?? '';
  return text ? JSON.parse(text) : null;
}

/** Creates something unless it exists (a second run of this script changes nothing it made). */
async function ensure(/** @type {() => Promise<any>} */ create) {
  try {
    return await create();
  } catch (error) {
    if (/409|already|exists/.test(String(error))) return undefined;
    throw error;
  }
}

const session = await api('POST', '/session', { email: EMAIL, password: PASSWORD });
csrf = session.csrfToken;
const me = session.user.id;
const orgs = await api('GET', '/orgs');
const orgId = orgs.results[0].id;

await ensure(() =>
  api('POST', '/services', {
    id: 'billing',
    name: 'Billing',
    permissions: [{ id: 'billing:read' }, { id: 'billing:write' }],
    roles: [
      { name: 'viewer', permissions: ['billing:read'] },
      { name: 'admin', permissions: ['billing:read', 'billing:write'] },
    ],
  }),
);
await ensure(() =>
  api('POST', '/services', {
    id: 'accounts',
    name: 'Accounts',
    permissions: [{ id: 'accounts:password' }],
    roles: [{ name: 'self', permissions: ['accounts:password'] }],
  }),
);
await api('PUT', `/orgs/${orgId}/members/${me}`, {
  orgRoles: ['org_owner'],
  serviceRoles: ['billing:viewer', 'accounts:self'],
});

const apiToken = await api('POST', '/me/api-tokens', {
  orgId,
  name: `billing example ${new Date().toISOString()}`,
  scopes: { allRoles: true },
});

/** A server-to-server app: the exporter reads billing; the service and the gateway only talk to Keyward. */
async function serverApp(/** @type {string} */ clientId, /** @type {string} */ name) {
  // A second run makes the app again: its secret was shown once, in the first run.
  await api('DELETE', `/orgs/${orgId}/apps/${clientId}`).catch((error) => {
    if (!/ 404 /.test(String(error))) throw error;
  });
  const made = await api('POST', `/orgs/${orgId}/apps`, {
    type: 'server',
    name,
    clientId,
    scopes: { allRoles: true },
  });
  return { clientId, clientSecret: made.secret };
}
const exporter = await serverApp('billing-exporter', 'Billing exporter');
await api('POST', `/orgs/${orgId}/app-grants`, {
  appId: 'billing-exporter',
  orgRoles: [],
  serviceRoles: ['billing:viewer'],
});
const billingService = await serverApp('billing-service', 'Billing service (checks OVH signatures)');
const billingGateway = await serverApp('billing-gateway', 'Billing gateway');

const consumerApp = await api('POST', '/me/consumer-apps', {
  name: 'Billing reader',
  description: 'reads invoices',
});
const requested = await fetch(`${ISSUER}/1.0/auth/credential`, {
  method: 'POST',
  headers: { 'x-ovh-application': consumerApp.applicationKey, 'content-type': 'application/json' },
  body: JSON.stringify({ accessRules: [{ method: 'GET', path: '/billing' }] }),
}).then(async (response) => /** @type {Record<string, string>} */ (await response.json()));

const local = {
  issuer: ISSUER,
  orgId,
  apiToken: apiToken.token,
  exporter,
  billingService,
  billingGateway,
  ovh: {
    applicationKey: consumerApp.applicationKey,
    applicationSecret: consumerApp.applicationSecret,
    consumerKey: requested.consumerKey,
    validationUrl: requested.validationUrl,
  },
};
writeFileSync(
  process.env.BILLING_LOCAL ?? new URL('./.local.json', import.meta.url),
  `${JSON.stringify(local, null, 2)}\n`,
  {
    mode: 0o600,
  },
);
process.stdout.write(
  `Wrote examples/billing/.local.json (org ${orgId}).\n\n` +
    `Validate the consumer key as yourself: open\n  ${requested.validationUrl}\nsign in and choose Authorize.\n`,
);
