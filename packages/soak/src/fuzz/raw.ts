import { connect } from 'node:net';

/**
 * A request as bytes on the wire: nothing here is checked or normalized (fetch and undici refuse NUL bytes,
 * bad methods, raw non-ASCII in the path, or a Content-Length that lies), so every mutation reaches the server
 * exactly as generated. Strings are latin1, one char per byte.
 */
export interface RawRequest {
  method: string;
  /** The request target: path and query as sent. */
  target: string;
  version: string;
  headers: [string, string][];
  body: Buffer;
  /** Send only this many body bytes, wait a moment, then drop the connection: a client that walks away. */
  abandonAfter?: number;
}

export function serialize(request: RawRequest): Buffer {
  const head = [
    `${request.method} ${request.target} ${request.version}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), request.body]);
}

export type Outcome =
  | { kind: 'answered'; status: number; ms: number }
  /** The server closed the connection without a status line (e.g. Node refusing a request it cannot parse). */
  | { kind: 'closed'; ms: number }
  /** No answer within the time limit: a hang. */
  | { kind: 'timeout'; ms: number }
  /** The client walked away on purpose (abandonAfter). */
  | { kind: 'abandoned'; ms: number }
  | { kind: 'refused'; ms: number; error: string };

const STATUS_LINE = /^HTTP\/\d\.\d (\d{3})/;

/**
 * Sends the bytes over a fresh connection from `localAddress` and reads the answer's status line. Interim 1xx
 * answers are skipped. Only the status is read: the fuzzer judges the status, the server's log, and whether it
 * stays up.
 */
export function sendRaw(
  port: number,
  request: RawRequest,
  options: { timeoutMs: number; localAddress?: string },
): Promise<Outcome> {
  const bytes = serialize(request);
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      resolve(outcome);
    };
    // After a stall of this process, timers run before pending socket reads: let those in first (setImmediate
    // runs after the poll phase), so a late client is not taken for a hung server.
    const timer = setTimeout(
      () => setImmediate(() => finish({ kind: 'timeout', ms: elapsed() })),
      options.timeoutMs,
    );
    socket.on('connect', () => {
      if (request.abandonAfter === undefined) {
        socket.write(bytes);
        return;
      }
      const headLength = bytes.length - request.body.length;
      socket.write(bytes.subarray(0, headLength + request.abandonAfter));
      // Long enough for the server to start reading the body, then gone.
      setTimeout(() => finish({ kind: 'abandoned', ms: elapsed() }), 30);
    });
    let grace: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (received.length < 65_536) received = Buffer.concat([received, chunk]);
      const status = finalStatus(received);
      // The answer is sent with Connection: close; give the server a moment to finish it before hanging up.
      if (status !== null && !grace)
        grace = setTimeout(() => finish({ kind: 'answered', status, ms: elapsed() }), 1_000);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (received.length === 0 && (error.code === 'ECONNREFUSED' || error.code === 'EADDRNOTAVAIL')) {
        finish({ kind: 'refused', ms: elapsed(), error: error.code });
      }
      // A reset after the request was sent (the server refused to read on) counts as closed, below.
    });
    socket.on('close', () => {
      const status = finalStatus(received);
      finish(
        status === null ? { kind: 'closed', ms: elapsed() } : { kind: 'answered', status, ms: elapsed() },
      );
    });
  });
}

/** The status of the first non-1xx answer in what was received so far, or null. */
function finalStatus(received: Buffer): number | null {
  let text = received.toString('latin1');
  for (;;) {
    const match = STATUS_LINE.exec(text);
    if (!match) return null;
    const status = Number(match[1]);
    if (status >= 200) return status;
    const end = text.indexOf('\r\n\r\n');
    if (end === -1) return null;
    text = text.slice(end + 4);
  }
}
