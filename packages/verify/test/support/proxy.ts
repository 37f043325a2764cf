// A breakable path to Keyward: a loopback HTTP proxy that forwards GETs to the target, or, when told, answers
// 503 (Keyward up but failing) or drops connections (Keyward unreachable). It counts what it was asked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'unavailable' | 'drop';

export interface BreakableProxy {
  url: string;
  mode: ProxyMode;
  /** Requests received per path (whatever the mode). */
  hits: Map<string, number>;
  hitsOf(path: string): number;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<BreakableProxy> {
  const hits = new Map<string, number>();
  const state = { mode: 'pass' as ProxyMode };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://proxy').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (state.mode === 'drop') {
      request.socket.destroy();
      return;
    }
    if (state.mode === 'unavailable') {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"server.unavailable"}');
      return;
    }
    fetch(`${target}${request.url ?? '/'}`, { headers: { accept: 'application/json' } }).then(
      async (upstream) => {
        const body = await upstream.text();
        response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
      },
      () => response.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: ProxyMode) {
      state.mode = mode;
    },
    hits,
    hitsOf: (path) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
