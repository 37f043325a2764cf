import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VerifiedRequest } from '../../consumer-keys/verifier.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import type { Caller } from '../../core/principal.js';
import { type Authenticator, bearerTokenOf, isOvhSigned } from '../../http/authenticate.js';
import { classifyError } from '../../http/errors.js';
import { rawBodyOf } from '../../http/raw-body.js';
import type { App } from '../../http/types.js';
import type { User } from '../../identity/users/store.js';
import type { ActiveBearer } from '../../oauth/tokens/bearer.js';
import { explainRefusal } from '../refusals.js';
import { ovhQueryId, sendOvhError } from './errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const CORS_HEADERS =
  'X-Ovh-Timestamp, X-Ovh-Consumer, X-Ovh-Application, X-Ovh-Signature, X-Ovh-Session, Authorization, Content-Type';

/**
 * One version prefix of the OVH dialect: bodies kept as received (signatures cover the bytes) and parsed only for
 * routes that declare a body schema, OVH's headers on every answer, and errors and unknown paths in OVH's shape.
 */
export function prepareOvhScope(ovh: App, deps: { clock: Clock; bodyLimit: number }): void {
  ovh.removeAllContentTypeParsers();
  ovh.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimit }, (request, body, done) => {
    if (Buffer.isBuffer(body)) request.rawBody = body;
    done(null, undefined);
  });
  ovh.addHook('onRequest', (request, reply, done) => {
    reply.header('x-ovh-queryid', ovhQueryId(request.id, deps.clock.now()));
    reply.header('cache-control', 'no-cache, no-store');
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', CORS_HEADERS);
    reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE');
    done();
  });
  // The body's schema is checked against JSON parsed from the bytes as received.
  ovh.addHook('preValidation', (request, _reply, done) => {
    if (request.routeOptions.schema?.body === undefined) return done();
    try {
      request.body = jsonBodyOf(request);
      done();
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  });
  ovh.setErrorHandler((error, request, reply) =>
    sendOvhError(reply, explainRefusal(error, request) ?? classifyError(error, request)),
  );
  ovh.setNotFoundHandler((request, reply) =>
    sendOvhError(
      reply,
      new ApiError('route.not_found', 'Got an invalid (or empty) URL', {
        reason: `no endpoint ${request.method} ${request.url.split('?')[0]}`,
      }),
    ),
  );
  // CORS pre-flight for browser clients: signed calls carry no cookie, so any origin may make them.
  ovh.options('/*', async (_request, reply) => ok(reply, null));
}

/** Who is calling an OVH route, as each route family needs to know it. */
export interface OvhCallers {
  /** A signed call; its rules apply unless the call is about the credential itself (`/auth/...`). */
  signed(request: FastifyRequest, checkRules: boolean): Promise<VerifiedRequest>;
  /** A signed call within its rules, or (as OVH's OAuth2 mode) a Keyward bearer access token. */
  caller(request: FastifyRequest): Promise<Caller>;
  /** The user behind the call, as the credential's check found it: the account `/me` describes. */
  account(request: FastifyRequest): Promise<User>;
}

export function ovhCallers(
  auth: Pick<Authenticator<ActiveBearer, VerifiedRequest>, 'require' | 'requireUserBearer' | 'verifySigned'>,
  prefix: string,
): OvhCallers {
  const signed = (request: FastifyRequest, checkRules: boolean) => {
    if (!isOvhSigned(request)) throw loginFirst();
    return auth.verifySigned(request, { prefix, checkRules });
  };
  return {
    signed,
    async caller(request) {
      if (isOvhSigned(request)) return (await signed(request, true)).caller;
      if (bearerTokenOf(request) !== undefined) return auth.require(request);
      throw loginFirst();
    },
    async account(request) {
      if (isOvhSigned(request)) return (await signed(request, true)).user;
      // An application's token has no account: auth.forbidden (OVH's FORBIDDEN).
      if (bearerTokenOf(request) !== undefined) return (await auth.requireUserBearer(request)).user;
      throw loginFirst();
    },
  };
}

/** Success in the OVH way: 200 and JSON, `null` for void (npm `ovh` 2.x treats anything but 200 as an error). */
export function ok(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.code(200).type(JSON_TYPE).send(JSON.stringify(value));
}

function loginFirst(): ApiError {
  return new ApiError('auth.required', 'You must login first', {
    reason: 'sign the call: X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature',
  });
}

/** The body as JSON, or undefined when there is none. */
function jsonBodyOf(request: FastifyRequest): unknown {
  const raw = rawBodyOf(request);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('request.malformed_body', 'the body is not valid JSON');
  }
}
