// The gateway follows Keyward's revocation feed by default: a token it verified (and cached) is refused within
// 2 s of its API token's revocation, on every route, cached or not (issue 14 part 2).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config.js';
import { buildGateway, type Gateway } from '../src/gateway.js';
import { type GatewayKeyward, startGatewayKeyward } from './support/keyward.js';
import { startUpstream, type Upstream } from './support/upstream.js';

let keyward: GatewayKeyward;
let upstream: Upstream;
let gateway: Gateway;
let gatewayUrl: string;
let dir: string;

beforeAll(async () => {
  keyward = await startGatewayKeyward();
  upstream = await startUpstream();
  dir = mkdtempSync(join(tmpdir(), 'keyward-gateway-feed-'));
  const config = parseGatewayConfig(
    `
listen: { host: 127.0.0.1, port: 0 }
keyward:
  issuer: ${keyward.url}
  clientId: ${keyward.gatewayClient.clientId}
signingKey: { file: ${join(dir, 'gateway-key.json')} }
routes:
  - name: billing-read
    methods: [GET]
    path: /billing
    upstream: ${upstream.url}
    require: { permission: billing:read }
`,
    { env: { KEYWARD_GATEWAY_CLIENT_SECRET: keyward.gatewayClient.clientSecret } },
  );
  gateway = await buildGateway(config, { logger: false });
  gatewayUrl = await gateway.listen();
  await gateway.verifier.ready();
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await keyward?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const billing = async (token: string) =>
  (await fetch(`${gatewayUrl}/billing`, { headers: { authorization: `Bearer ${token}` } })).status;

it('refuses a token it already let through once its API token is revoked', async () => {
  const { accessToken, apiTokenId } = await keyward.apiTokenAccess();
  expect(await billing(accessToken)).toBe(200);
  expect(await billing(accessToken)).toBe(200); // now from its cache of verified tokens
  await keyward.server.container.apiTokens.revoke(keyward.member.caller, apiTokenId);
  const start = performance.now();
  await expect.poll(() => billing(accessToken), { timeout: 15_000, interval: 10 }).toBe(401);
  console.log(`gateway: API token revoked, refused ${Math.round(performance.now() - start)} ms after`);
});
