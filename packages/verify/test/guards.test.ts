// The seed's service behind each guard — Fastify (inject), Express (a real listener) and the Fetch API (a
// Request): billing accepts an API token or a server-to-server app, changing a password demands a user.
// Refusals follow RFC 6750 for Bearer callers and CSP's error shape for callers that sent csp-auth-token.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressGuard } from '../src/express.js';
import { fastifyGuard } from '../src/fastify.js';
import { createVerifier, fetchGuard, type Principal, type Requirement, type Verifier } from '../src/index.js';
import { type Keyward, startKeyward } from './support/keyward.js';

const BILLING: Requirement = { anyOf: [{ permission: 'billing:read' }, { method: 'GET', path: '/billing' }] };
const CHANGE_PASSWORD: Requirement = { userOnly: true, permission: 'accounts:password' };
const DELETE_INVOICE: Requirement = { permission: 'billing:write' };

let keyward: Keyward;
let verifier: Verifier;
let userToken: string;
let appToken: string;

beforeAll(async () => {
  keyward = await startKeyward();
  verifier = createVerifier({ issuer: keyward.url, audience: 'billing' });
  userToken = (await keyward.apiTokenAccess()).accessToken;
  appToken = await keyward.clientCredentialsAccess();
});
afterAll(async () => keyward.close());

/** One HTTP exchange, whatever the framework: status, headers, JSON body. */
type Call = (
  method: 'GET' | 'PUT' | 'DELETE',
  path: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The same behaviour, asserted for each guard. */
function behavesAsTheSeedSays(call: () => Call, requestIdOf: 'fastify' | 'header') {
  it('lets an API token and a server-to-server app read billing; the principal reaches the handler', async () => {
    const asUser = await call()('GET', '/billing', bearer(userToken));
    expect(asUser.status).toBe(200);
    expect(asUser.body).toEqual({ kind: 'user', subject: keyward.member.id, orgId: keyward.orgId });
    const asApp = await call()('GET', '/billing', bearer(appToken));
    expect(asApp.status).toBe(200);
    expect(asApp.body).toMatchObject({ kind: 'app', subject: keyward.serverApp.app.id });
  });

  it('changing a password: the user may, the app gets 403 insufficient_scope naming what it lacks', async () => {
    expect((await call()('PUT', '/me/password', bearer(userToken))).status).toBe(200);
    const refused = await call()('PUT', '/me/password', bearer(appToken));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="billing", error="insufficient_scope", error_description="only a user may do this[^"]*", scope="accounts:password"$/,
    );
    expect(refused.body).toMatchObject({ error: 'insufficient_scope', scope: 'accounts:password' });
    expect(String(refused.body.error_description)).toMatch(/only a user.*accounts:password/);
  });

  it('a missing permission is named in scope="…"', async () => {
    const refused = await call()('DELETE', '/billing/invoices', bearer(userToken));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="billing:write"');
    expect(refused.body).toMatchObject({ error: 'insufficient_scope', scope: 'billing:write' });
  });

  it('no credential: 401 with a bare challenge (RFC 6750 §3.1)', async () => {
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }] as Record<string, string>[]) {
      const refused = await call()('GET', '/billing', headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="billing"');
      expect(refused.body).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('a bad token: 401 invalid_token; a malformed request: 400 invalid_request', async () => {
    const bad = await call()('GET', '/billing', bearer(`${userToken.slice(0, -4)}AAAA`));
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="billing", error="invalid_token", error_description="/,
    );
    expect(bad.body).toMatchObject({ error: 'invalid_token' });
    const two = await call()('GET', '/billing', { ...bearer(userToken), 'csp-auth-token': appToken });
    expect(two.status).toBe(400);
    expect(two.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('CSP callers (csp-auth-token) get their tokens accepted and their refusals in CSP shape', async () => {
    const ok = await call()('GET', '/billing', { 'csp-auth-token': userToken });
    expect(ok.status).toBe(200);
    const headers = { 'csp-auth-token': appToken, 'x-request-id': 'req-1234' };
    const refused = await call()('PUT', '/me/password', headers);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      cspErrorCode: 'auth.forbidden',
      errorCode: 'auth.forbidden',
      message: expect.stringMatching(/only a user may do this/),
      moduleCode: 340,
      requestId: expect.any(String),
      statusCode: 403,
    });
    expect(refused.headers.get('csp-request-id')).toBe(refused.body.requestId);
    if (requestIdOf === 'header') expect(refused.body.requestId).toBe('req-1234');
    const invalid = await call()('GET', '/billing', { 'csp-auth-token': 'garbage' });
    expect(invalid.status).toBe(401);
    expect(invalid.body).toMatchObject({ cspErrorCode: 'auth.invalid_token', statusCode: 401 });
    const empty = await call()('GET', '/billing', { 'csp-auth-token': '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ errorCode: 'request.invalid', statusCode: 400 });
  });
}

const identity = (principal: Principal | undefined) => ({
  kind: principal?.kind,
  subject: principal?.subject,
  orgId: principal?.orgId,
});

describe('Fastify (preHandler, inject)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    const ok = async (request: { keyward?: Principal }) => identity(request.keyward);
    app.get('/billing', { preHandler: fastifyGuard(verifier, BILLING) }, ok);
    app.put('/me/password', { preHandler: fastifyGuard(verifier, CHANGE_PASSWORD) }, ok);
    app.delete('/billing/invoices', { preHandler: fastifyGuard(verifier, DELETE_INVOICE) }, ok);
    await app.ready();
  });
  afterAll(async () => app.close());

  behavesAsTheSeedSays(
    () =>
      async (method, path, headers = {}) => {
        const response = await app.inject({ method, url: path, headers });
        return {
          status: response.statusCode,
          headers: new Headers(response.headers as Record<string, string>),
          body: response.json(),
        };
      },
    'fastify',
  );
});

describe('Express (a real listener)', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    const ok = (req: express.Request, res: express.Response) => void res.json(identity(req.keyward));
    app.get('/billing', expressGuard(verifier, BILLING), ok);
    app.put('/me/password', expressGuard(verifier, CHANGE_PASSWORD), ok);
    app.delete('/billing/invoices', expressGuard(verifier, DELETE_INVOICE), ok);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  behavesAsTheSeedSays(
    () =>
      async (method, path, headers = {}) => {
        const response = await fetch(`${base}${path}`, { method, headers });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as Record<string, unknown>,
        };
      },
    'header',
  );
});

describe('Fetch API (Request → Response | principal)', () => {
  const guards = {
    'GET /billing': () => fetchGuard(verifier, BILLING),
    'PUT /me/password': () => fetchGuard(verifier, CHANGE_PASSWORD),
    'DELETE /billing/invoices': () => fetchGuard(verifier, DELETE_INVOICE),
  };

  /** A handler as Hono, Bun or Deno would have it. */
  async function handle(request: Request): Promise<Response> {
    const route = `${request.method} ${new URL(request.url).pathname}` as keyof typeof guards;
    const result = await guards[route]()(request);
    if (result instanceof Response) return result;
    return Response.json(identity(result));
  }

  behavesAsTheSeedSays(
    () =>
      async (method, path, headers = {}) => {
        const response = await handle(new Request(`http://billing.test${path}`, { method, headers }));
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as Record<string, unknown>,
        };
      },
    'header',
  );
});
