// A small ASN.1 DER encoder (ITU-T X.690), enough to write one X.509 certificate (RFC 5280).
// Each function returns the complete encoding: identifier octet, length octets, contents octets.

/** Universal tag numbers (X.680 §8.6) with the constructed bit (0x20) where the type is constructed. */
const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

/** X.690 §8.1.3: short form below 128; otherwise 0x80 | count, then the length in as few octets as possible. */
export function encodeLength(length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) throw new TypeError(`invalid DER length ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

/** One element: identifier octet, definite length (DER §10.1), contents. Tag numbers above 30 are not needed. */
export function tlv(identifier: number, contents: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([identifier]), encodeLength(contents.length), contents]);
}

export function sequence(...elements: Uint8Array[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(elements));
}

/** X.690 §11.6: the elements of a SET OF are sorted by their encodings, as octet strings. */
export function set(...elements: Uint8Array[]): Buffer {
  return tlv(TAG.set, Buffer.concat([...elements].sort(Buffer.compare)));
}

/**
 * A non-negative INTEGER from a number, bigint or unsigned big-endian bytes. X.690 §8.3.2: the contents are
 * minimal (no leading 0x00 unless the next octet has its high bit set, which would otherwise read as negative).
 */
export function integer(value: number | bigint | Uint8Array): Buffer {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value.length > 0 ? value : Buffer.from([0]);
  else {
    const big = BigInt(value);
    if (big < 0n) throw new TypeError('only non-negative INTEGERs are supported');
    const hex = big.toString(16);
    bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  const first = minimal[0] ?? 0;
  return tlv(TAG.integer, first & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : Buffer.from(minimal));
}

/** X.690 §8.19: the first two arcs share one subidentifier (40·a + b); each is base 128, high bit = "more". */
export function objectIdentifier(oid: string): Buffer {
  const arcs = oid.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new TypeError(`invalid object identifier ${oid}`);
    return BigInt(arc);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2n || (first < 2n && second > 39n)) {
    throw new TypeError(`invalid object identifier ${oid}`);
  }
  const octets: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const group = [Number(arc & 0x7fn)];
    for (let more = arc >> 7n; more > 0n; more >>= 7n) group.unshift(Number(more & 0x7fn) | 0x80);
    octets.push(...group);
  }
  return tlv(TAG.objectIdentifier, Buffer.from(octets));
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
}

/**
 * RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) for years 1950–2049, GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise;
 * always UTC, always with seconds, never fractions (§4.1.2.5.1, §4.1.2.5.2). Milliseconds are dropped.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new TypeError('the date cannot be encoded');
  const two = (n: number) => String(n).padStart(2, '0');
  const rest =
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes()) +
    two(date.getUTCSeconds());
  if (year >= 1950 && year <= 2049)
    return tlv(TAG.utcTime, Buffer.from(`${two(year % 100)}${rest}Z`, 'ascii'));
  return tlv(TAG.generalizedTime, Buffer.from(`${String(year).padStart(4, '0')}${rest}Z`, 'ascii'));
}

/** X.690 §8.6.2: the first contents octet counts the unused bits at the end of the last octet (0–7). */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new TypeError(`invalid unused bit count ${unusedBits}`);
  }
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.octetString, bytes);
}

/** X.690 §11.1: DER writes TRUE as 0xFF. */
export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/** `[n] EXPLICIT`: a constructed context-specific element wrapping the whole inner encoding (X.690 §8.14.2). */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  return tlv(0xa0 | contextTag(tagNumber), inner);
}

/** `[n] IMPLICIT`: the context tag replaces the inner type's tag; the contents are the inner contents (§8.14.3). */
export function implicit(tagNumber: number, contents: Uint8Array, constructed = false): Buffer {
  return tlv((constructed ? 0xa0 : 0x80) | contextTag(tagNumber), contents);
}

function contextTag(tagNumber: number): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) {
    throw new TypeError(`context tag [${tagNumber}] is not supported`);
  }
  return tagNumber;
}

/** The contents of each element directly inside one DER element (e.g. the fields of a SEQUENCE). */
export function readChildren(der: Uint8Array): { identifier: number; contents: Buffer }[] {
  const outer = readElement(Buffer.from(der), 0);
  const children: { identifier: number; contents: Buffer }[] = [];
  for (let offset = 0; offset < outer.contents.length; ) {
    const child = readElement(outer.contents, offset);
    children.push({ identifier: child.identifier, contents: child.contents });
    offset = child.end;
  }
  return children;
}

function readElement(buffer: Buffer, offset: number): { identifier: number; contents: Buffer; end: number } {
  const identifier = buffer[offset];
  const first = buffer[offset + 1];
  if (identifier === undefined || first === undefined) throw new TypeError('truncated DER');
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new TypeError('unsupported DER length');
    length = buffer.readUIntBE(start, count);
    start += count;
  }
  if (start + length > buffer.length) throw new TypeError('truncated DER');
  return { identifier, contents: buffer.subarray(start, start + length), end: start + length };
}
