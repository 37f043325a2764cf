/** Mutations of the message on the wire: headers, credentials gone wrong, the HTTP version, body bytes, framing. */
import type { Rand } from '../random.js';
import { bodyBytes, type Draft } from './draft.js';
import { utf8Bytes, weirdString } from './values.js';

/** A header value may not break the header block (that would be another request, not a bad header). */
function withoutLineBreaks(text: string): string {
  return text.replace(/[\r\n]/g, '');
}

export function authGarbage(draft: Draft, rand: Rand): void {
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

export function hugeHeader(draft: Draft, rand: Rand): void {
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

export function oddHeader(draft: Draft, rand: Rand): void {
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

export function httpVersion(draft: Draft, rand: Rand): void {
  draft.version = rand.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', 'HTTP/9.9', 'http/1.1', '']);
}

export function randomBody(draft: Draft, rand: Rand): void {
  draft.rawBody = rand.bytes(rand.int(1, 4_096));
}

export function oversizeBody(draft: Draft, rand: Rand): void {
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

export function brokenUtf8(draft: Draft, rand: Rand): void {
  draft.rawBody = insertAt(bodyBytes(draft), rand.int(1, 4), () => rand.pick(INVALID_UTF8), rand);
}

export function nulBytes(draft: Draft, rand: Rand): void {
  draft.rawBody = insertAt(bodyBytes(draft), rand.int(1, 4), () => [0], rand);
}

export function flipBytes(draft: Draft, rand: Rand): void {
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

export function cutBody(draft: Draft, rand: Rand): void {
  const bytes = bodyBytes(draft);
  draft.rawBody = bytes.subarray(0, bytes.length === 0 ? 0 : rand.int(0, bytes.length - 1));
}

/** The client sends part of the body and walks away (the body never completes). */
export function abandon(draft: Draft, rand: Rand): void {
  let bytes = bodyBytes(draft);
  if (bytes.length < 2) {
    bytes = Buffer.from(JSON.stringify({ padding: 'p'.repeat(rand.int(64, 4_096)) }));
    draft.rawBody = bytes;
    if (draft.base.body.kind === 'none') draft.contentType = 'application/json';
  }
  draft.abandonAfter = rand.int(0, bytes.length - 1);
}

/** The message framing itself: lengths that lie or disagree, chunked bodies, good and bogus. */
export function framing(draft: Draft, rand: Rand): void {
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
