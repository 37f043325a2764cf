// examples/billing runs as its README says, against a real Keyward: setup.js through the management API, the
// consumer key validated, service.js verifying each of the three credential kinds itself, then the same service
// behind `keyward gateway --config gateway.yaml` (the example's file with this test's ports).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../server/src/core/principal.js';
import { KEYWARD_BIN } from '../../server/test/support/cli.js';
import { userCaller } from '../../server/test/support/ovh.js';
import { ADMIN, startListeningServer, type TestServer } from '../../server/test/support/server.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/billing/', import.meta.url));
let keyward: TestServer & { url: string };
let dir: string;
let local: string;
const started: ChildProcess[] = [];

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

function node(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(EXAMPLE, script), ...args],
      { env: { PATH: process.env.PATH ?? '', BILLING_LOCAL: local, ...env } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${script} failed: ${stderr}${stdout}`)) : resolve(stdout),
    );
  });
}

/** Starts a long-running process and waits for the line that says it is up. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', BILLING_LOCAL: local, ...env },
  });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** `node call.js …`: the status and the JSON answer. */
async function call(
  target: string,
  ...args: string[]
): Promise<{ status: number; body: Record<string, unknown> }> {
  const out = await node('call.js', args, { TARGET: target });
  const [status, ...rest] = out.trim().split(' ');
  return { status: Number(status), body: JSON.parse(rest.join(' ')) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-billing-example-'));
  local = join(dir, 'local.json');
  keyward = await startListeningServer({
    env: { KEYWARD_SIGNED_REQUEST_CHECKERS: 'billing-service,billing-gateway' },
  });
  const out = await node('setup.js', [], {
    KEYWARD_ISSUER: keyward.url,
    KEYWARD_ADMIN_EMAIL: ADMIN.email,
    KEYWARD_ADMIN_PASSWORD: ADMIN.password,
  });
  expect(out).toContain('Validate the consumer key');
  // The person behind the operator account validates the consumer key (the page does this; see ovh-clients tests).
  const { ovh } = JSON.parse(readFileSync(local, 'utf8'));
  const token = new URL(ovh.validationUrl).searchParams.get('credentialToken') as string;
  const operatorId = (
    await keyward.container.users.list(systemCaller('example'), { pageStart: 1, pageLimit: 10 })
  ).items.find((user) => user.email === ADMIN.email)?.id as string;
  await keyward.container.credentialRequests.decide(userCaller(operatorId), token, {
    approve: true,
    validitySeconds: 3600,
  });
});
afterAll(async () => {
  for (const child of started) await stop(child);
  await keyward?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the billing service with @keyward/verify', () => {
  let service: string;
  beforeAll(async () => {
    const port = await freePort();
    service = `http://127.0.0.1:${port}`;
    await start(
      [join(EXAMPLE, 'service.js')],
      { PORT: String(port), KEYWARD_ISSUER: keyward.url, LOG_LEVEL: 'warn' },
      /Billing service on/,
    );
  });

  it('lets billing be read with an API token, a server-to-server app and a consumer key', async () => {
    const byToken = await call(service, 'api-token', 'GET', '/billing');
    expect(byToken).toMatchObject({ status: 200, body: { readBy: { kind: 'user', via: 'api_token' } } });
    expect(await call(service, 'app', 'GET', '/billing')).toMatchObject({
      status: 200,
      body: { readBy: { kind: 'app', via: 'client' } },
    });
    expect(await call(service, 'ovh', 'GET', '/billing')).toMatchObject({
      status: 200,
      body: { readBy: { kind: 'user', via: 'consumer_key' } },
    });
  });

  it('lets only a user change a password', async () => {
    expect(
      await call(service, 'api-token', 'PUT', '/me/password', '{"password":"a new long passphrase"}'),
    ).toMatchObject({
      status: 200,
      body: { changed: true },
    });
    expect(await call(service, 'app', 'PUT', '/me/password', '{"password":"x"}')).toMatchObject({
      status: 403,
      body: { error: 'insufficient_scope' },
    });
    expect(await call(service, 'ovh', 'PUT', '/me/password', '{"password":"x"}')).toMatchObject({
      status: 403,
      body: { errorCode: 'NOT_GRANTED_CALL' },
    });
  });
});

describe('the same service behind keyward gateway', () => {
  let gateway: string;
  let service: string;
  beforeAll(async () => {
    const [servicePort, gatewayPort] = [await freePort(), await freePort()];
    service = `http://127.0.0.1:${servicePort}`;
    gateway = `http://127.0.0.1:${gatewayPort}`;
    const yaml = readFileSync(join(EXAMPLE, 'gateway.yaml'), 'utf8')
      .replaceAll('http://127.0.0.1:8080', keyward.url)
      .replaceAll('http://127.0.0.1:9000', service)
      .replace('port: 8443', `port: ${gatewayPort}`)
      .replace('./gateway-signing-key.json', join(dir, 'gateway-key.json'));
    writeFileSync(join(dir, 'gateway.yaml'), yaml);
    const { billingGateway } = JSON.parse(readFileSync(local, 'utf8'));
    await start(
      [KEYWARD_BIN, 'gateway', '--config', join(dir, 'gateway.yaml')],
      { KEYWARD_GATEWAY_CLIENT_SECRET: billingGateway.clientSecret },
      /Keyward gateway is running/,
    );
    await start(
      [join(EXAMPLE, 'service.js')],
      { PORT: String(servicePort), KEYWARD_GATEWAY_URL: gateway, LOG_LEVEL: 'warn' },
      /Billing service on/,
    );
  });

  it('reads billing through the gateway with each credential kind, the service trusting its signed identity', async () => {
    expect(await call(gateway, 'api-token', 'GET', '/billing')).toMatchObject({
      status: 200,
      body: { readBy: { kind: 'user', via: 'gateway (api_token)' } },
    });
    expect(await call(gateway, 'app', 'GET', '/billing')).toMatchObject({
      status: 200,
      body: { readBy: { kind: 'app' } },
    });
    expect(await call(gateway, 'ovh', 'GET', '/billing')).toMatchObject({
      status: 200,
      body: { readBy: { via: 'gateway (consumer_key)' } },
    });
  });

  it('refuses an app a password change at the gateway, and a call around the gateway at the service', async () => {
    expect(await call(gateway, 'app', 'PUT', '/me/password', '{"password":"x"}')).toMatchObject({
      status: 403,
    });
    expect(await call(service, 'api-token', 'GET', '/billing')).toMatchObject({ status: 401 });
  });
});
