// Several Keyward processes on one PostgreSQL database: they start together without racing on migrations or
// first-run work, and a node with another server secret refuses to start.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservePort } from '../src/ops/ports.js';
import { openDatabase } from '../src/storage/db.js';
import { migrationsFor } from '../src/storage/migrations/index.js';
import { Browser } from './support/browser.js';
import { type RunningServer, runCli, startServerProcess } from './support/cli.js';
import { postgresUrl } from './support/databases.js';
import { TEST_SECRET } from './support/server.js';

const describePostgres = postgresUrl ? describe : describe.skip;

describePostgres('two nodes on one PostgreSQL database', () => {
  const database = `kw_multi_${randomBytes(5).toString('hex')}`;
  let url = '';
  const admin = () => openDatabase({ kind: 'postgres', url: postgresUrl as string }, { poolSize: 1 });

  beforeAll(async () => {
    const db = admin();
    await sql`create database ${sql.id(database)}`.execute(db.kysely);
    await db.close();
    const parsed = new URL(postgresUrl as string);
    parsed.pathname = `/${database}`;
    url = parsed.href;
  });

  afterAll(async () => {
    const db = admin();
    await sql`drop database if exists ${sql.id(database)} with (force)`.execute(db.kysely);
    await db.close();
  });

  it('start together: one migration run, one signing key, one first operator; both serve', async () => {
    const env = (n: number) => ({
      KEYWARD_DATABASE_URL: url,
      KEYWARD_SECRET: TEST_SECRET,
      KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), `keyward-node${n}-`)),
    });
    const nodes = await Promise.all([startServerProcess(env(1)), startServerProcess(env(2))]);
    try {
      for (const node of nodes) {
        expect(((await (await fetch(`${node.url}/readyz`)).json()) as { status: string }).status).toBe(
          'ready',
        );
      }
      const jwks = await Promise.all(
        nodes.map(async (node) => (await fetch(`${node.url}/oauth/jwks`)).json()),
      );
      expect(jwks[0]).toEqual(jwks[1]);
      expect(nodes.filter((node) => node.stderr().includes('First start'))).toHaveLength(1);

      const db = openDatabase({ kind: 'postgres', url }, { poolSize: 1 });
      try {
        const count = async (table: 'users' | 'orgs' | 'signing_keys' | 'memberships') =>
          Number(
            (
              await db.kysely
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        expect(await count('users')).toBe(1);
        expect(await count('orgs')).toBe(1);
        expect(await count('memberships')).toBe(1);
        expect(await count('signing_keys')).toBe(1);
        const { rows } = await sql<{
          name: string;
        }>`select name from keyward_migrations order by name`.execute(db.kysely);
        expect(rows.map((row) => row.name)).toEqual(Object.keys(migrationsFor('postgres')));
      } finally {
        await db.close();
      }
    } finally {
      const codes = await Promise.all(nodes.map((node) => node.stop()));
      expect(codes).toEqual([0, 0]);
    }
  });

  it('a node with a different KEYWARD_SECRET refuses to start', async () => {
    const result = await runCli(['migrate'], {
      KEYWARD_DATABASE_URL: url,
      KEYWARD_SECRET: 'another-secret-that-is-long-enough-to-be-valid',
      KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'keyward-node3-')),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KEYWARD_SECRET: .*different server secret/);
  });
});

// Issue 10 item 1: each node used to default its issuer to its own host:port, so two nodes on one database
// answered "not signed by this Keyward" to each other's access tokens. The deployment's issuer now lives in the
// database: the first start records it, a node without KEYWARD_ISSUER adopts it.
describePostgres('one issuer for every node of a deployment', () => {
  const database = `kw_issuer_${randomBytes(5).toString('hex')}`;
  const admin = { email: 'issuer-operator@example.test', password: 'one issuer for all nodes' };
  let url = '';
  const dbAdmin = () => openDatabase({ kind: 'postgres', url: postgresUrl as string }, { poolSize: 1 });
  const nodeEnv = (n: number, extra: Record<string, string> = {}) => ({
    KEYWARD_DATABASE_URL: url,
    KEYWARD_SECRET: TEST_SECRET,
    KEYWARD_DATA_DIR: mkdtempSync(join(tmpdir(), `keyward-issuer-node${n}-`)),
    KEYWARD_ADMIN_EMAIL: admin.email,
    KEYWARD_ADMIN_PASSWORD: admin.password,
    KEYWARD_LOG_LEVEL: 'warn',
    ...extra,
  });
  let a: RunningServer;
  let b: RunningServer;
  let aPort = 0;

  beforeAll(async () => {
    const db = dbAdmin();
    await sql`create database ${sql.id(database)}`.execute(db.kysely);
    await db.close();
    const parsed = new URL(postgresUrl as string);
    parsed.pathname = `/${database}`;
    url = parsed.href;
    aPort = await reservePort('127.0.0.1');
    // A: the issuer set explicitly (its own address here; a load balancer's URL in production).
    a = await startServerProcess(nodeEnv(1, { KEYWARD_ISSUER: `http://127.0.0.1:${aPort}` }), 20_000, aPort);
    // B: another port, no KEYWARD_ISSUER; it used to default to its own http://127.0.0.1:<port>.
    b = await startServerProcess(nodeEnv(2));
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const db = dbAdmin();
    await sql`drop database if exists ${sql.id(database)} with (force)`.execute(db.kysely);
    await db.close();
  });

  const json = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  });
  const signIn = async (node: RunningServer) => {
    const response = await fetch(`${node.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { cookie, csrfToken };
  };
  const asSession = (session: { cookie: string; csrfToken: string }) => ({
    cookie: session.cookie,
    'x-csrf-token': session.csrfToken,
    'content-type': 'application/json',
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('a node without KEYWARD_ISSUER adopts the recorded issuer: both advertise and print the same one', async () => {
    expect(b.url).not.toBe(a.url);
    expect(b.issuer).toBe(a.url);
    for (const node of [a, b]) {
      const discovery = await json(await fetch(`${node.url}/.well-known/openid-configuration`));
      expect(discovery.body.issuer).toBe(a.url);
    }
    expect(b.stderr()).toContain(`this node listens on ${b.url}`);
  });

  it('sessions, access tokens from API tokens and refresh tokens work on either node', async () => {
    // A session started on A is good on B (it lives in the database), CSRF included.
    const session = await signIn(a);
    const me = await json(await fetch(`${b.url}/api/v1/me`, { headers: asSession(session) }));
    expect(me.status).toBe(200);
    const orgs = await json(await fetch(`${b.url}/api/v1/orgs`, { headers: asSession(session) }));
    const orgId = (orgs.body.results as { id: string }[])[0]?.id as string;

    // An API token generated on B, exchanged on A, the access token used on B, and the other way round.
    const generated = await json(
      await fetch(`${b.url}/api/v1/me/api-tokens`, {
        method: 'POST',
        headers: asSession(session),
        body: JSON.stringify({ orgId, name: 'two nodes', scopes: { allRoles: true } }),
      }),
    );
    expect(generated.status).toBe(201);
    for (const [mint, use] of [
      [a, b],
      [b, a],
    ] as const) {
      const exchanged = await json(
        await fetch(`${mint.url}/csp/gateway/am/api/auth/api-tokens/authorize`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `refresh_token=${generated.body.token}`,
        }),
      );
      expect(exchanged.status).toBe(200);
      const used = await fetch(`${use.url}/api/v1/me`, {
        headers: bearer(exchanged.body.access_token as string),
      });
      expect(used.status, await used.clone().text()).toBe(200);
      const introspected = await json(
        await fetch(`${use.url}/oauth/introspect`, {
          method: 'POST',
          headers: {
            ...bearer(exchanged.body.access_token as string),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: `token=${exchanged.body.access_token}`,
        }),
      );
      expect(introspected.body).toMatchObject({ active: true, iss: a.url });
    }

    // A web app's authorization code obtained through A, its refresh token redeemed at B.
    const created = await json(
      await fetch(`${b.url}/api/v1/orgs/${orgId}/apps`, {
        method: 'POST',
        headers: asSession(session),
        body: JSON.stringify({
          type: 'web',
          name: 'Two-node portal',
          redirectUris: ['https://rp.test/cb'],
          scopes: { allRoles: true },
        }),
      }),
    );
    expect(created.status).toBe(201);
    const client = { id: created.body.id as string, secret: created.body.secret as string };
    const basic = {
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
    };
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL(`${a.url}/oauth/authorize`);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: client.id,
      redirect_uri: 'https://rp.test/cb',
      scope: 'openid offline_access',
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(name, value);
    }
    const browser = new Browser();
    let step = await browser.follow(authorize.href, a.url);
    for (let pages = 0; step.page && pages < 4; pages++) {
      const { page } = step;
      const fields: Record<string, string> = page.html.includes('name="password"')
        ? { email: admin.email, password: admin.password }
        : { decision: 'allow' };
      const form = page.form(fields);
      step = await browser.follow(form.action, a.url, { form: form.fields });
    }
    const code = new URL(step.leftTo as string).searchParams.get('code') as string;
    expect(code).toBeTruthy();
    const tokenRequest = (node: RunningServer, form: Record<string, string>) =>
      fetch(`${node.url}/oauth/token`, {
        method: 'POST',
        headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }).then(json);
    const first = await tokenRequest(a, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://rp.test/cb',
      code_verifier: verifier,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(typeof first.body.refresh_token).toBe('string');
    expect(
      (await fetch(`${b.url}/oauth/userinfo`, { headers: bearer(first.body.access_token as string) })).status,
    ).toBe(200);
    const refreshed = await tokenRequest(b, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(
      (await fetch(`${a.url}/api/v1/me`, { headers: bearer(refreshed.body.access_token as string) })).status,
    ).toBe(200);
  });

  it('a node whose KEYWARD_ISSUER differs from the configured one refuses to start, naming both', async () => {
    const result = await runCli(
      ['serve', '--port', '0'],
      nodeEnv(3, { KEYWARD_ISSUER: 'https://elsewhere.example.test' }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KEYWARD_ISSUER: is https://elsewhere.example.test');
    expect(result.stderr).toContain(`this deployment's issuer is ${a.url}`);
    expect(result.stderr).toContain('keyward admin set-issuer https://elsewhere.example.test');
  });
});
