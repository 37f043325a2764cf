// @ts-check
// Calls the billing service (or the gateway in front of it) with one of the three credential kinds that
// setup.js made, the way each kind of client would:
//   node call.js api-token GET /billing            CSP-style: API token → access token, then Bearer
//   node call.js app GET /billing                  a server-to-server app: client_credentials, then Bearer
//   node call.js ovh GET /billing                  OVH-style: the request signed with AK/AS/CK
//   node call.js ovh PUT /me/password '{"password":"…"}'
// TARGET (default http://127.0.0.1:9000) is where the calls go: the service, or the gateway.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [kind, method = 'GET', path = '/billing', body] = process.argv.slice(2);
const TARGET = process.env.TARGET ?? 'http://127.0.0.1:9000';
const local = JSON.parse(
  readFileSync(process.env.BILLING_LOCAL ?? new URL('./.local.json', import.meta.url), 'utf8'),
);

async function accessToken(/** @type {string} */ what) {
  /** @type {{ url: string, body: Record<string, string>, auth: string | undefined }} */
  const form =
    what === 'api-token'
      ? {
          url: '/csp/gateway/am/api/auth/api-tokens/authorize',
          body: { api_token: local.apiToken },
          auth: undefined,
        }
      : {
          url: '/oauth/token',
          body: { grant_type: 'client_credentials' },
          auth: `Basic ${Buffer.from(`${local.exporter.clientId}:${local.exporter.clientSecret}`).toString('base64')}`,
        };
  const response = await fetch(`${local.issuer}${form.url}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(form.auth ? { authorization: form.auth } : {}),
    },
    body: new URLSearchParams(form.body).toString(),
  });
  const answer = /** @type {Record<string, string>} */ (await response.json());
  if (!response.ok) throw new Error(`Keyward refused: ${JSON.stringify(answer)}`);
  return answer.access_token;
}

/** @type {Record<string, string>} */
let headers;
if (kind === 'api-token' || kind === 'app') {
  headers = { authorization: `Bearer ${await accessToken(kind)}` };
} else if (kind === 'ovh') {
  // "$1$" + SHA-1 of AS+CK+METHOD+URL+BODY+TIMESTAMP (what every official OVH client computes).
  const { applicationKey, applicationSecret, consumerKey } = local.ovh;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const url = `${TARGET}${path}`;
  const signed = [applicationSecret, consumerKey, method, url, body ?? '', timestamp].join('+');
  headers = {
    'x-ovh-application': applicationKey,
    'x-ovh-consumer': consumerKey,
    'x-ovh-timestamp': timestamp,
    'x-ovh-signature': `$1$${createHash('sha1').update(signed).digest('hex')}`,
  };
} else {
  process.stderr.write('usage: node call.js api-token|app|ovh METHOD PATH [JSON body]\n');
  process.exit(2);
}
const response = await fetch(`${TARGET}${path}`, {
  method,
  headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
  ...(body ? { body } : {}),
});
process.stdout.write(`${response.status} ${await response.text()}\n`);
