import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../core/errors.js';
import { ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { FEED_PAGE, type RevocationFeed } from '../../revocations/feed.js';
import { entryView, RevocationSnapshot, SnapshotQuery, StreamQuery } from '../../revocations/schemas.js';
import type { Revocation } from '../../revocations/store.js';
import type { ClientAuthenticator } from '../clients.js';
import { OAuthError } from '../errors.js';

/** What the feed's routes use of the server. */
export interface RevocationRouteDeps {
  clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
  revocationFeed: RevocationFeed;
}

/** A comment line keeps proxies from closing an idle stream; the event tells the reader the stream is alive. */
export const HEARTBEAT_MS = 10_000;
const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="keyward", charset="UTF-8"' };
const errors = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody };
const AUTHENTICATION =
  'Authenticate with HTTP Basic as any confidential OAuth app of Keyward (the credentials a resource server ' +
  'uses for introspection). See docs/adr/0007-revocation-feed.md.';

/**
 * `GET /api/v1/revocations` (a page of the feed from a position) and `GET /api/v1/revocations/stream` (the same
 * entries pushed as Server-Sent Events, resumable with Last-Event-ID). docs/verify.md describes both.
 *   authenticateReader → resumePoint → entries (snapshot page, or backlog then live)
 */
export function registerRevocationRoutes(api: App, deps: RevocationRouteDeps): void {
  // Open streams never end on their own: a closing server ends them before it waits for its connections.
  const open = new Set<() => void>();
  api.addHook('preClose', async () => {
    for (const end of open) end();
  });

  api.get(
    '/revocations',
    {
      schema: {
        tags: ['revocations'],
        summary: 'Revoked access tokens, credentials and subjects, from a position (the revocation feed)',
        description: `Entries grow in commit order; resume with \`after\` = the \`next\` of the last page. ${AUTHENTICATION}`,
        security: [{ clientBasic: [] }],
        querystring: SnapshotQuery,
        response: { 200: RevocationSnapshot, ...errors },
      },
    },
    async (request) => {
      await authenticateReader(deps, request);
      const { after = 0, limit = 1000 } = request.query;
      const page = await deps.revocationFeed.snapshot(after, limit);
      return { ...page, entries: page.entries.map(entryView) };
    },
  );

  api.get(
    '/revocations/stream',
    {
      schema: {
        tags: ['revocations'],
        summary: 'The revocation feed as Server-Sent Events',
        description:
          'text/event-stream. Events: `revocation` (id = position, data = a RevocationEntry), `reset` (forget ' +
          'every entry held: the entries that follow start from the beginning), `heartbeat` after the backlog and ' +
          'every 10 s after (data ' +
          '`{"position": n}`). Resume with the Last-Event-ID header (or `after`). ' +
          AUTHENTICATION,
        security: [{ clientBasic: [] }],
        querystring: StreamQuery,
        response: {
          200: {
            description: 'An endless event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      await authenticateReader(deps, request);
      const after = lastEventId(request) ?? request.query.after ?? 0;
      const { from, reset } = await deps.revocationFeed.resumePoint(after);
      await stream(deps.revocationFeed, request, reply, { from, reset, open });
    },
  );
}

/** A confidential app, by HTTP Basic (or client_secret_post): a public client holds no secret to prove it. */
async function authenticateReader(deps: RevocationRouteDeps, request: FastifyRequest): Promise<void> {
  try {
    const { method } = await deps.clientAuth.authenticate(request);
    if (method === 'none')
      throw new OAuthError('invalid_client', 'a public (native) app cannot read it', 401);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    if (error.status === 429)
      throw new ApiError('auth.rate_limited', error.description, undefined, error.headers);
    throw new ApiError(
      'auth.required',
      `${error.description}: the revocation feed is read with HTTP Basic as a confidential OAuth app (client id and secret)`,
      undefined,
      BASIC_CHALLENGE,
    );
  }
}

function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) {
    throw new ApiError(
      'request.invalid',
      'Last-Event-ID must be the id of an event of this stream (a position); omit it to start from the beginning',
      { field: 'Last-Event-ID' },
    );
  }
  return Number(value.trim());
}

/**
 * Writes the stream until the client goes or the server closes: the backlog after `from`, a heartbeat (the
 * reader is now up to date), then entries as they commit and a heartbeat every 10 s.
 */
async function stream(
  feed: RevocationFeed,
  request: FastifyRequest,
  reply: FastifyReply,
  { from, reset, open }: { from: number; reset: boolean; open: Set<() => void> },
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx: pass events on at once instead of buffering them.
    'x-accel-buffering': 'no',
    // The connection ends with the stream: a kept-alive socket would hold a closing server open.
    connection: 'close',
    'x-request-id': request.id,
  });
  let closed = false;
  const subscriber = {
    position: from,
    send: (entries: readonly Revocation[]) => {
      if (!closed) raw.write(entries.map(eventOf).join(''));
    },
  };
  // The reader reconnects after a second when the stream breaks (EventSource's `retry`).
  raw.write(`retry: 1000\n\n${reset ? 'event: reset\ndata: {}\n\n' : ''}`);
  const heartbeat = () =>
    raw.write(`event: heartbeat\ndata: ${JSON.stringify({ position: subscriber.position })}\n\n`);
  let unsubscribe = () => {};
  const timer = setInterval(heartbeat, HEARTBEAT_MS);
  const end = () => {
    closed = true;
    clearInterval(timer);
    unsubscribe();
    open.delete(end);
    raw.end();
  };
  open.add(end);
  raw.on('close', end);
  try {
    for (;;) {
      const page = await feed.snapshot(subscriber.position, FEED_PAGE);
      subscriber.send(page.entries);
      subscriber.position = page.next;
      if (!page.more || closed) break;
    }
  } catch (error) {
    request.log.warn({ err: error }, 'could not read the revocation feed backlog; the reader will reconnect');
    end();
    return;
  }
  if (closed) return;
  heartbeat();
  // Entries committed while the backlog was read are sent by the feed from the subscriber's position.
  unsubscribe = feed.subscribe(subscriber);
}

function eventOf(entry: Revocation): string {
  return `id: ${entry.position}\nevent: revocation\ndata: ${JSON.stringify(entryView(entry))}\n\n`;
}
