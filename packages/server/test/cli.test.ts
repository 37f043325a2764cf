// The operator's command line, run as a user would run it: the built `keyward` binary on a fresh data dir.
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
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
    for (const command of ['create-user', 'create-org', 'add-member', 'create-service', 'reset-password'])
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
      '--resource',
      'https://billing.example.com/',
    ]);
    expect(service).toMatchObject({
      id: 'billing',
      roles: [{ name: 'viewer', permissions: ['billing:read'] }, { name: 'admin' }],
      resource: 'https://billing.example.com/',
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
  }, 60_000); // six processes one after another: about 15 s on a busy 2-core machine

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

  it('resets a lost password: a generated one shown once, the old one and every session ended', async () => {
    const signIn = (password: string) =>
      fetch(`${server?.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'grace@example.com', password }),
      });
    const before = await signIn('cobol compiler 1959');
    const oldCookie = (before.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const reset = await json(['admin', 'reset-password', '--email', 'Grace@Example.com']);
    expect(reset).toMatchObject({ email: 'grace@example.com' });
    expect(reset.password).toMatch(/^[0-9A-Za-z]{24}$/);

    expect((await signIn('cobol compiler 1959')).status).toBe(401);
    expect((await fetch(`${server?.url}/api/v1/me`, { headers: { cookie: oldCookie } })).status).toBe(401);
    const temporary = await signIn(String(reset.password));
    expect(temporary.status).toBe(200);
    // Generated, so seen by whoever ran the command: for one sign-in, then replaced.
    expect(((await temporary.json()) as { user: unknown }).user).toBeDefined();
    const temporaryCookie = (temporary.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(`${server?.url}/api/v1/me`, { headers: { cookie: temporaryCookie } });
    expect(((await me.json()) as { passwordChangeRequired: boolean }).passwordChangeRequired).toBe(true);

    const chosen = await runCli(
      ['admin', 'reset-password', '--email', 'grace@example.com', '--password-stdin', '--json'],
      env,
      'hopper debugging moth\n',
    );
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(JSON.parse(chosen.stdout)).not.toHaveProperty('password');
    const own = await signIn('hopper debugging moth');
    expect(own.status).toBe(200);
    // Chosen by its holder: theirs to keep.
    const ownCookie = (own.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ownMe = await fetch(`${server?.url}/api/v1/me`, { headers: { cookie: ownCookie } });
    expect(((await ownMe.json()) as { passwordChangeRequired: boolean }).passwordChangeRequired).toBe(false);

    const weak = await runCli(
      ['admin', 'reset-password', '--email', 'grace@example.com', '--password', 'x'],
      env,
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('user.password_rejected');
    const unknown = await runCli(['admin', 'reset-password', '--email', 'nobody@example.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('user.not_found');
    expect(unknown.stdout).toBe('');
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
    const made = await runCli(['tls', 'dev-cert', '--data', dir, '--json'], env);
    expect(made.code, made.stderr).toBe(0);
    const { certFile: cert, keyFile: key } = JSON.parse(made.stdout) as { certFile: string; keyFile: string };
    expect(cert).toBe(join(dir, 'tls', 'cert.pem'));
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

  it('tls dev-cert refuses to replace a certificate without --force, and keeps the key private', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-tls-'));
    const first = await runCli(['tls', 'dev-cert', '--data', dir, '--host', 'keyward.test', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const made = JSON.parse(first.stdout) as { keyFile: string; certFile: string; fingerprint256: string };
    expect(made).toMatchObject({
      keyFile: join(dir, 'tls', 'key.pem'),
      fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      validTo: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      subjectAltNames: ['DNS:localhost', 'DNS:keyward.test', 'IP:127.0.0.1', 'IP:::1'],
    });
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    expect(statSync(made.keyFile).mode & 0o777).toBe(0o600);
    const certBefore = readFileSync(made.certFile, 'utf8');

    const refused = await runCli(['tls', 'dev-cert', '--data', dir], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('already exist');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(made.certFile, 'utf8')).toBe(certBefore);

    chmodSync(made.keyFile, 0o644); // the replacement is private even where the old key was not
    const replaced = await runCli(['tls', 'dev-cert', '--data', dir, '--force'], env);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain(`--tls-cert ${made.certFile} --tls-key ${made.keyFile}`);
    expect(replaced.stdout).toContain(`NODE_EXTRA_CA_CERTS=${made.certFile}`);
    expect(readFileSync(made.certFile, 'utf8')).not.toBe(certBefore);
    expect(replaced.stdout).not.toContain(made.fingerprint256);
    expect(statSync(made.keyFile).mode & 0o777).toBe(0o600);
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
