/**
 * One fuzz case: a target's valid request, broken by one to three mutations at three levels (the request's
 * fields, the body's bytes, the message framing), then signed where the target takes OVH signatures, so that
 * a valid signature carries the mutated request past authentication. Everything comes from the case's seed.
 */
import { basicAuth } from '../credentials.js';
import { ovhHeaders } from '../http.js';
import { caseSeed, Rand } from '../random.js';
import type { RawRequest } from './raw.js';
import { type BaseRequest, baseRequest, type Family, type Target } from './targets.js';
import { percentEncode, utf8Bytes, weirdJsonText, weirdString, weirdValue } from './values.js';
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

/** A request on its way to bytes: the base request, and what the mutations changed around it. */
interface Draft {
  base: BaseRequest;
  port: number;
  /** Query text appended as is (no escaping). */
  rawQuery: string[];
  /** A body that replaces the serialized one. */
  rawBody?: Buffer;
  /** Content-Type to send instead of the body's own (null: none). */
  contentType?: string | null;
  version: string;
  headers: [string, string][];
  host: string | null;
  /** Valid credentials, one field changed (before signing, so a signature still covers the change). */
  mutateCredentials: boolean;
  /** Garbage credentials instead of the target's. */
  garbageAuth: [string, string][] | null;
  /** Signature left as computed before the last change, or replaced. */
  spoilSignature: boolean;
  abandonAfter?: number;
  framing?: (request: RawRequest) => void;
}

type Mutation = (draft: Draft, rand: Rand) => void;

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

function serializeBody(base: BaseRequest): Buffer {
  if (base.body.kind === 'json') return Buffer.from(JSON.stringify(base.body.value) ?? '', 'utf8');
  if (base.body.kind === 'form') return Buffer.from(new URLSearchParams(base.body.fields).toString(), 'utf8');
  return Buffer.alloc(0);
}

function defaultContentType(base: BaseRequest): string | null {
  if (base.body.kind === 'json') return 'application/json';
  if (base.body.kind === 'form') return 'application/x-www-form-urlencoded';
  return null;
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

function mutateMethod(draft: Draft, rand: Rand): void {
  draft.base.method = rand.pick([
    'PROPFIND',
    'TRACE',
    'BREW',
    'get',
    'M-SEARCH',
    'PATCH',
    'OPTIONS',
    'HEAD',
    'DELETE',
    'PUT',
    'POST',
    'GET',
    'QUERY',
    'X'.repeat(100),
  ]);
}

function pathTrick(draft: Draft, rand: Rand): void {
  const path = draft.base.path;
  const tricks: ((p: string) => string)[] = [
    (p) => `/${p}`,
    (p) => p.replace(/\/([^/]*)$/, '//$1'),
    (p) => `${p}/..`,
    (p) => `${p}/../..`,
    (p) => `${p}/%2e%2e/`,
    (p) => p.replace(/\/[^/]+/, '/%2e%2e'),
    (p) => `${p}%00`,
    (p) => `${p}/%00/x`,
    (p) => `${p}/%c0%af`,
    (p) => `${p}%c0%ae%c0%ae/`,
    (p) => `${p}/%e0%80%af`,
    (p) => `${p}%ff`,
    (p) => `${p}%`,
    (p) => `${p}%zz`,
    (p) => p.replaceAll('/', '\\'),
    (p) => `${p};jsessionid=1`,
    (p) => `${p}/${'a'.repeat(rand.pick([300, 5_000, 15_000]))}`,
    (p) => `${p}/`,
    (p) => p.replace('/', '/./'),
    (p) => `${p}/%252e%252e`,
    (p) => p.slice(1),
    (p) => `http://127.0.0.1:${draft.port}${p}`,
    () => '*',
    (p) => p.toUpperCase(),
    (p) => `${p}#fragment`,
    (p) => `${p}?`,
    (p) => `${p}??a=b`,
    (p) => `${p}\xe9`,
    (p) => `${p}${utf8Bytes('é𝔢')}`,
    (p) => `${p}\x7f`,
  ];
  draft.base.path = rand.pick(tricks)(path);
}

function pathSegment(draft: Draft, rand: Rand): void {
  const segments = draft.base.path.split('/');
  if (segments.length < 2) return;
  const at = rand.int(1, segments.length - 1);
  const value = rand.pick([
    percentEncode(weirdString(rand)),
    '%00',
    '..',
    '%2e%2e',
    '-1',
    '0',
    '1e309',
    '99999999999999999999',
    '%2F',
    '%20',
    'a'.repeat(250),
    '',
  ]);
  segments[at] = value;
  draft.base.path = segments.join('/');
}

function mutateQuery(draft: Draft, rand: Rand): void {
  const query = draft.base.query;
  switch (rand.int(0, 5)) {
    case 0: {
      const name = query.length > 0 && rand.chance(0.6) ? rand.pick(query)[0] : weirdString(rand);
      query.push([name, weirdString(rand)]);
      return;
    }
    case 1:
      if (query.length > 0) {
        const at = rand.int(0, query.length - 1);
        query[at] = [(query[at] as [string, string])[0], weirdString(rand)];
      } else query.push(['pageLimit', weirdString(rand)]);
      return;
    case 2:
      draft.rawQuery.push(
        rand.pick([
          '%zz=1',
          'a=%',
          '%00=%00',
          'a[b]=1',
          '__proto__[x]=1',
          'constructor[prototype][x]=1',
          '&&&',
          '=',
          'a=1;b=2',
        ]),
      );
      return;
    case 3:
      draft.rawQuery.push(Array.from({ length: rand.pick([200, 2_000]) }, (_v, i) => `p${i}=${i}`).join('&'));
      return;
    case 4:
      for (const [name] of [...query]) query.push([name, 'repeated']);
      if (query.length === 0) query.push(['pageStart', '1'], ['pageStart', '2']);
      return;
    default:
      draft.rawQuery.push(`x=${utf8Bytes(weirdString(rand)).replace(/[\s#]/g, '_')}`);
  }
}

/** One field of the body (added when missing) set to a weird value. */
function bodyField(draft: Draft, rand: Rand): void {
  const body = draft.base.body;
  if (body.kind === 'form') {
    const fields = body.fields;
    if (fields.length > 0 && rand.chance(0.8)) {
      const at = rand.int(0, fields.length - 1);
      fields[at] = [(fields[at] as [string, string])[0], weirdString(rand)];
    } else fields.push([weirdString(rand), weirdString(rand)]);
    return;
  }
  const value = body.kind === 'json' && body.value && typeof body.value === 'object' ? body.value : {};
  setDeep(value as Record<string, unknown>, rand);
  draft.base.body = { kind: 'json', value };
}

function setDeep(object: Record<string, unknown>, rand: Rand): void {
  const keys = Object.keys(object);
  if (keys.length === 0 || rand.chance(0.2)) {
    object[
      rand.chance(0.5) ? weirdString(rand) : rand.pick(['isAdmin', 'platformRoles', 'id', 'orgId', 'email'])
    ] = weirdValue(rand);
    return;
  }
  const key = rand.pick(keys);
  const inner = object[key];
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && rand.chance(0.5)) {
    setDeep(inner as Record<string, unknown>, rand);
  } else if (Array.isArray(inner) && inner.length > 0 && rand.chance(0.5)) {
    inner[rand.int(0, inner.length - 1)] = weirdValue(rand);
  } else object[key] = weirdValue(rand);
}

/** Characters that slip past most patterns yet break storage or decoding: NUL above all (PostgreSQL refuses it). */
const SLIPPERY = [
  '\u0000',
  '\u0000',
  '\u0000',
  '\ud800',
  '\udc00',
  '\uffff',
  '\ufffe',
  '\u202e',
  '\u0085',
  '\u2028',
  '\u00a0',
];

/**
 * One character slipped into an otherwise valid string value (a body field, a form field, a query value, or a
 * path segment): the request stays valid enough to reach the code behind the schema.
 */
function charInField(draft: Draft, rand: Rand): void {
  const slip = (text: string) => {
    const at = rand.int(0, text.length);
    return text.slice(0, at) + rand.pick(SLIPPERY) + text.slice(at);
  };
  const { base } = draft;
  if (base.body.kind === 'json' && slipIntoJson(base.body.value, slip, rand)) return;
  if (base.body.kind === 'form' && base.body.fields.length > 0) {
    const fields = base.body.fields;
    const at = rand.int(0, fields.length - 1);
    const [name, value] = fields[at] as [string, string];
    fields[at] = [name, slip(value)];
    return;
  }
  if (base.query.length > 0) {
    const at = rand.int(0, base.query.length - 1);
    const [name, value] = base.query[at] as [string, string];
    base.query[at] = [name, slip(value)];
    return;
  }
  const segments = base.path.split('/');
  const at = rand.int(1, Math.max(1, segments.length - 1));
  segments[at] = `${segments[at] ?? ''}%00`;
  base.path = segments.join('/');
}

/**
 * The body's fields sent in the query string instead (token endpoints read them there too): secrets in a URL,
 * which the access log must never show. The secret scan checks that it does not.
 */
function fieldsInQuery(draft: Draft, rand: Rand): void {
  const { base } = draft;
  const fields =
    base.body.kind === 'form'
      ? base.body.fields
      : base.body.kind === 'json' && base.body.value && typeof base.body.value === 'object'
        ? Object.entries(base.body.value).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          )
        : [];
  base.query.push(...fields);
  if (rand.chance(0.7)) base.body = { kind: 'none' };
}

/** Replaces one string leaf of a JSON value with `slip(leaf)`; false when it has none. */
function slipIntoJson(value: unknown, slip: (text: string) => string, rand: Rand): boolean {
  const leaves: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? [...node.entries()]
      : Object.entries(node);
    for (const [key, item] of entries) {
      if (typeof item === 'string') leaves.push([node as Record<string, unknown>, key]);
      else walk(item);
    }
  };
  walk(value);
  if (leaves.length === 0) return false;
  const [holder, key] = rand.pick(leaves);
  (holder as Record<string | number, unknown>)[key] = slip(
    (holder as Record<string | number, string>)[key] ?? '',
  );
  return true;
}

function bodyShape(draft: Draft, rand: Rand): void {
  if (draft.base.body.kind === 'form' && rand.chance(0.5)) {
    draft.rawBody = Buffer.from(
      rand.pick(['&&&', '=', '%zz', 'a=%', `${'a=1&'.repeat(5_000)}`, 'a', '%00=%00', `${utf8Bytes('é=𝔢')}`]),
      'latin1',
    );
    return;
  }
  draft.rawBody = Buffer.from(weirdJsonText(rand), 'utf8');
  if (draft.base.body.kind === 'none') draft.contentType = 'application/json';
}

function contentType(draft: Draft, rand: Rand): void {
  draft.contentType = rand.pick([
    'text/plain',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/x-www-form-urlencoded/',
    'application/x-www-form-urlencoded; charset=iso-8859-1',
    'multipart/form-data; boundary=soak',
    'multipart/form-data',
    'application/xml',
    '',
    'application/json;;;',
    '*/*',
    'application/jsonx',
    'APPLICATION/JSON',
    `application/${'x'.repeat(2_000)}`,
    'application/octet-stream',
    'application/merge-patch+json',
    null,
  ]);
}

/** A header value may not break the header block (that would be another request, not a bad header). */
function withoutLineBreaks(text: string): string {
  return text.replace(/[\r\n]/g, '');
}

function authGarbage(draft: Draft, rand: Rand): void {
  const garbage = withoutLineBreaks(weirdString(rand));
  const latin1 = utf8Bytes(garbage);
  draft.garbageAuth = [
    rand.pick<[string, string]>([
      ['Authorization', `Bearer ${latin1}`],
      ['Authorization', 'Bearer'],
      [
        'Authorization',
        'Bearer eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4IiwiZXhwIjo5OTk5OTk5OTk5fQ.',
      ],
      ['Authorization', `Basic ${Buffer.from(garbage).toString('base64')}`],
      ['Authorization', 'Basic !!!not-base64!!!'],
      ['Authorization', `Basic ${Buffer.from('\u0000:\u0000').toString('base64')}`],
      ['Authorization', `Digest ${latin1}`],
      ['Authorization', `Bearer ${'a'.repeat(10_000)}`],
      ['csp-auth-token', latin1],
      ['Cookie', `keyward_session=${latin1}`],
      ['Cookie', '=;;=; a; keyward_session'],
    ]),
  ];
  if (rand.chance(0.4)) {
    draft.garbageAuth.push(
      ['X-Ovh-Application', rand.pick([latin1, 'x'.repeat(16)])],
      ['X-Ovh-Consumer', rand.pick([latin1, 'y'.repeat(32)])],
      ['X-Ovh-Timestamp', rand.pick(['NaN', '-1', '99999999999999999999', '1e10', latin1, ''])],
      ['X-Ovh-Signature', rand.pick(['$1$zz', `$2$${'a'.repeat(40)}`, latin1, '$1$'])],
    );
  }
}

function hugeHeader(draft: Draft, rand: Rand): void {
  switch (rand.int(0, 2)) {
    case 0:
      draft.headers.push(['X-Soak-Pad', 'p'.repeat(rand.pick([8_000, 15_000, 17_000, 40_000, 100_000]))]);
      return;
    case 1:
      for (let i = 0; i < rand.pick([100, 500, 3_000]); i++) draft.headers.push([`X-Soak-${i}`, String(i)]);
      return;
    default:
      draft.headers.push(['Cookie', `a=${'c'.repeat(rand.pick([4_000, 20_000]))}`]);
  }
}

function oddHeader(draft: Draft, rand: Rand): void {
  const choice = rand.int(0, 13);
  switch (choice) {
    case 0:
      draft.host = null;
      return;
    case 1:
      draft.host = rand.pick(['evil.example', '127.0.0.1:1', 'h'.repeat(5_000), '[::1', '', 'a b']);
      return;
    case 2:
      draft.headers.push(['Expect', rand.pick(['100-continue', 'bogus'])]);
      return;
    case 3:
      draft.headers.push(['Content-Encoding', rand.pick(['gzip', 'br', 'deflate', 'x'])]);
      return;
    case 4:
      draft.headers.push(['X-Soak', '\xff\xfe\x80']);
      return;
    case 5:
      draft.headers.push(['X-Soak', 'a\u0000b']);
      return;
    case 6:
      draft.headers.push(['X Soak', '1']);
      return;
    case 7:
      draft.headers.push(['Origin', rand.pick(['null', 'https://evil.example', 'http://127.0.0.1'])]);
      return;
    case 8:
      draft.headers.push(
        ['X-Forwarded-For', rand.pick(['1.2.3.4', 'garbage', '::1, 127.0.0.1'])],
        ['X-Forwarded-Proto', 'https'],
      );
      return;
    case 9:
      draft.headers.push([
        'Accept',
        rand.pick(['*/*;q=abc', 'text/html', 'application/json;q=0', 'x'.repeat(3_000)]),
      ]);
      return;
    case 10:
      draft.headers.push(['Content-Type', 'text/plain']);
      return;
    case 11:
      draft.headers.push(['Authorization', 'Bearer second']);
      return;
    case 12:
      draft.headers.push(['Accept-Language', withoutLineBreaks(weirdString(rand)).replaceAll('\u0000', '')]);
      return;
    default:
      draft.headers.push(['Transfer-Encoding', rand.pick(['gzip', 'identity', 'chunked, identity'])]);
  }
}

function httpVersion(draft: Draft, rand: Rand): void {
  draft.version = rand.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', 'HTTP/9.9', 'http/1.1', '']);
}

function bodyBytes(draft: Draft): Buffer {
  return draft.rawBody ?? serializeBody(draft.base);
}

function randomBody(draft: Draft, rand: Rand): void {
  draft.rawBody = rand.bytes(rand.int(1, 4_096));
}

function oversizeBody(draft: Draft, rand: Rand): void {
  const size = rand.pick([256 * 1024 + 1, 300_000, 1_500_000]);
  draft.rawBody =
    draft.base.body.kind === 'form'
      ? Buffer.from(`a=${'a'.repeat(size)}`)
      : Buffer.from(JSON.stringify({ name: 'n'.repeat(size) }));
}

const INVALID_UTF8 = [
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xff],
  [0xfe, 0xff],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xc3],
];

function insertAt(bytes: Buffer, insertions: number, make: () => number[], rand: Rand): Buffer {
  let result = bytes;
  for (let i = 0; i < insertions; i++) {
    const at = rand.int(0, result.length);
    result = Buffer.concat([result.subarray(0, at), Buffer.from(make()), result.subarray(at)]);
  }
  return result;
}

function brokenUtf8(draft: Draft, rand: Rand): void {
  draft.rawBody = insertAt(bodyBytes(draft), rand.int(1, 4), () => rand.pick(INVALID_UTF8), rand);
}

function nulBytes(draft: Draft, rand: Rand): void {
  draft.rawBody = insertAt(bodyBytes(draft), rand.int(1, 4), () => [0], rand);
}

function flipBytes(draft: Draft, rand: Rand): void {
  const bytes = Buffer.from(bodyBytes(draft));
  if (bytes.length === 0) {
    draft.rawBody = rand.bytes(16);
    return;
  }
  for (let i = rand.int(1, 5); i > 0; i--) {
    const at = rand.int(0, bytes.length - 1);
    bytes[at] = (bytes[at] as number) ^ (1 << rand.int(0, 7));
  }
  draft.rawBody = bytes;
}

function cutBody(draft: Draft, rand: Rand): void {
  const bytes = bodyBytes(draft);
  draft.rawBody = bytes.subarray(0, bytes.length === 0 ? 0 : rand.int(0, bytes.length - 1));
}

/** The client sends part of the body and walks away (the body never completes). */
function abandon(draft: Draft, rand: Rand): void {
  let bytes = bodyBytes(draft);
  if (bytes.length < 2) {
    bytes = Buffer.from(JSON.stringify({ padding: 'p'.repeat(rand.int(64, 4_096)) }));
    draft.rawBody = bytes;
    if (draft.base.body.kind === 'none') draft.contentType = 'application/json';
  }
  draft.abandonAfter = rand.int(0, bytes.length - 1);
}

/** The message framing itself: lengths that lie or disagree, chunked bodies, good and bogus. */
function framing(draft: Draft, rand: Rand): void {
  const kind = rand.int(0, 5);
  draft.framing = (request) => {
    const headers = request.headers.filter(([name]) => name.toLowerCase() !== 'content-length');
    const length = request.body.length;
    switch (kind) {
      case 0:
        headers.push(['Content-Length', String(length)], ['Content-Length', String(length + 1)]);
        break;
      case 1:
        headers.push(['Content-Length', rand.pick(['-1', 'abc', '1e20', '0x10', '99999999999999999999'])]);
        break;
      case 2: {
        // A valid chunked body.
        headers.push(['Transfer-Encoding', 'chunked']);
        request.body = Buffer.concat([
          Buffer.from(`${length.toString(16)}\r\n`),
          request.body,
          Buffer.from('\r\n0\r\n\r\n'),
        ]);
        break;
      }
      case 3:
        headers.push(['Transfer-Encoding', 'chunked'], ['Content-Length', String(length)]);
        break;
      case 4:
        headers.push(['Transfer-Encoding', 'chunked']);
        request.body = Buffer.concat([Buffer.from('zz\r\n'), request.body]);
        break;
      default:
        // A length larger than what is sent: the server waits for the rest, the client gives up.
        headers.push(['Content-Length', String(length + rand.int(1, 1_000))]);
        request.abandonAfter = length;
    }
    request.headers = headers;
  };
}
