import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes exactly as received, kept where OVH-style signatures must be checked over them. */
    rawBody?: Buffer;
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * JSON bodies parsed as usual (prototype poisoning refused), with the received bytes kept on `rawBody`: an
 * OVH signature covers the body as sent, and clients escape JSON unalike (docs/wire/ovh.md#body-bytes). Empty
 * body is no body, whatever its Content-Type says: the official node client sends `application/json` with
 * every request, DELETE included.
 */
export function keepRawJsonBodies(scope: FastifyInstance, bodyLimit: number): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const bytes = body as Buffer;
    request.rawBody = bytes;
    if (bytes.length === 0) return done(null, undefined);
    void parseJson(request, bytes.toString('utf8'), done);
  });
}

/** The raw body of a request, or an empty buffer. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return request.rawBody ?? EMPTY;
}
