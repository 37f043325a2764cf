// The official OVH node client (npm `ovh` 2.0.3), unchanged, calling a service through the gateway over HTTPS
// (the client speaks nothing else) with a development certificate. The gateway never sees the application
// secret: Keyward checks each signature, the gateway enforces the consumer key's rules and the route's
// requirement, and answers refusals in the OVH API's shape the client reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevCertificate } from '../../server/src/tls/dev-cert.js';
import { grantConsumerKey } from '../../server/test/support/ovh.js';
import { parseGatewayConfig } from '../src/config.js';
import { buildGateway, type Gateway } from '../src/gateway.js';
import { type GatewayKeyward, startGatewayKeyward } from './support/keyward.js';
import { type Received, startUpstream, type Upstream } from './support/upstream.js';

interface OvhClient {
  requestPromised(method: string, path: string, params?: object): Promise<unknown>;
}
const ovh = createRequire(import.meta.url)('ovh') as (params: Record<string, unknown>) => OvhClient;

let keyward: GatewayKeyward;
let upstream: Upstream;
let gateway: Gateway;
let port: number;
let dir: string;
let credentialId: number;
let client: OvhClient;
let settings: Record<string, unknown>;
const previousCa = https.globalAgent.options.ca;

beforeAll(async () => {
  keyward = await startGatewayKeyward();
  upstream = await startUpstream();
  dir = mkdtempSync(join(tmpdir(), 'keyward-gateway-ovh-'));
  const { certPem, keyPem } = createDevCertificate();
  writeFileSync(join(dir, 'cert.pem'), certPem);
  writeFileSync(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
  const config = parseGatewayConfig(
    `
listen: { host: 127.0.0.1, port: 0 }
tls: { cert: ${join(dir, 'cert.pem')}, key: ${join(dir, 'key.pem')} }
keyward: { issuer: ${keyward.url}, clientId: ${keyward.gatewayClient.clientId} }
signingKey: { file: ${join(dir, 'key.json')} }
ovh: { rulesPrefix: /1.0 }
routes:
  - { name: billing, methods: [GET], path: /1.0/billing, upstream: ${upstream.url}, require: { permission: billing:read } }
  - { name: notes, methods: [POST], path: /1.0/billing/notes, upstream: ${upstream.url}, require: { permission: billing:read } }
  - { name: ledger, methods: [GET], path: /1.0/billing/*, upstream: ${upstream.url}, require: { permission: billing:write } }
  - { name: password, methods: [PUT], path: /1.0/me/password, upstream: ${upstream.url}, require: { userOnly: true } }
`,
    { env: { KEYWARD_GATEWAY_CLIENT_SECRET: keyward.gatewayClient.clientSecret } },
  );
  gateway = await buildGateway(config, { logger: false });
  port = Number(new URL(await gateway.listen()).port);
  https.globalAgent.options.ca = certPem;
  const key = await grantConsumerKey(keyward.server.container, {
    developerId: keyward.member.id,
    userId: keyward.member.id,
    rules: [
      { method: 'GET', path: '/billing' },
      { method: 'GET', path: '/billing/*' },
      { method: 'POST', path: '/billing/notes' },
    ],
  });
  credentialId = key.credentialId;
  settings = {
    appKey: key.applicationKey,
    appSecret: key.applicationSecret,
    host: '127.0.0.1',
    port,
    basePath: '/1.0',
  };
  // No apiTimeDiff: the client asks GET /1.0/auth/time first, which the gateway answers.
  client = ovh({ ...settings, consumerKey: key.consumerKey });
});
afterAll(async () => {
  https.globalAgent.options.ca = previousCa;
  await gateway?.close();
  await upstream?.close();
  await keyward?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<{ error: unknown; message: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { error: unknown; message: unknown };
  }
  throw new Error('the call succeeded');
}

describe('ovh 2.0.3 through the gateway', () => {
  it('reads billing within its rules; the upstream learns who signed', async () => {
    const received = (await client.requestPromised('GET', '/billing', { month: '2026-11' })) as Received;
    expect(received.url).toBe('/1.0/billing?month=2026-11');
    expect(received.headers).toMatchObject({
      'x-keyward-subject': keyward.member.id,
      'x-keyward-kind': 'user',
      'x-keyward-org': keyward.orgId,
      'x-keyward-credential': `consumer_key:${credentialId}`,
    });
    expect(String(received.headers['x-keyward-permissions'])).toContain('billing:read');
    expect(received.headers['x-keyward-assertion']).toBeTruthy();
  });

  it('posts a body the signature covers, and the upstream receives those bytes', async () => {
    const received = (await client.requestPromised('POST', '/billing/notes', {
      note: 'café ☕',
    })) as Received;
    expect(received.method).toBe('POST');
    expect(received.body).toBe('{"note":"caf\\u00e9 \\u2615"}');
  });

  it('is refused a call outside its rules: NOT_GRANTED_CALL, as the OVH API says it', async () => {
    expect(await failure(client.requestPromised('PUT', '/me/password', { password: 'x' }))).toEqual({
      error: 403,
      message: 'This call has not been granted',
    });
  });

  it('is refused a call its rules allow when its user lacks the route’s permission', async () => {
    const refused = await failure(client.requestPromised('GET', '/billing/ledger'));
    expect(refused.error).toBe(403);
    expect(String(refused.message)).toContain('billing:write');
  });

  it('is refused with a wrong application secret (Invalid signature), the secret never reaching the gateway', async () => {
    const forger = ovh({
      ...settings,
      appSecret: 'x'.repeat(32),
      consumerKey: (client as unknown as { consumerKey: string }).consumerKey,
    });
    expect(await failure(forger.requestPromised('GET', '/billing'))).toEqual({
      error: 400,
      message: 'Invalid signature',
    });
  });
});
