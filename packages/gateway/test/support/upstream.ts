// The service behind the gateway in tests: it answers what it received (method, URL, headers, body size and
// hash), streams on /stream, stalls on /slow, and on WebSocket connections sends the identity headers it got.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  bodySha256: string;
  body: string;
}

export interface Upstream {
  url: string;
  /** Releases every stalled /stream and /slow answer. */
  release(): void;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const waiting: (() => void)[] = [];
  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith('/stream')) {
      // The first chunk now, the rest only when the test releases it: a proxy that buffers would hold both.
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first chunk\n');
      waiting.push(() => response.end('last chunk\n'));
      return;
    }
    if (request.url?.startsWith('/slow')) {
      waiting.push(() => response.end('too late'));
      return;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    const kept: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
      if (bytes <= 64 * 1024) kept.push(chunk);
    });
    request.on('end', () => {
      const received: Received = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        bodyBytes: bytes,
        bodySha256: hash.digest('hex'),
        body: Buffer.concat(kept).toString('utf8'),
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(received));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, request) => {
    const identity = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => name.startsWith('x-keyward-')),
    );
    socket.send(JSON.stringify({ url: request.url, identity }));
    socket.on('message', (data) => socket.send(`echo: ${String(data)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    release: () => {
      for (const release of waiting.splice(0)) release();
    },
    close: async () => {
      for (const release of waiting.splice(0)) release();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
