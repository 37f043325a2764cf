import { describe, expect, it } from 'vitest';
import {
  bitString,
  boolean,
  encodeLength,
  explicit,
  implicit,
  integer,
  objectIdentifier,
  octetString,
  readChildren,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('INTEGER (X.690 §8.3)', () => {
  it('writes the minimal two’s-complement form of a non-negative value', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(128))).toBe('02020080'); // 0x80 alone would read as -128
    expect(hex(integer(256))).toBe('02020100');
    expect(hex(integer(2n ** 64n))).toBe('0209010000000000000000');
  });

  it('strips leading zero octets from bytes, keeping one 0x00 before a high bit', () => {
    expect(hex(integer(Buffer.from('000001', 'hex')))).toBe('020101');
    expect(hex(integer(Buffer.from('0000ff', 'hex')))).toBe('020200ff');
    expect(hex(integer(Buffer.from('ff00', 'hex')))).toBe('020300ff00');
    expect(hex(integer(Buffer.alloc(0)))).toBe('020100');
  });

  it('refuses negative values', () => {
    expect(() => integer(-1)).toThrow(TypeError);
  });
});

describe('OBJECT IDENTIFIER (X.690 §8.19)', () => {
  it('encodes ecdsa-with-SHA256 and multi-octet arcs', () => {
    expect(hex(objectIdentifier('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(objectIdentifier('2.5.29.17'))).toBe('0603551d11');
    expect(hex(objectIdentifier('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301');
    expect(hex(objectIdentifier('2.999.3'))).toBe('0603883703'); // X.690 §8.19.5 example: 2·40 + 999 = 1079
  });

  it('refuses what is not an object identifier', () => {
    for (const bad of ['1', '3.1', '1.40', '1.2.x', ''])
      expect(() => objectIdentifier(bad)).toThrow(TypeError);
  });
});

describe('lengths (X.690 §8.1.3)', () => {
  it('uses the short form below 128 and the fewest octets of the long form above', () => {
    expect(hex(encodeLength(0))).toBe('00');
    expect(hex(encodeLength(127))).toBe('7f');
    expect(hex(encodeLength(128))).toBe('8180');
    expect(hex(encodeLength(255))).toBe('81ff');
    expect(hex(encodeLength(256))).toBe('820100');
    expect(hex(encodeLength(70_000))).toBe('83011170');
  });

  it('puts the long form in front of long contents, and reads it back', () => {
    const long = octetString(Buffer.alloc(300, 7));
    expect(hex(long.subarray(0, 4))).toBe('0482012c');
    expect(long).toHaveLength(304);
    const children = readChildren(sequence(long, integer(5)));
    expect(children.map((child) => child.identifier)).toEqual([0x04, 0x02]);
    expect(children[0]?.contents).toEqual(Buffer.alloc(300, 7));
    expect(hex(octetString(Buffer.alloc(200)).subarray(0, 3))).toBe('0481c8');
  });
});

describe('times (RFC 5280 §4.1.2.5)', () => {
  it('uses UTCTime through 2049 and GeneralizedTime from 2050, in UTC, to the second', () => {
    expect(time(new Date('2049-12-31T23:59:59.999Z')).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
    expect(time(new Date('1950-01-01T00:00:00Z')).toString('latin1')).toBe('\x17\x0d500101000000Z');
    expect(time(new Date('1949-12-31T23:59:59Z')).toString('latin1')).toBe('\x18\x0f19491231235959Z');
  });

  it('refuses an invalid date', () => {
    expect(() => time(new Date('not a date'))).toThrow(TypeError);
  });
});

describe('other types', () => {
  it('encodes BOOLEAN, BIT STRING, UTF8String, SEQUENCE and context tags', () => {
    expect(hex(boolean(true))).toBe('0101ff'); // X.690 §11.1
    expect(hex(boolean(false))).toBe('010100');
    expect(hex(bitString(Buffer.from([0x84]), 2))).toBe('03020284');
    expect(hex(utf8String('é'))).toBe('0c02c3a9');
    expect(hex(sequence(integer(1), boolean(true)))).toBe('30060201010101ff');
    expect(hex(explicit(0, integer(2)))).toBe('a003020102');
    expect(hex(implicit(2, Buffer.from('a')))).toBe('820161');
    expect(hex(implicit(1, Buffer.from([0x05, 0x00]), true))).toBe('a1020500');
  });

  it('sorts the elements of a SET by their encodings (X.690 §11.6)', () => {
    expect(hex(set(integer(2), integer(1)))).toBe('3106020101020102');
  });
});
