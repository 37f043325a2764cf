// The gateway in front of the seed's billing service, against a real Keyward on 127.0.0.1: each requirement
// allowed and denied, Bearer, DPoP and csp-auth-token callers (OVH-signed ones in ovh-client.test.ts), identity
// headers stripped and replaced, the forwarded JWT checked with the gateway's JWKS, streaming both ways,
// WebSocket, timeouts, the decision endpoint, health and metrics.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { boundToken, dpopKey, proofFor } from '../../verify/test/support/dpop.js';
import { keywardLikeClaims } from '../../verify/test/support/keyward.js';
import { parseGatewayConfig } from '../src/config.js';
import { buildGateway, type Gateway, JWKS_PATH } from '../src/gateway.js';
import { IDENTITY_JWT_TYPE } from '../src/identity.js';
import { createGatewayLogger } from '../src/logging.js';
import { type GatewayKeyward, startGatewayKeyward } from './support/keyward.js';
import { type Received, startUpstream, type Upstream } from './support/upstream.js';

let keyward: GatewayKeyward;
let upstream: Upstream;
let gateway: Gateway;
let gatewayUrl: string;
let dir: string;
let userToken: string;
let apiTokenId: string;
let appToken: string;

function configText(): string {
  return `
listen: { host: 127.0.0.1, port: 0 }
keyward:
  issuer: ${keyward.url}
  clientId: ${keyward.gatewayClient.clientId}
  introspectionCacheSeconds: 0
  # Off here, so local checks are seen to pass where only introspection refuses; revocation-feed.test.ts has it on.
  revocationFeed: false
signingKey: { file: ${join(dir, 'gateway-key.json')} }
timeouts: { responseSeconds: 1 }
routes:
  - name: billing-read
    methods: [GET]
    path: /billing
    upstream: ${upstream.url}
    require:
      anyOf:
        - permission: billing:read
        - { method: GET, path: /billing }
  - name: billing-write
    methods: [POST, DELETE]
    path: /billing/*
    upstream: ${upstream.url}
    require: { permission: billing:write }
  - name: password
    methods: [PUT]
    path: /me/password
    upstream: ${upstream.url}
    require: { userOnly: true, permission: accounts:password }
  - name: upload
    methods: [POST]
    path: /uploads
    upstream: ${upstream.url}
    require: { permission: billing:read }
  - name: stream
    methods: [GET]
    path: /stream
    upstream: ${upstream.url}
  - name: slow
    methods: [GET]
    path: /slow
    upstream: ${upstream.url}
  - name: live
    path: /live
    websocket: true
    upstream: ${upstream.url}
    require: { permission: billing:read }
  - name: refunds
    methods: [GET]
    path: /refunds
    upstream: ${upstream.url}
    immediate: true
    require: { permission: billing:read }
`;
}

beforeAll(async () => {
  keyward = await startGatewayKeyward();
  upstream = await startUpstream();
  dir = mkdtempSync(join(tmpdir(), 'keyward-gateway-'));
  const config = parseGatewayConfig(configText(), {
    env: { KEYWARD_GATEWAY_CLIENT_SECRET: keyward.gatewayClient.clientSecret },
  });
  gateway = await buildGateway(config, { logger: false });
  gatewayUrl = await gateway.listen();
  ({ accessToken: userToken, apiTokenId } = await keyward.apiTokenAccess());
  appToken = await keyward.clientCredentialsAccess();
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await keyward?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${gatewayUrl}${path}`, { method, headers, ...(body ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
}

describe('requirements, per credential kind', () => {
  it('lets an API token (a user) read billing, and forwards who it is', async () => {
    const { status, json } = await call('GET', '/billing?month=11', bearer(userToken));
    expect(status).toBe(200);
    const received = json as unknown as Received;
    expect(received.url).toBe('/billing?month=11');
    expect(received.headers).toMatchObject({
      'x-keyward-subject': keyward.member.id,
      'x-keyward-kind': 'user',
      'x-keyward-org': keyward.orgId,
      'x-keyward-credential': `api_token:${apiTokenId}`,
      'x-keyward-client': 'api-token',
    });
    expect(String(received.headers['x-keyward-permissions']).split(' ')).toContain('billing:read');
  });

  it('lets a server-to-server app read billing, and refuses it a password change (user only)', async () => {
    const read = await call('GET', '/billing', bearer(appToken));
    expect(read.status).toBe(200);
    expect((read.json as unknown as Received).headers['x-keyward-kind']).toBe('app');
    const change = await call('PUT', '/me/password', bearer(appToken), '{}');
    expect(change.status).toBe(403);
    expect(change.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(change.json.error_description).toMatch(/only a user may do this/);
  });

  it('lets the user change their password', async () => {
    const { status } = await call(
      'PUT',
      '/me/password',
      { ...bearer(userToken), 'content-type': 'application/json' },
      '{"password":"x"}',
    );
    expect(status).toBe(200);
  });

  it('names the missing permission, in the challenge and the body', async () => {
    const { status, headers, json } = await call('DELETE', '/billing/invoices/7', bearer(userToken));
    expect(status).toBe(403);
    expect(headers.get('www-authenticate')).toContain('scope="billing:write"');
    expect(json).toMatchObject({ error: 'insufficient_scope', scope: 'billing:write' });
  });

  it('refuses billing to a token with neither the permission nor consumer-key rules, naming both ways in', async () => {
    const token = keyward.sign(
      keywardLikeClaims(keyward, { perms: ['csp:org_member'], scope: 'csp:org_member' }),
    );
    const { status, headers, json } = await call('GET', '/billing', bearer(token));
    expect(status).toBe(403);
    expect(headers.get('www-authenticate')).toContain('scope="billing:read"');
    expect(json.error_description).toMatch(
      /any one of: \(1\) this needs the permission billing:read.*\(2\) GET \/billing is allowed here by consumer-key access rules/,
    );
  });

  it('answers CSP callers (csp-auth-token) in CSP’s shape', async () => {
    const ok = await call('GET', '/billing', { 'csp-auth-token': userToken });
    expect(ok.status).toBe(200);
    const refused = await call('DELETE', '/billing/invoices/7', { 'csp-auth-token': userToken });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ errorCode: 'auth.forbidden', statusCode: 403, moduleCode: 340 });
    expect(refused.headers.get('csp-request-id')).toBeTruthy();
  });

  it('asks for a token when none is sent, and refuses a forged one', async () => {
    const none = await call('GET', '/billing');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="keyward-gateway"');
    const forged = await call('GET', '/billing', bearer(`${userToken.slice(0, -4)}AAAA`));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a revoked API token at once on a route marked immediate, while local checks still pass', async () => {
    const { accessToken, apiTokenId: id } = await keyward.apiTokenAccess();
    expect((await call('GET', '/refunds', bearer(accessToken))).status).toBe(200);
    await keyward.server.container.apiTokens.revoke(keyward.member.caller, id);
    expect((await call('GET', '/billing', bearer(accessToken))).status).toBe(200);
    const refused = await call('GET', '/refunds', bearer(accessToken));
    expect(refused.status).toBe(401);
    expect(refused.json.error_description).toMatch(/inactive/);
  });

  it('checks the DPoP proof of a bound token on every request, never from its cache of verified tokens', async () => {
    keyward.server.clock.set(Date.now());
    const key = await dpopKey();
    const token = await boundToken(keyward, key);
    const url = `${gatewayUrl}/billing`;
    const proof = await proofFor(key, token, 'GET', url);
    const dpop = (withProof: string) => ({ authorization: `DPoP ${token}`, dpop: withProof });
    expect((await call('GET', '/billing', dpop(proof))).status).toBe(200);
    // The same proof again is a replay; a fresh one passes; the bound token as Bearer does not.
    const replay = await call('GET', '/billing', dpop(proof));
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    expect((await call('GET', '/billing', dpop(await proofFor(key, token, 'GET', url)))).status).toBe(200);
    expect((await call('GET', '/billing', bearer(token))).status).toBe(401);
    expect((await call('GET', '/billing', { authorization: `DPoP ${token}` })).status).toBe(401);
  });

  it('has no route for what the configuration does not name', async () => {
    expect((await call('GET', '/admin', bearer(userToken))).status).toBe(404);
    expect((await call('PUT', '/billing', bearer(userToken))).status).toBe(404);
  });
});

describe('identity forwarded upstream', () => {
  it('strips identity headers a caller sends and puts the gateway’s own', async () => {
    const { json } = await call('GET', '/billing', {
      ...bearer(appToken),
      'X-Keyward-Subject': 'platform-operator',
      'X-Keyward-Permissions': 'billing:write',
      'X-Keyward-Admin': 'yes',
      'X-Keyward-Assertion': 'forged.jwt.value',
    });
    const { headers } = json as unknown as Received;
    expect(headers['x-keyward-subject']).toBe(keyward.serverApp.app.id);
    expect(headers['x-keyward-permissions']).toBe('billing:read');
    expect(headers['x-keyward-admin']).toBeUndefined();
    expect(headers['x-keyward-assertion']).not.toBe('forged.jwt.value');
  });

  it('signs a short-lived JWT for the upstream, verifiable with the gateway’s JWKS', async () => {
    const { json } = await call('GET', '/billing', bearer(userToken));
    const jwt = String((json as unknown as Received).headers['x-keyward-assertion']);
    const jwks = (await fetch(`${gatewayUrl}${JWKS_PATH}`).then((r) => r.json())) as { keys: [] };
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
      issuer: gatewayUrl,
      audience: upstream.url,
      typ: IDENTITY_JWT_TYPE,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      sub: keyward.member.id,
      kind: 'user',
      org: keyward.orgId,
      cred: { type: 'api_token' },
    });
    expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(60);
    // Another upstream's audience is refused: a JWT forwarded to one service cannot be replayed at another.
    await expect(
      jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: gatewayUrl, audience: 'http://127.0.0.1:1' }),
    ).rejects.toThrow();
  });

  it('keeps the signing key across restarts (the same file)', async () => {
    const again = await buildGateway(
      parseGatewayConfig(configText(), { env: { KEYWARD_GATEWAY_CLIENT_SECRET: 'x' } }),
      { logger: false },
    );
    const first = (await gateway.app.inject({ url: JWKS_PATH })).json();
    const second = (await again.app.inject({ url: JWKS_PATH })).json();
    expect(second).toEqual(first);
    await again.close();
  });
});

describe('the access log', () => {
  it('writes one line per request, naming the caller, with no credential and no query value', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const logged = await buildGateway(
      parseGatewayConfig(configText(), {
        env: { KEYWARD_GATEWAY_CLIENT_SECRET: keyward.gatewayClient.clientSecret },
      }),
      { logger: createGatewayLogger('info', destination) },
    );
    const url = await logged.listen();
    try {
      const response = await fetch(`${url}/billing?api_key=very-secret&page=2`, {
        headers: bearer(userToken),
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const denied = await fetch(`${url}/billing/refunds`, { method: 'POST', headers: bearer(userToken) });
      expect(denied.status).toBe(403);
    } finally {
      await logged.close();
    }
    const requests = lines.filter((line) => typeof line.req === 'object');
    expect(requests.map((line) => line.msg)).toEqual(['request completed', 'request completed']);
    expect(requests[0]).toMatchObject({
      req: { method: 'GET', url: '/billing?api_key=…&page=…' },
      res: { statusCode: 200 },
      subject: expect.any(String),
    });
    expect(requests[1]).toMatchObject({ res: { statusCode: 403 } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('very-secret');
    expect(text).not.toContain(userToken);
  });
});

describe('proxying', () => {
  it('streams request bodies to the upstream without holding them', async () => {
    const chunk = Buffer.alloc(256 * 1024, 7);
    const chunks = 20;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > chunks) controller.close();
        else controller.enqueue(chunk);
      },
    });
    let sent = 0;
    const response = await fetch(`${gatewayUrl}/uploads`, {
      method: 'POST',
      headers: { ...bearer(userToken), 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    const received = (await response.json()) as Received;
    const hash = createHash('sha256');
    for (let i = 0; i < chunks; i++) hash.update(chunk);
    expect(received.bodyBytes).toBe(chunk.length * chunks);
    expect(received.bodySha256).toBe(hash.digest('hex'));
  });

  it('streams responses: the first chunk arrives before the upstream has finished', async () => {
    const response = await fetch(`${gatewayUrl}/stream`, { headers: bearer(userToken) });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first chunk\n');
    upstream.release();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toBe('last chunk\n');
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const response = await call('GET', '/slow', bearer(userToken));
    expect(response.status).toBe(504);
    expect(response.json.error).toBe('upstream_timeout');
    upstream.release();
  });

  it('proxies WebSocket upgrades with the identity headers, and refuses them without a token', async () => {
    const wsUrl = `${gatewayUrl.replace('http', 'ws')}/live`;
    const socket = new WebSocket(wsUrl, { headers: bearer(userToken) });
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({
      url: '/live',
      identity: { 'x-keyward-subject': keyward.member.id, 'x-keyward-kind': 'user' },
    });
    socket.send('hello');
    const echoed = await new Promise<string>((resolve) =>
      socket.once('message', (data) => resolve(String(data))),
    );
    expect(echoed).toBe('echo: hello');
    socket.close();

    const refused = new WebSocket(wsUrl);
    const status = await new Promise<number>((resolve) => {
      refused.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      refused.once('open', () => resolve(101));
      refused.once('error', () => resolve(-1));
    });
    expect(status).toBe(401);
  });
});

describe('decision endpoint (nginx auth_request, Envoy ext_authz)', () => {
  it('answers 200 with the identity headers for nginx’s X-Original-* subrequest', async () => {
    const response = await gateway.app.inject({
      method: 'GET',
      url: '/decisions',
      headers: { ...bearer(userToken), 'x-original-uri': '/billing?month=11', 'x-original-method': 'GET' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-keyward-subject']).toBe(keyward.member.id);
    expect(decodeJwt(String(response.headers['x-keyward-assertion'])).aud).toBe(upstream.url);
  });

  it('takes Envoy’s form: the original method, the decision path prefixed to the original path', async () => {
    const allowed = await gateway.app.inject({
      method: 'PUT',
      url: '/decisions/me/password',
      headers: bearer(userToken),
    });
    expect(allowed.statusCode).toBe(200);
    const refused = await gateway.app.inject({
      method: 'PUT',
      url: '/decisions/me/password',
      headers: bearer(appToken),
    });
    expect(refused.statusCode).toBe(403);
    const missing = await gateway.app.inject({ method: 'GET', url: '/decisions/billing' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="keyward-gateway"');
  });

  it('refuses what no route names', async () => {
    const response = await gateway.app.inject({
      method: 'GET',
      url: '/decisions/admin',
      headers: bearer(userToken),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('operations', () => {
  it('answers /healthz and counts requests in /metrics', async () => {
    const health = await call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    const metrics = await (await fetch(`${gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /keyward_gateway_requests_total\{route="billing-read",outcome="allowed",credential="api_token"\} \d+/,
    );
    expect(metrics).toMatch(
      /keyward_gateway_requests_total\{route="password",outcome="denied",credential="none"\} \d+/,
    );
    expect(metrics).toContain('keyward_gateway_decision_duration_seconds_bucket');
  });
});
