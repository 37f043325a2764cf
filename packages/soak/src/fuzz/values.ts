/** Values that have broken web services before: each fuzzed field, header and path segment draws from these. */
import fc from 'fast-check';
import type { Rand } from '../random.js';

/** UTF-8 bytes as a latin1 string (one char per byte), for raw request lines and headers. */
export const utf8Bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * encodeURIComponent for any string: a lone surrogate (which encodeURIComponent refuses) is sent as the three
 * bytes CESU-8 would give it, the kind of ill-formed UTF-8 a decoder must refuse.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    } else out += encodeURIComponent(char);
  }
  return out;
}

const FIXED_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(40),
  '%00',
  '\ud800',
  '\udfff\ud800',
  '\uffff',
  '\ufeff',
  '\u202eevil',
  '😀'.repeat(50),
  'ℌ𝔢𝔩𝔩𝔬 İß Ａ',
  '',
  ' ',
  '\t\r\n',
  '\r\nx-injected: 1',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style probe, sent as text on purpose
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '%s%s%s%n',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '99999999999999999999999',
  '1e309',
  '0x10',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '\\',
  '\\u0000',
  '%',
  '%zz',
  '%c0%af',
  `kwt${'A'.repeat(62)}`,
  `kws${'0'.repeat(54)}`,
  `kwr${'z'.repeat(40)}`,
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  'Basic Og==',
  'https://evil.example/',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Code point ranges where decoders, normalizers and databases have tripped. */
const TRICKY_RANGES: [number, number][] = [
  [0x00, 0x1f], // control characters, NUL first
  [0x7f, 0xff], // DEL, C1 controls, Latin-1
  [0x300, 0x36f], // combining marks
  [0x200b, 0x202e], // zero-width and bidirectional controls
  [0xd800, 0xdfff], // lone surrogates
  [0xfdd0, 0xfdef], // non-characters
  [0xfff0, 0xffff], // specials
  [0x1f600, 0x1f64f], // astral (emoji)
];

/**
 * A string from the list above, a long one, or code points drawn at random (from anywhere, or from the tricky
 * ranges). Built from integers: fast-check's own full-Unicode string units precompute tables that take seconds
 * to build on a loaded machine, and a fuzzer stalled that long looks like a server that hangs.
 */
export function weirdString(rand: Rand): string {
  const codePoints = (draw: () => number) =>
    Array.from({ length: rand.int(1, 32) }, draw)
      .map((code) => String.fromCodePoint(code))
      .join('');
  switch (rand.int(0, 9)) {
    case 0:
      return rand.pick(['x', '\u0000', 'é', '𝔢']).repeat(rand.pick([257, 4_097, 70_000]));
    case 1:
      return codePoints(() => rand.int(0, 0x10ffff));
    case 2:
      return codePoints(() => {
        const [low, high] = rand.pick(TRICKY_RANGES);
        return rand.int(low, high);
      });
    case 3:
      return codePoints(() => rand.int(0x20, 0x7e));
    default:
      return rand.pick(FIXED_STRINGS);
  }
}

/** A JSON value of any type, including ones the schema cannot expect. */
export function weirdValue(rand: Rand): unknown {
  switch (rand.int(0, 11)) {
    case 0:
      return rand.pick([-1, 0, -0, 1.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 4294967296, 1e-320]);
    case 1:
      return rand.pick([true, false, null]);
    case 2:
      return rand.pick([[], {}, [null], [[[[[]]]]], { '': '' }]);
    case 3:
      return JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}');
    case 4:
      return Array.from({ length: rand.pick([100, 5_000]) }, (_v, i) => i);
    case 5:
      return Object.fromEntries(Array.from({ length: rand.pick([200, 3_000]) }, (_v, i) => [`k${i}`, i]));
    case 6:
      return rand.value(fc.jsonValue({ maxDepth: 4 }));
    default:
      return weirdString(rand);
  }
}

/** JSON-ish text no parser should choke on fatally: deep nesting, duplicate keys, numbers past any range. */
export function weirdJsonText(rand: Rand): string {
  switch (rand.int(0, 9)) {
    case 0:
      return `${'['.repeat(rand.pick([1_000, 20_000]))}${']'.repeat(rand.pick([0, 1_000, 20_000]))}`;
    case 1:
      return `{"a":1,"a":2,"__proto__":{"x":1}}`;
    case 2:
      return `{"n":${'9'.repeat(400)}}`;
    case 3:
      return '{"s":"\\ud800\\udc00\\ud800"}';
    case 4:
      return '{"s":"\\u0000"}';
    case 5:
      return rand.pick([
        '',
        ' ',
        'null',
        '[]',
        '"string"',
        '12',
        'true',
        '{',
        '}',
        '{"a":',
        '{"a" 1}',
        "{'a':1}",
      ]);
    case 6:
      return `{${Array.from({ length: 10_000 }, (_v, i) => `"k${i}":${i}`).join(',')}}`;
    default:
      return JSON.stringify(rand.value(fc.jsonValue({ maxDepth: 5 })));
  }
}
