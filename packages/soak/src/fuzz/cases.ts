/**
 * One fuzz case: a target's valid request, broken by one to three mutations at three levels (the request's
 * fields, the body's bytes, the message framing), then signed where the target takes OVH signatures, so that
 * a valid signature carries the mutated request past authentication. Everything comes from the case's seed.
 */
import { basicAuth } from '../credentials.js';
import { ovhHeaders } from '../http.js';
import { caseSeed, Rand } from '../random.js';
import { type Draft, defaultContentType, type Mutation, serializeBody } from './draft.js';
import {
  bodyField,
  bodyShape,
  charInField,
  contentType,
  fieldsInQuery,
  mutateMethod,
  mutateQuery,
  pathSegment,
  pathTrick,
} from './field-mutations.js';
import type { RawRequest } from './raw.js';
import { type BaseRequest, baseRequest, type Family, type Target } from './targets.js';
import { percentEncode, weirdString } from './values.js';
import {
  abandon,
  authGarbage,
  brokenUtf8,
  cutBody,
  flipBytes,
  framing,
  httpVersion,
  hugeHeader,
  nulBytes,
  oddHeader,
  oversizeBody,
  randomBody,
} from './wire-mutations.js';
import type { FuzzWorld } from './world.js';

export interface FuzzCase {
  index: number;
  seed: number;
  family: Family;
  /** The target route, e.g. `POST /oauth/token`. */
  route: string;
  mutations: string[];
  request: RawRequest;
}

/** Weights: how often each mutation is drawn. Framing and abandoning are rarer (each costs a connection). */
const MUTATIONS: Record<string, [Mutation, number]> = {
  method: [mutateMethod, 3],
  'path-trick': [pathTrick, 6],
  'path-segment': [pathSegment, 4],
  query: [mutateQuery, 5],
  'body-field': [bodyField, 10],
  'char-in-field': [charInField, 10],
  'fields-in-query': [fieldsInQuery, 4],
  'body-shape': [bodyShape, 5],
  'content-type': [contentType, 5],
  'auth-garbage': [authGarbage, 5],
  'credentials-mutated': [mutateCredentials, 6],
  'header-huge': [hugeHeader, 2],
  'header-odd': [oddHeader, 4],
  'http-version': [httpVersion, 1],
  'random-body': [randomBody, 3],
  oversize: [oversizeBody, 2],
  'broken-utf8': [brokenUtf8, 4],
  'flip-bytes': [flipBytes, 3],
  'nul-bytes': [nulBytes, 4],
  'cut-body': [cutBody, 3],
  abandon: [abandon, 2],
  framing: [framing, 2],
  'spoil-signature': [spoilSignature, 1],
};

/** Families drawn with these weights, then a target of the family uniformly (the API has many more routes). */
const FAMILY_WEIGHTS: [Family, number][] = [
  ['api', 30],
  ['oauth', 16],
  ['csp', 14],
  ['ovh', 16],
  ['pages', 14],
  ['console', 5],
  ['ops', 3],
];

/** Case `index` of the run seeded `runSeed`: the same seed and index give the same case. */
export function generateCase(world: FuzzWorld, targets: Target[], runSeed: number, index: number): FuzzCase {
  const seed = caseSeed(runSeed, index);
  const rand = new Rand(seed);
  const family = rand.weighted(FAMILY_WEIGHTS);
  const target = rand.pick(targets.filter((candidate) => candidate.family === family));
  const base = baseRequest(target, world, rand);
  const draft: Draft = {
    base,
    port: world.port,
    rawQuery: [],
    version: 'HTTP/1.1',
    headers: [],
    host: `127.0.0.1:${world.port}`,
    mutateCredentials: false,
    garbageAuth: null,
    spoilSignature: false,
  };
  const route = `${base.method} ${target.path}`;
  // One case in ten is the target's request unchanged: a valid request must never fail either.
  const count = rand.weighted([
    [0, 1],
    [1, 5],
    [2, 3],
    [3, 1],
  ] as const);
  const names = Object.keys(MUTATIONS);
  const chosen: string[] = [];
  while (chosen.length < count) {
    const name = rand.weighted(names.map((n) => [n, (MUTATIONS[n] as [Mutation, number])[1]] as const));
    if (chosen.includes(name)) continue;
    chosen.push(name);
    (MUTATIONS[name] as [Mutation, number])[0](draft, rand);
  }
  return { index, seed, family, route, mutations: chosen, request: assemble(draft, world, rand, index) };
}

function assemble(draft: Draft, world: FuzzWorld, rand: Rand, index: number): RawRequest {
  const { base } = draft;
  const query = [
    ...base.query.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`),
    ...draft.rawQuery,
  ].join('&');
  const target = query ? `${base.path}${base.path.includes('?') ? '&' : '?'}${query}` : base.path;
  let body = draft.rawBody ?? serializeBody(base);
  const contentType = draft.contentType === undefined ? defaultContentType(base) : draft.contentType;

  const headers: [string, string][] = [];
  if (draft.host !== null) headers.push(['Host', draft.host]);
  headers.push(['Connection', 'close'], ['User-Agent', 'keyward-soak'], ['X-Request-Id', `soak-${index}`]);
  if (contentType !== null && (body.length > 0 || draft.contentType !== undefined))
    headers.push(['Content-Type', contentType]);
  headers.push(...(draft.garbageAuth ?? authHeaders(base, world)));
  if (draft.mutateCredentials) mutateCredentialHeaders(headers, rand);
  headers.push(...draft.headers);

  const request: RawRequest = { method: base.method, target, version: draft.version, headers, body };
  if (base.auth === 'ovh-signed' && draft.garbageAuth === null) sign(request, world, draft, rand);
  body = request.body;
  headers.push(['Content-Length', String(body.length)]);
  if (draft.abandonAfter !== undefined) request.abandonAfter = Math.min(draft.abandonAfter, body.length);
  draft.framing?.(request);
  return request;
}

function authHeaders(base: BaseRequest, world: FuzzWorld): [string, string][] {
  switch (base.auth) {
    case 'session':
      return [
        ['Cookie', world.session.cookie],
        ['X-CSRF-Token', world.session.csrfToken],
      ];
    case 'bearer':
      return [['Authorization', `Bearer ${world.accessToken}`]];
    case 'csp-token':
      return [['csp-auth-token', world.accessToken]];
    case 'server-basic':
      return [['Authorization', basicAuth(world.serverApp.id, world.serverApp.secret)]];
    case 'web-basic':
      return [['Authorization', basicAuth(world.webApp.id, world.webApp.secret)]];
    case 'checker-basic':
      return [['Authorization', basicAuth(world.checker.id, world.checker.secret)]];
    case 'ovh-app':
      return [['X-Ovh-Application', world.consumer.applicationKey]];
    default:
      return [];
  }
}

/**
 * OVH signature over the request as it will be sent (issuer + target, body bytes), with the timestamp the
 * draft chose; a spoiled signature is one computed before a last change to the body or for another method.
 */
function sign(request: RawRequest, world: FuzzWorld, draft: Draft, rand: Rand): void {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = draft.mutateCredentials ? now + rand.pick([-100_000, -181, 181, 1e10, -now]) : now;
  const signed = ovhHeaders(
    world.consumer,
    request.method,
    `http://127.0.0.1:${world.port}${request.target}`,
    request.body,
    timestamp,
  );
  if (draft.spoilSignature) {
    if (rand.chance(0.5)) request.body = Buffer.concat([request.body, Buffer.from(' ')]);
    else signed['x-ovh-signature'] = `$1$${'0'.repeat(40)}`;
  }
  request.headers.push(
    ['X-Ovh-Application', signed['x-ovh-application']],
    ['X-Ovh-Consumer', signed['x-ovh-consumer']],
    ['X-Ovh-Timestamp', signed['x-ovh-timestamp']],
    ['X-Ovh-Signature', signed['x-ovh-signature']],
  );
}

const CREDENTIAL_HEADERS = /^(authorization|cookie|x-csrf-token|csp-auth-token|x-ovh-application)$/i;

/** One credential header changed a little: a flipped character, a cut, an extra byte, or the inner value of Basic. */
function mutateCredentialHeaders(headers: [string, string][], rand: Rand): void {
  const candidates = headers.filter(([name]) => CREDENTIAL_HEADERS.test(name));
  if (candidates.length === 0) {
    headers.push(['Authorization', `Bearer ${weirdString(rand)}`]);
    return;
  }
  const header = rand.pick(candidates);
  const value = header[1];
  if (/^basic /i.test(value) && rand.chance(0.5)) {
    const [id = '', secret = ''] = Buffer.from(value.slice(6), 'base64').toString('latin1').split(':');
    const inner = rand.pick([
      `${id}:${flip(secret, rand)}`,
      `${flip(id, rand)}:${secret}`,
      `${id}\u0000:${secret}`,
      id,
      `:${secret}`,
      `${id}:`,
    ]);
    header[1] = `Basic ${Buffer.from(inner, 'latin1').toString('base64')}`;
    return;
  }
  header[1] = rand.pick([
    flip(value, rand),
    value.slice(0, rand.int(0, value.length)),
    `${value}${rand.pick(['x', '=', '.', '%00', ' '])}`,
    value.toLowerCase(),
  ]);
}

function flip(text: string, rand: Rand): string {
  if (text.length === 0) return 'x';
  const at = rand.int(0, text.length - 1);
  const replacement = text[at] === 'A' ? 'B' : 'A';
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

function mutateCredentials(draft: Draft): void {
  draft.mutateCredentials = true;
}

function spoilSignature(draft: Draft): void {
  draft.spoilSignature = true;
}
