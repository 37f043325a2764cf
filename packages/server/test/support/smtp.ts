import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** A message as the SMTP server received it. */
export interface Received {
  envelopeTo: string[];
  headers: Map<string, string>;
  body: string;
}

/** An SMTP server on loopback that keeps every message it accepts and can refuse recipients on demand. */
export interface TestSmtpServer {
  url: string;
  received: Received[];
  /** Refuses the next `count` RCPT TO commands with a temporary 450 error. */
  refuseRecipients(count: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: Received[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    // A reverse DNS lookup of 127.0.0.1 per connection would make up most of each test's time.
    disableReverseLookup: true,
    onRcptTo(_address, _session, callback) {
      if (refusals <= 0) return callback();
      refusals--;
      callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 450 }));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
        received.push({ envelopeTo, ...parseMessage(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no port');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    refuseRecipients: (count) => {
      refusals = count;
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/**
 * Splits an RFC 5322 message into its header fields (names lower-cased, folded lines joined, RFC 2047 encoded
 * words decoded) and its body (quoted-printable decoded), as a mail client would show them.
 */
export function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) throw new Error('no blank line between header and body');
  const headers = new Map<string, string>();
  // RFC 5322 §2.2.3: a line starting with white space continues the previous field.
  for (const line of raw
    .slice(0, end)
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const body = raw.slice(end + 4);
  const quotedPrintable = headers.get('content-transfer-encoding')?.toLowerCase() === 'quoted-printable';
  return { headers, body: quotedPrintable ? decodeQuotedPrintable(body) : body };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=); adjacent words join without the space between. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_match, _charset: string, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** RFC 2045 §6.7: soft line breaks removed, =XX octets restored (UTF-8). */
function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unfolded = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < unfolded.length; i++) {
    const char = unfolded[i] as string;
    const hex = unfolded.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
