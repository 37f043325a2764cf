/**
 * Guards the management API's edges: bad input to every operation listed in /api/v1/openapi.json (wrong types,
 * missing fields, 1 MB strings, unknown or malformed ids, bad paging) gets a 4xx with a code of docs/errors.md,
 * every operation needs a session (and a CSRF token for changes), and no request reaches another org's data.
 * The operations are read from the OpenAPI document, so a new endpoint is covered the day it is added.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERRORS } from '../src/core/errors.js';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer } from './support/server.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type ErrorCode = keyof typeof API_ERRORS;

/** The parts of a JSON Schema (as the OpenAPI document has them) that these tests read. */
type Schema = Partial<Record<'type' | 'format' | 'pattern', string>> &
  Partial<Record<'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'minProperties', number>> & {
    properties?: Record<string, Schema>;
    required?: string[];
    items?: Schema;
    anyOf?: Schema[];
    enum?: unknown[];
  };
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; schema: Schema };
type RequestBody = { required?: boolean; content: Record<string, { schema: Schema }> };
type Operation = {
  method: Method;
  path: string;
  params: Parameter[];
  body?: Schema;
  bodyRequired: boolean;
  /** Declared `security: []` in the OpenAPI document: needs no credential (e.g. GET /auth/time). */
  isPublic: boolean;
  /** Authenticates an OAuth client (HTTP Basic) rather than a person: no session, so no CSRF token either. */
  clientAuthenticated: boolean;
};

/** One bad request and the codes it may get (empty: any catalogued 4xx). */
type BadRequest = { name: string; url: string; body?: unknown; codes: readonly ErrorCode[] };

const INVALID: readonly ErrorCode[] = ['request.invalid'];
const NOT_FOUND = (Object.keys(API_ERRORS) as ErrorCode[]).filter(
  (code) => API_ERRORS[code].status === 404 && code !== 'route.not_found',
);
const ONE_MEGABYTE = 'x'.repeat(1024 * 1024);
/** A value of another JSON type than the schema's, by the schema's type. */
const WRONG_TYPE: Record<string, unknown> = {
  array: { not: 'an array' },
  object: ['not an object'],
  integer: 'not a number',
  number: 'not a number',
  boolean: 'yes',
  string: 12345,
};

const server = await startTestServer();
const operator = await signIn(server.app, ADMIN.email, ADMIN.password);
const operations = listOperations((await call(server.app, operator, 'GET', '/api/v1/openapi.json')).json());
afterAll(() => server.close());

function listOperations(spec: {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: RequestBody; security?: Record<string, unknown>[] }
    >
  >;
}): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      method: method.toUpperCase() as Method,
      path,
      params: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
      bodyRequired: operation.requestBody?.required === true,
      isPublic: Array.isArray(operation.security) && operation.security.length === 0,
      clientAuthenticated: (operation.security ?? []).some((scheme) => 'clientBasic' in scheme),
    })),
  );
}

const labelOf = (op: Operation) => `${op.method} ${op.path}`;
const isChange = (op: Operation) => op.method !== 'GET';
// Ways to sign in take no session: a password, or a passkey alone (its options come first).
const SIGN_IN_PATHS = ['/api/v1/session', '/api/v1/session/passkey', '/api/v1/session/passkey/options'];
const isSignIn = (op: Operation) => op.method === 'POST' && SIGN_IN_PATHS.includes(op.path);

/** A value the schema accepts (ids are fresh, so they name nothing that exists). */
function sampleOf(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return sampleOf(schema.anyOf[0]);
  if (schema.type === 'string') return sampleString(schema);
  if (schema.type === 'array') return schema.items ? [sampleOf(schema.items)] : [];
  if (schema.type === 'object') {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sampleOf(s)]));
  }
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  return schema.type === 'boolean' ? true : null;
}

function sampleString(schema: Schema): string {
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return new Date().toISOString();
  const fits = (text: string) =>
    text.length >= (schema.minLength ?? 0) &&
    text.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY) &&
    (!schema.pattern || new RegExp(schema.pattern, 'u').test(text));
  const found = ['sample', 'someone@example.test', 'sample:role', '/sample', 'https://example.test'].find(
    fits,
  );
  if (found === undefined) throw new Error(`no sample string fits ${JSON.stringify(schema)}; add one`);
  return found;
}

function wrongTypeFor(schema: Schema): unknown {
  return WRONG_TYPE[schema.type ?? schema.anyOf?.[0]?.type ?? 'string'] ?? 12345;
}

/** The same value with every string, however deep, replaced by 1 MB of text. */
function withLongStrings(value: unknown): unknown {
  if (typeof value === 'string') return ONE_MEGABYTE;
  if (Array.isArray(value)) return value.map(withLongStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLongStrings(v)]));
  }
  return value;
}

/** The operation's URL with sample path parameters, except those given (inserted as they are). */
function urlFor(op: Operation, pathValues: Record<string, string> = {}, query = ''): string {
  const path = op.params
    .filter((param) => param.in === 'path')
    .reduce(
      (url, param) =>
        url.replace(`{${param.name}}`, pathValues[param.name] ?? String(sampleOf(param.schema))),
      op.path,
    );
  return query ? `${path}?${query}` : path;
}

function buildBadBodies(op: Operation, url: string): BadRequest[] {
  if (!op.body) return [];
  const valid = sampleOf(op.body) as Record<string, unknown>;
  const requests: BadRequest[] = Object.entries(op.body.properties ?? {}).map(([name, schema]) => ({
    name: `body.${name} of the wrong type`,
    url,
    body: { ...valid, [name]: wrongTypeFor(schema) },
    codes: INVALID,
  }));
  const tooLarge: ErrorCode[] = ['request.too_large', 'request.invalid'];
  requests.push({ name: 'an unknown body property', url, body: { ...valid, isAdmin: true }, codes: INVALID });
  const long = withLongStrings(valid);
  // A body without string fields still gets a 1 MB string, as an extra property.
  const oneMegabyteBody =
    JSON.stringify(long) === JSON.stringify(valid) ? { ...(valid as object), note: ONE_MEGABYTE } : long;
  requests.push({ name: '1 MB strings in the body', url, body: oneMegabyteBody, codes: tooLarge });
  if (op.body.required?.length || op.body.minProperties) {
    requests.push({ name: 'an empty object body', url, body: {}, codes: INVALID });
  }
  if (op.bodyRequired) requests.push({ name: 'no body', url, codes: INVALID });
  return requests;
}

function buildBadPaths(op: Operation, body: unknown): BadRequest[] {
  return op.params
    .filter((param) => param.in === 'path')
    .flatMap(({ name, schema }) => {
      const bad = (label: string, value: string, codes: readonly ErrorCode[]): BadRequest => ({
        name: `path ${name} ${label}`,
        url: urlFor(op, { [name]: value }),
        body,
        codes,
      });
      return [
        bad('"not-a-uuid"', 'not-a-uuid', []),
        bad('of 300 characters', 'x'.repeat(300), []),
        bad('unknown', String(sampleOf(schema)), NOT_FOUND),
        // Regression: Fastify's FST_ERR_BAD_URL once bypassed the error handler with its own 400 body.
        bad('with a broken %-escape', '%zz', INVALID),
      ];
    });
}

function buildBadQueries(op: Operation, body: unknown): BadRequest[] {
  const query = op.params.filter((param) => param.in === 'query');
  if (query.length === 0) return [];
  const values = query.flatMap(({ name, schema }) => {
    if (schema.type === 'integer' || schema.type === 'number') {
      return [
        `${name}=abc`,
        ...(schema.minimum === undefined ? [] : [`${name}=${schema.minimum - 1}`]),
        ...(schema.maximum === undefined ? [] : [`${name}=${Math.max(schema.maximum + 1, 100_000)}`]),
      ];
    }
    return schema.maxLength === undefined ? [] : [`${name}=${'x'.repeat(schema.maxLength + 1)}`];
  });
  return [...values, 'unknownParameter=1'].map((q) => ({
    name: `query ${q.length > 40 ? `${q.slice(0, 40)}…` : q}`,
    url: urlFor(op, {}, q),
    body,
    codes: INVALID,
  }));
}

const sampleBodyOf = (op: Operation) => (op.body ? sampleOf(op.body) : undefined);

function buildBadRequests(op: Operation): BadRequest[] {
  const body = sampleBodyOf(op);
  return [...buildBadBodies(op, urlFor(op)), ...buildBadPaths(op, body), ...buildBadQueries(op, body)];
}

/** A 4xx whose body has a message and a code of API_ERRORS with this very status (one of `codes` if any). */
function expectCataloguedError(response: LightMyRequestResponse, codes: readonly ErrorCode[] = []): void {
  expect(response.statusCode >= 400 && response.statusCode < 500, response.body).toBe(true);
  const body = response.json() as { code: ErrorCode; message: unknown };
  expect(Object.keys(API_ERRORS), response.body).toContain(body.code);
  expect(API_ERRORS[body.code].status, response.body).toBe(response.statusCode);
  expect(typeof body.message === 'string' && body.message.length > 0, response.body).toBe(true);
  if (codes.length > 0) expect(codes, response.body).toContain(body.code);
}

describe('bad input to every operation of the OpenAPI document', () => {
  it('lists the operations', () => expect(operations.length).toBeGreaterThan(10));

  for (const op of operations) {
    const requests = buildBadRequests(op);
    if (requests.length === 0) continue; // e.g. GET /me: no body, no parameters, nothing to get wrong
    describe(labelOf(op), () => {
      for (const request of requests) {
        it(`refuses ${request.name}`, async () => {
          expectCataloguedError(
            await call(server.app, operator, op.method, request.url, request.body),
            request.codes,
          );
        });
      }
    });
  }
});

describe('bad requests to any endpoint', () => {
  const postText = (contentType: string, text: string) =>
    call(server.app, operator, 'POST', '/api/v1/orgs', text, { 'content-type': contentType });

  // Regression: Fastify's built-in text/plain parser once let the string reach schema validation (400).
  it('refuses a JSON-looking body sent as text/plain with 415', async () => {
    expectError(await postText('text/plain', '{"name":"Plain"}'), 415, 'request.unsupported_media_type');
  });

  it('refuses malformed JSON with 400', async () => {
    expectError(await postText('application/json', '{"name": "Acme",'), 400, 'request.malformed_body');
  });

  it('answers an unknown route with 404', async () => {
    expectError(await call(server.app, operator, 'GET', '/api/v1/no-such-thing'), 404, 'route.not_found');
  });

  // Regression: whitespace-only names were once accepted and stored as "" after trimming.
  it.each([
    ['/api/v1/orgs', { name: '   ' }],
    ['/api/v1/services', { id: 'blank', name: '   ' }],
  ])('refuses a whitespace-only name at POST %s', async (url, body) => {
    expectCataloguedError(await call(server.app, operator, 'POST', url, body), INVALID);
  });
});

describe('credentials', () => {
  // The sample requests are otherwise valid: validation runs before authentication, so a 401 proves it.
  const guarded = operations.filter((op) => !isSignIn(op) && !op.isPublic);

  it('declares public only what takes no credential: the OVH clients’ server time and forgot-password', () => {
    expect(operations.filter((op) => op.isPublic).map(labelOf)).toEqual([
      'POST /api/v1/password-resets',
      'GET /api/v1/auth/time',
    ]);
  });

  it.each(guarded.map((op) => [labelOf(op), op] as const))('%s needs a session', async (_, op) => {
    const response = await call(server.app, null, op.method, urlFor(op), sampleBodyOf(op));
    expectError(response, 401, 'auth.required');
  });

  it.each(
    guarded.filter((op) => isChange(op) && !op.clientAuthenticated).map((op) => [labelOf(op), op] as const),
  )('%s needs the X-CSRF-Token header', async (_, op) => {
    const { cookie } = await signIn(server.app, ADMIN.email, ADMIN.password);
    const response = await call(server.app, null, op.method, urlFor(op), sampleBodyOf(op), { cookie });
    expectError(response, 403, 'auth.csrf_failed');
  });
});

describe('cross-org isolation', () => {
  const alice = { email: 'alice@example.test', name: 'Alice', password: 'alice-quiet-lantern-42' };
  const bob = { email: 'bob@example.test', name: 'Bob', password: 'bob-crooked-teapot-77' };
  let asAlice: Session;
  let asBob: Session;
  let bobOrgId: string;
  let before: { org: unknown; members: unknown };

  async function createUserWithOrg(user: typeof alice, orgName: string): Promise<[Session, string]> {
    await server.container.users.create(operatorCaller(), user);
    const session = await signIn(server.app, user.email, user.password);
    const org = await call(server.app, session, 'POST', '/api/v1/orgs', { name: orgName });
    expect(org.statusCode, org.body).toBe(201);
    return [session, (org.json() as { id: string }).id];
  }

  async function readBobOrg(): Promise<{ org: unknown; members: unknown }> {
    const org = await call(server.app, asBob, 'GET', `/api/v1/orgs/${bobOrgId}`);
    const members = await call(server.app, asBob, 'GET', `/api/v1/orgs/${bobOrgId}/members`);
    expect([org.statusCode, members.statusCode]).toEqual([200, 200]);
    return { org: org.json(), members: members.json() };
  }

  beforeAll(async () => {
    [asAlice] = await createUserWithOrg(alice, 'Alice Co');
    [asBob, bobOrgId] = await createUserWithOrg(bob, 'Bob Co');
    before = await readBobOrg();
  });

  const attacks = (): [Method, string, unknown?][] => [
    ['GET', `/api/v1/orgs/${bobOrgId}`],
    ['PATCH', `/api/v1/orgs/${bobOrgId}`, { name: 'Taken by Alice' }],
    ['GET', `/api/v1/orgs/${bobOrgId}/members`],
    ['POST', `/api/v1/orgs/${bobOrgId}/members`, { email: alice.email, orgRoles: ['org_owner'] }],
    ['PUT', `/api/v1/orgs/${bobOrgId}/members/${asBob.userId}`, { orgRoles: ['org_member'] }],
    ['DELETE', `/api/v1/orgs/${bobOrgId}/members/${asBob.userId}`],
    ['DELETE', `/api/v1/orgs/${bobOrgId}/members/${asAlice.userId}`],
    ['GET', `/api/v1/orgs/${bobOrgId}/audit-events`],
  ];

  it("answers every request against another org's id with org.not_found", async () => {
    for (const [method, url, body] of attacks()) {
      expectError(await call(server.app, asAlice, method, url, body), 404, 'org.not_found');
    }
  });

  it('leaves the other org and its members unchanged', async () => {
    expect(await readBobOrg()).toEqual(before);
  });

  it("does not list the other org in the caller's orgs or profile", async () => {
    const orgs = await call(server.app, asAlice, 'GET', '/api/v1/orgs');
    const me = await call(server.app, asAlice, 'GET', '/api/v1/me');
    expect([orgs.statusCode, me.statusCode]).toEqual([200, 200]);
    expect(orgs.body).not.toContain(bobOrgId);
    expect(me.body).not.toContain(bobOrgId);
    expect(orgs.json()).toMatchObject({ totalResults: 1, results: [{ name: 'Alice Co' }] });
  });
});
