// The operator's command line, run as a user would run it: the built `keyward` binary on a fresh data dir.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess } from './support/cli.js';
import { TEST_SECRET } from './support/server.js';

let env: Record<string, string>;

beforeAll(() => {
  env = { KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyward-cli-')), KEYWARD_SECRET: TEST_SECRET };
});

async function json(args: string[]): Promise<Record<string, unknown>> {
  const result = await runCli([...args, '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // one JSON object, nothing else on stdout
  return JSON.parse(lines[0] as string);
}

describe('keyward --help', () => {
  it('lists the commands', async () => {
    const result = await runCli(['--help'], env);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'admin', 'keys']) expect(result.stdout).toContain(command);
    const admin = await runCli(['admin', '--help'], env);
    for (const command of ['create-user', 'create-org', 'add-member', 'create-service'])
      expect(admin.stdout).toContain(command);
  });
});

describe('admin commands, then sign-in', () => {
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('create a user, an org, a service and a membership that the user then sees after signing in', async () => {
    const user = await json([
      'admin',
      'create-user',
      '--email',
      'Grace@Example.com',
      '--password',
      'cobol compiler 1959',
      '--name',
      'Grace',
    ]);
    expect(user).toMatchObject({ email: 'grace@example.com', name: 'Grace', platformRoles: [] });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    await json([
      'admin',
      'create-user',
      '--email',
      'owner@example.com',
      '--password',
      'owner passphrase 1',
      '--operator',
    ]);
    const org = await json(['admin', 'create-org', '--name', 'Navy', '--owner', 'owner@example.com']);
    expect(org).toMatchObject({ name: 'Navy', orgRoles: ['org_owner'] });
    const service = await json([
      'admin',
      'create-service',
      '--id',
      'billing',
      '--name',
      'Billing',
      '--role',
      'viewer=billing:read',
      '--role',
      'admin=billing:read,billing:write',
    ]);
    expect(service).toMatchObject({
      id: 'billing',
      roles: [{ name: 'viewer', permissions: ['billing:read'] }, { name: 'admin' }],
    });
    const member = await json([
      'admin',
      'add-member',
      '--org',
      String(org.id),
      '--email',
      'grace@example.com',
      '--roles',
      'org_member,developer',
      '--service-roles',
      'billing:viewer',
    ]);
    expect(member).toMatchObject({
      orgId: org.id,
      userId: user.id,
      orgRoles: ['developer', 'org_member'],
      serviceRoles: ['billing:viewer'],
    });

    server = await startServerProcess(env);
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'grace@example.com', password: 'cobol compiler 1959' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = (await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json()) as {
      memberships: unknown[];
    };
    expect(me.memberships).toEqual([
      expect.objectContaining({
        id: org.id,
        orgRoles: ['developer', 'org_member'],
        serviceRoles: ['billing:viewer'],
      }),
    ]);
    // Not a first run: the database already had users, so no operator was generated.
    expect(server.stderr()).not.toContain('First start');
  });

  it('audits CLI actions as the system actor', async () => {
    const owner = await fetch(`${server?.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: 'owner passphrase 1' }),
    });
    const cookie = (owner.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const events = (await (
      await fetch(`${server?.url}/api/v1/audit-events?pageLimit=20`, { headers: { cookie } })
    ).json()) as { results: { action: string; actor: { kind: string; id: string } }[] };
    const actions = events.results.map((e: { action: string; actor: { kind: string; id: string } }) => [
      e.action,
      e.actor.kind,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['user.created', 'system'],
        ['org.created', 'system'],
        ['service.created', 'system'],
        ['member.added', 'system'],
      ]),
    );
    const created = events.results.find((e: { action: string }) => e.action === 'service.created');
    expect(created?.actor.id).toMatch(/^cli:/);
  });
});

describe('errors', () => {
  it('exits 1 with the error code on stderr for a refused action', async () => {
    const result = await runCli(
      ['admin', 'create-user', '--email', 'grace@example.com', '--password', 'whatever passphrase'],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('user.email_taken');
    expect(result.stdout).toBe('');
    const role = await runCli(
      ['admin', 'add-member', '--org', 'x', '--email', 'a@b.c', '--roles', 'emperor'],
      env,
    );
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('role.unknown');
  });

  it('exits 2 naming the variable when the configuration is wrong', async () => {
    const result = await runCli(['migrate'], { ...env, KEYWARD_DATABASE_URL: 'mysql://root:pw@localhost/x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KEYWARD_DATABASE_URL: /);
    expect(result.stderr).not.toContain('pw@');
  });

  it('reads a password from stdin', async () => {
    const result = await runCli(
      ['admin', 'create-user', '--email', 'stdin@example.com', '--password-stdin', '--json'],
      env,
      'from standard input\n',
    );
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('keys', () => {
  it('rotates and lists signing keys', async () => {
    const rotated = await json(['keys', 'rotate', '--alg', 'RS256']);
    expect(rotated).toMatchObject({ alg: 'RS256' });
    const listed = await json(['keys', 'list']);
    const keys = listed.keys as { kid: string; state: string }[];
    expect(keys[0]).toMatchObject({ kid: rotated.kid, state: 'active' });
    expect(keys.slice(1).every((key) => key.state === 'retired')).toBe(true);
  });
});

describe('serve over TLS', () => {
  it('serves HTTPS with KEYWARD_TLS_CERT / KEYWARD_TLS_KEY, with an https issuer and HSTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    // A throwaway certificate for 127.0.0.1 (openssl ships with the machine; `keyward tls dev-cert` comes later).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const server = await startServerProcess({ ...env, KEYWARD_TLS_CERT: cert, KEYWARD_TLS_KEY: key });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>(
        (resolve, reject) => {
          httpsGet(`${server.url}/.well-known/openid-configuration`, { ca: readFileSync(cert) }, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body }),
            );
          }).on('error', reject);
        },
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).issuer).toBe(server.url);
      expect(answer.hsts).toMatch(/max-age=31536000/);
    } finally {
      await server.stop();
    }
  });

  it('stops with the variable name when a certificate file is missing', async () => {
    const result = await runCli(['serve', '--port', '0'], {
      ...env,
      KEYWARD_TLS_CERT: '/nope/cert.pem',
      KEYWARD_TLS_KEY: '/nope/key.pem',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KEYWARD_TLS_CERT: /);
  });
});
