// "Why can (or can't) this credential do that?": POST /api/v1/orgs/{orgId}/access-checks explains a decision step
// by step, and what it says a token carries is what the exchange and the client_credentials grant really mint.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessCheck } from '../src/access-checks/service.js';
import { call, expectError, postForm, type Session, signIn } from './support/http.js';
import { grantConsumerKey, userCaller } from './support/ovh.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'access checks passphrase';

let server: TestServer;
let orgId: string;
let operator: Session;
let rita: Session;
let ritaId: string;
let otisId: string;
let narrowToken: { id: string; value: string };
let otisToken: string;
let machine: { id: string; secret: string };
let consumerCredentialId: number;

const check = (session: Session, body: unknown, org = orgId) =>
  call(server.app, session, 'POST', `/api/v1/orgs/${org}/access-checks`, body);

beforeAll(async () => {
  server = await startTestServer();
  orgId = server.firstRun?.orgId as string;
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  const system = operatorCaller();
  const { services, users, members, apps, appGrants, apiTokens } = server.container;
  await services.create(system, {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['read'] },
      { name: 'admin', permissions: ['read', 'write'] },
    ],
  });
  const ritaUser = await users.create(system, {
    email: 'rita@example.test',
    password: PASSWORD,
    name: 'Rita',
  });
  ritaId = ritaUser.id;
  await members.add(system, orgId, {
    email: ritaUser.email,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer', 'billing:admin'],
  });
  const otis = await users.create(system, { email: 'otis@example.test', password: PASSWORD, name: 'Otis' });
  otisId = otis.id;
  await members.add(system, orgId, { email: otis.email, orgRoles: ['org_member'], serviceRoles: [] });
  rita = await signIn(server.app, ritaUser.email, PASSWORD);
  const narrow = await apiTokens.generate(userCaller(ritaId), {
    orgId,
    name: 'reports',
    scopes: { serviceRoles: ['billing:viewer'] },
  });
  narrowToken = { id: narrow.record.id, value: narrow.token };
  otisToken = (
    await apiTokens.generate(userCaller(otisId), {
      orgId,
      name: 'otis',
      scopes: { orgRoles: ['org_member'] },
    })
  ).record.id;
  const created = await apps.create(system, orgId, {
    type: 'server',
    name: 'Sync',
    scopes: { allRoles: true },
  });
  machine = { id: created.app.id, secret: created.secret as string };
  await appGrants.add(system, orgId, [machine.id], {
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
  });
  consumerCredentialId = (
    await grantConsumerKey(server.container, {
      developerId: ritaId,
      userId: ritaId,
      rules: [{ method: 'GET', path: '/billing/*' }],
    })
  ).credentialId;
});
afterAll(async () => server.close());

const steps = (result: AccessCheck) => result.because.map((step) => [step.step, step.ok]);

describe('an API token', () => {
  it('is allowed what its scope carries, and the check names the scope that leaves a held role out', async () => {
    const read = await check(rita, {
      credential: { type: 'api_token', id: narrowToken.id },
      request: { permission: 'billing:read' },
    });
    expect(read.statusCode, read.body).toBe(200);
    const allowed = read.json<AccessCheck>();
    expect(allowed.allowed).toBe(true);
    expect(steps(allowed)).toEqual([
      ['credential', true],
      ['holder', true],
      ['scope', true],
      ['granted', true],
      ['decision', true],
    ]);

    const write = await check(rita, {
      credential: { type: 'api_token', id: narrowToken.id },
      request: { permission: 'external/billing/billing:write' },
    });
    const denied = write.json<AccessCheck>();
    expect(denied.allowed).toBe(false);
    expect(denied.missing).toEqual(['billing:write']);
    const decision = denied.because.at(-1);
    expect(decision).toMatchObject({ step: 'decision', ok: false, code: 'insufficient_scope' });
    expect(decision?.detail).toContain('billing:admin grants it; billing:admin is held');
    expect(decision?.detail).toContain('the token’s scope leaves it out');
  });

  it('reports what the exchange really mints', async () => {
    const result = (
      await check(operator, {
        credential: { type: 'api_token', id: narrowToken.id },
        request: { permission: 'billing:read' },
      })
    ).json<AccessCheck>();
    const exchanged = await server.container.apiTokenExchange.exchange(narrowToken.value, {
      ip: '127.0.0.1',
      requestId: 'test',
    });
    const perms = decodeJwt(exchanged.accessToken).perms as string[];
    expect(perms).toEqual([
      ...(result.granted?.serviceRoles ?? []).map((role) => `external/billing/${role.split(':')[1]}`),
      ...(result.granted?.permissions ?? []).map((permission) => `external/billing/${permission}`),
    ]);
  });

  it('stops at the credential step with the exchange’s own refusal once revoked', async () => {
    const { apiTokens } = server.container;
    const doomed = await apiTokens.generate(userCaller(ritaId), {
      orgId,
      name: 'doomed',
      scopes: { serviceRoles: ['billing:viewer'] },
    });
    await apiTokens.revoke(userCaller(ritaId), doomed.record.id);
    const result = (
      await check(rita, {
        credential: { type: 'api_token', id: doomed.record.id },
        request: { permission: 'billing:read' },
      })
    ).json<AccessCheck>();
    expect(result.allowed).toBe(false);
    expect(result.because).toEqual([
      expect.objectContaining({ step: 'credential', ok: false, code: 'api_token.revoked' }),
    ]);
  });
});

describe('a server app', () => {
  it('carries the roles the org granted it, as client_credentials mints them', async () => {
    const result = (
      await check(operator, { credential: { appId: machine.id }, request: { permission: 'billing:write' } })
    ).json<AccessCheck>();
    expect(result.allowed).toBe(false);
    expect(result.because.at(-1)?.detail).toContain('none is held in this organization');
    const token = await postForm(
      server.app,
      '/oauth/token',
      { grant_type: 'client_credentials', orgId },
      { authorization: `Basic ${Buffer.from(`${machine.id}:${machine.secret}`).toString('base64')}` },
    );
    expect(token.statusCode, token.body).toBe(200);
    const perms = decodeJwt(token.json<{ access_token: string }>().access_token).perms as string[];
    expect(perms).toEqual(
      expect.arrayContaining((result.granted?.permissions ?? []).map((p) => `external/billing/${p}`)),
    );
    expect(result.granted?.permissions).toEqual(['billing:read']);
  });
});

describe('a member signed in', () => {
  it('acts with every role held', async () => {
    const result = (
      await check(operator, { credential: { userId: ritaId }, request: { permission: 'billing:write' } })
    ).json<AccessCheck>();
    expect(result.allowed).toBe(true);
    expect(result.granted?.serviceRoles).toEqual(['billing:admin', 'billing:viewer']);
  });
});

describe('an OVH-style consumer credential', () => {
  it('is matched against its access rules, with or without the version prefix', async () => {
    const inside = (
      await check(rita, {
        credential: { type: 'consumer_credential', id: consumerCredentialId },
        request: { method: 'GET', path: '/1.0/billing/invoices' },
      })
    ).json<AccessCheck>();
    expect(inside.allowed).toBe(true);
    expect(steps(inside)).toEqual([
      ['credential', true],
      ['rules', true],
      ['decision', true],
    ]);
    const outside = (
      await check(rita, {
        credential: { type: 'consumer_credential', id: consumerCredentialId },
        request: { method: 'DELETE', path: '/billing/invoices' },
      })
    ).json<AccessCheck>();
    expect(outside.allowed).toBe(false);
    expect(outside.missing).toEqual(['DELETE /billing/invoices']);
    expect(outside.because.at(-1)).toMatchObject({ step: 'decision', code: 'consumer_key.not_granted' });
  });
});

describe('who may ask', () => {
  it('lets a member ask about their own credentials only', async () => {
    const otis = await signIn(server.app, 'otis@example.test', PASSWORD);
    const own = await check(otis, {
      credential: { type: 'api_token', id: otisToken },
      request: { permission: 'billing:read' },
    });
    expect(own.statusCode, own.body).toBe(200);
    expectError(
      await check(otis, {
        credential: { type: 'api_token', id: narrowToken.id },
        request: { permission: 'billing:read' },
      }),
      404,
      'api_token.not_found',
    );
    expectError(
      await check(otis, { credential: { userId: ritaId }, request: { permission: 'billing:read' } }),
      404,
      'member.not_found',
    );
    expectError(
      await check(otis, { credential: { appId: machine.id }, request: { permission: 'billing:read' } }),
      403,
      'auth.forbidden',
    );
  });

  it('refuses malformed questions with a message that says what to send', async () => {
    expectError(await check(rita, { request: { permission: 'billing:read' } }), 400, 'request.invalid');
    const rules = await check(rita, {
      credential: { type: 'api_token', id: narrowToken.id },
      request: { method: 'GET', path: '/billing' },
    });
    expectError(rules, 400, 'request.invalid');
    expect(rules.json<{ message: string }>().message).toContain('{"permission"');
    expectError(
      await check(
        rita,
        {
          credential: { type: 'api_token', id: narrowToken.id },
          request: { permission: 'billing:read' },
        },
        '00000000-0000-4000-8000-000000000000',
      ),
      404,
      'org.not_found',
    );
    expectError(
      await check(operator, { credential: { userId: otisId }, request: {} }),
      400,
      'request.invalid',
    );
  });
});
