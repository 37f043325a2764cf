// Debian's nginx in front of the billing service, asking the gateway's decision endpoint with auth_request
// (the configuration docs/gateway.md gives), against a real Keyward. Skipped only when /usr/sbin/nginx is absent
// (CI installs it).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/config.js';
import { buildGateway, type Gateway } from '../src/gateway.js';
import { type GatewayKeyward, startGatewayKeyward } from './support/keyward.js';
import { type Received, startUpstream, type Upstream } from './support/upstream.js';

const NGINX = '/usr/sbin/nginx';
const present = existsSync(NGINX);
if (!present)
  console.warn(`nginx auth_request test skipped: ${NGINX} is not installed (apt-get install nginx)`);

let keyward: GatewayKeyward;
let upstream: Upstream;
let gateway: Gateway;
let nginx: ChildProcess;
let nginxUrl: string;
let dir: string;
let nginxLog = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The nginx.conf of docs/gateway.md, on loopback ports, everything under a temporary prefix. */
function nginxConf(port: number, gatewayUrl: string): string {
  return `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;

  server {
    listen 127.0.0.1:${port};

    location / {
      auth_request /_keyward;
      auth_request_set $keyward_subject $upstream_http_x_keyward_subject;
      auth_request_set $keyward_kind $upstream_http_x_keyward_kind;
      auth_request_set $keyward_org $upstream_http_x_keyward_org;
      auth_request_set $keyward_permissions $upstream_http_x_keyward_permissions;
      auth_request_set $keyward_assertion $upstream_http_x_keyward_assertion;
      # Set every identity header the upstream reads: a caller's own copy is replaced, never passed on.
      proxy_set_header X-Keyward-Subject $keyward_subject;
      proxy_set_header X-Keyward-Kind $keyward_kind;
      proxy_set_header X-Keyward-Org $keyward_org;
      proxy_set_header X-Keyward-Permissions $keyward_permissions;
      proxy_set_header X-Keyward-Assertion $keyward_assertion;
      proxy_pass ${upstream.url};
    }

    location = /_keyward {
      internal;
      proxy_pass ${gatewayUrl}/decisions;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
    }
  }
}
`;
}

describe.skipIf(!present)('nginx auth_request against the decision endpoint', () => {
  beforeAll(async () => {
    keyward = await startGatewayKeyward();
    upstream = await startUpstream();
    dir = mkdtempSync(join(tmpdir(), 'keyward-nginx-'));
    mkdirSync(join(dir, 'tmp'));
    const config = parseGatewayConfig(
      `
listen: { host: 127.0.0.1, port: 0 }
keyward: { issuer: ${keyward.url} }
signingKey: { file: ${join(dir, 'key.json')} }
routes:
  - { name: billing, methods: [GET], path: /billing, audience: billing, require: { permission: billing:read } }
  - { name: password, methods: [PUT], path: /me/password, audience: accounts, require: { userOnly: true } }
`,
    );
    gateway = await buildGateway(config, { logger: false });
    const gatewayUrl = await gateway.listen();
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(port, gatewayUrl));
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nginx.stderr?.on('data', (chunk) => {
      nginxLog += chunk;
    });
    nginxUrl = `http://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 100; attempt++) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
      try {
        await fetch(`${nginxUrl}/billing`);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`nginx did not start: ${nginxLog}`);
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await gateway?.close();
    await upstream?.close();
    await keyward?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets a token with billing:read through, with the identity the gateway decided', async () => {
    const { accessToken } = await keyward.apiTokenAccess();
    const response = await fetch(`${nginxUrl}/billing?month=11`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-keyward-subject': 'someone-else' },
    });
    expect(response.status).toBe(200);
    const received = (await response.json()) as Received;
    expect(received.url).toBe('/billing?month=11');
    expect(received.headers['x-keyward-subject']).toBe(keyward.member.id);
    expect(received.headers['x-keyward-permissions']).toContain('billing:read');
    expect(received.headers['x-keyward-assertion']).toMatch(/^ey/);
  });

  it('answers 401 without a token and 403 for an app on a user-only route', async () => {
    expect((await fetch(`${nginxUrl}/billing`)).status).toBe(401);
    const appToken = await keyward.clientCredentialsAccess();
    const response = await fetch(`${nginxUrl}/me/password`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${appToken}` },
      body: '{}',
    });
    expect(response.status).toBe(403);
    const allowed = await fetch(`${nginxUrl}/billing`, { headers: { authorization: `Bearer ${appToken}` } });
    expect(allowed.status).toBe(200);
  });
});
