import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './revocation-feed.js';

function parse(chunks: string[]) {
  const events: { event: string; id: string | undefined; data: string }[] = [];
  const parser = new EventStreamParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('EventStreamParser', () => {
  it('reads events split anywhere, with CRLF, LF or CR line ends, comments and multi-line data', () => {
    const text =
      'retry: 1000\r\n\r\n: a comment\nevent: revocation\nid: 7\ndata: {"a":\ndata: 1}\n\nevent:heartbeat\rdata: {}\r\r: more\n';
    const whole = parse([text]);
    expect(whole).toEqual([
      { event: 'revocation', id: '7', data: '{"a":\n1}' },
      { event: 'heartbeat', id: '7', data: '{}' },
    ]);
    // The same bytes one character at a time (a \r\n split across chunks is one line end).
    expect(parse([...text])).toEqual(whole);
  });

  it('refuses an endless line', () => {
    expect(() => parse([`data: ${'x'.repeat(70_000)}`])).toThrow(/too large/);
  });
});
