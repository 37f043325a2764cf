/**
 * What the fuzzer aims at: every endpoint family, each endpoint with the credentials it takes and a request it
 * would accept (which the mutations then break). The management API is read from the running server's OpenAPI
 * document; the protocol, dialect and page routes, which that document leaves out, are listed in
 * protocol-targets.ts (a test compares that list with the server's route table).
 */
import type { Rand } from '../random.js';
import { type ApiOperation, listOperations, sampleOf } from './openapi.js';
import { json, OVH_ROUTES, PROTOCOL_TARGETS, USER } from './protocol-targets.js';
import type { FuzzWorld } from './world.js';

export const FAMILIES = ['oauth', 'api', 'csp', 'ovh', 'pages', 'console', 'ops'] as const;
export type Family = (typeof FAMILIES)[number];

/** How a request proves who sends it (before any mutation spoils it). */
export type Auth =
  | 'none'
  | 'session'
  | 'bearer'
  | 'csp-token'
  | 'server-basic'
  | 'web-basic'
  | 'checker-basic'
  | 'ovh-signed'
  | 'ovh-app';

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: [string, string][] };

/** A request before mutation: structured, so mutations can aim at one field. */
export interface BaseRequest {
  method: string;
  path: string;
  query: [string, string][];
  body: Body;
  auth: Auth;
}

export interface Target {
  family: Family;
  methods: readonly string[];
  /** The route, `{name}` for path parameters. */
  path: string;
  auths: readonly Auth[];
  build?: (world: FuzzWorld, rand: Rand) => { query?: [string, string][]; body?: Body };
}

function apiTarget(operation: ApiOperation): Target {
  return {
    family: 'api',
    methods: [operation.method],
    path: operation.path,
    // A good request to an event stream is answered with a stream that never ends: fuzzed without credentials,
    // it exercises validation and authentication (the stream itself: server/test/revocation-feed.test.ts).
    auths:
      operation.isPublic || operation.eventStream
        ? ['none']
        : operation.clientBasic
          ? ['checker-basic', 'none']
          : [...USER, 'ovh-signed'],
    build: (world, rand) => {
      const known = knownValues(world);
      const query = operation.queryParams
        .filter(() => rand.chance(0.5))
        .map(({ name, schema }): [string, string] => [
          name,
          String(name in known ? known[name] : sampleOf(schema)),
        ]);
      return {
        query,
        ...(operation.body ? { body: json(sampleOf(operation.body, known)) } : {}),
      };
    },
  };
}

/** Values properties and parameters of these names get: real ids, so a request reaches real rows. */
function knownValues(world: FuzzWorld): Record<string, unknown> {
  return {
    orgId: world.orgId,
    appId: world.serverApp.id,
    email: world.member.email,
    userId: world.member.id,
    serviceId: world.serviceId,
    applicationId: world.consumer.applicationId,
    credentialId: world.consumer.credentialId,
    ids: [world.apiToken.id],
  };
}

/** Every target: the protocol and page routes, the OVH routes under both prefixes, and each API operation. */
export function allTargets(world: FuzzWorld): Target[] {
  const ovh = ['/1.0', '/v1'].flatMap((prefix) =>
    OVH_ROUTES.map((route): Target => ({ ...route, family: 'ovh', path: `${prefix}${route.path}` })),
  );
  return [...PROTOCOL_TARGETS, ...ovh, ...listOperations(world.openapi).map(apiTarget)];
}

/** The concrete request a target starts from: a method, real ids in the path, its query and body. */
export function baseRequest(target: Target, world: FuzzWorld, rand: Rand): BaseRequest {
  const built = target.build?.(world, rand) ?? {};
  const known = knownValues(world);
  const path = target.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    name === 'interaction' ? world.interaction.path : encodeURIComponent(String(known[name] ?? 'unknown')),
  );
  return {
    method: rand.pick(target.methods),
    path,
    query: built.query ?? [],
    body: built.body ?? { kind: 'none' },
    auth: rand.pick(target.auths),
  };
}

/** The route templates of protocol-targets.ts (for the check against the server's route table). */
export function listedRoutes(): { method: string; path: string }[] {
  const ovh = ['/1.0', '/v1'].flatMap((prefix) =>
    OVH_ROUTES.map((route) => ({ ...route, path: prefix + route.path })),
  );
  return [...PROTOCOL_TARGETS, ...ovh].flatMap((target) =>
    target.methods.map((method) => ({
      method,
      path: target.path.replace('{interaction}', '/oauth/interaction/{id}'),
    })),
  );
}
