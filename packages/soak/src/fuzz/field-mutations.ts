/** Mutations of a request's fields: its method, path, query, body values and shape, and content type. */
import type { Rand } from '../random.js';
import type { Draft } from './draft.js';
import { percentEncode, utf8Bytes, weirdJsonText, weirdString, weirdValue } from './values.js';

export function mutateMethod(draft: Draft, rand: Rand): void {
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

export function pathTrick(draft: Draft, rand: Rand): void {
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

export function pathSegment(draft: Draft, rand: Rand): void {
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

export function mutateQuery(draft: Draft, rand: Rand): void {
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
export function bodyField(draft: Draft, rand: Rand): void {
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
export function charInField(draft: Draft, rand: Rand): void {
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
export function fieldsInQuery(draft: Draft, rand: Rand): void {
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

export function bodyShape(draft: Draft, rand: Rand): void {
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

export function contentType(draft: Draft, rand: Rand): void {
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
