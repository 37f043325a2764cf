import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/load.js';
import type { CredentialRequestInput, CredentialRequests } from '../../consumer-keys/requests.js';
import type { ConsumerKeyService } from '../../consumer-keys/service.js';
import type { CredentialState } from '../../consumer-keys/store.js';
import type { VerifiedRequest } from '../../consumer-keys/verifier.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import type { Caller } from '../../core/principal.js';
import {
  type Authenticator,
  type BearerCredential,
  bearerTokenOf,
  isOvhSigned,
} from '../../http/authenticate.js';
import { classifyError } from '../../http/errors.js';
import { refuseNulIn } from '../../http/nul-characters.js';
import { rawBodyOf } from '../../http/raw-body.js';
import type { App } from '../../http/types.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import { ovhQueryId, sendOvhError } from './errors.js';
import { apiApplication, apiCredential, nichandle } from './shapes.js';

/** What the OVH dialect's routes use. */
export interface OvhRouteDeps {
  auth: Pick<Authenticator<BearerCredential, VerifiedRequest>, 'require' | 'verifySigned'>;
  clock: Clock;
  config: Pick<Config, 'limits'>;
  consumerKeys: Pick<
    ConsumerKeyService,
    | 'applicationOfGranted'
    | 'deleteMyApp'
    | 'getGranted'
    | 'getMyApp'
    | 'listGranted'
    | 'listMyApps'
    | 'logout'
    | 'revokeGranted'
    | 'setAllowedIps'
  >;
  credentialRequests: Pick<CredentialRequests, 'requestCredential'>;
  identity: Pick<IdentityDirectory, 'user'>;
}

/** `/1.0` and `/v1` are aliases of one API (docs/wire/ovh.md#versions); rules match relative to either. */
export const OVH_PREFIXES = ['/1.0', '/v1'] as const;

/** Whether a request target belongs to the OVH dialect (so even a malformed one is answered in its shape). */
export function isOvhPath(url: string): boolean {
  return OVH_PREFIXES.some(
    (prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`),
  );
}

const JSON_TYPE = 'application/json; charset=utf-8';
const STATES: readonly CredentialState[] = ['expired', 'pendingValidation', 'refused', 'validated'];
const CORS_HEADERS =
  'X-Ovh-Timestamp, X-Ovh-Consumer, X-Ovh-Application, X-Ovh-Signature, X-Ovh-Session, Authorization, Content-Type';

/**
 * The OVH dialect (docs/wire/ovh.md): what the official OVH clients call, under both version prefixes.
 * Success is always 200 with JSON (`null` for void), errors are OVH's shape, every response has X-Ovh-QueryId.
 */
export async function registerOvhRoutes(app: App, c: OvhRouteDeps): Promise<void> {
  for (const prefix of OVH_PREFIXES) {
    await app.register(
      (ovh: App, _options, done) => {
        ovhScope(ovh, c, prefix);
        done();
      },
      { prefix },
    );
  }
}

function ovhScope(ovh: App, c: OvhRouteDeps, prefix: string): void {
  // Bodies are kept as received (signatures cover the bytes) and parsed by the route that wants them.
  ovh.removeAllContentTypeParsers();
  ovh.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: c.config.limits.bodyBytes },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, undefined);
    },
  );
  ovh.addHook('onRequest', (request, reply, done) => {
    reply.header('x-ovh-queryid', ovhQueryId(request.id, c.clock.now()));
    reply.header('cache-control', 'no-cache, no-store');
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', CORS_HEADERS);
    reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE');
    done();
  });
  ovh.setErrorHandler((error, request, reply) => sendOvhError(reply, classifyError(error, request)));
  ovh.setNotFoundHandler((request, reply) =>
    sendOvhError(
      reply,
      new ApiError('route.not_found', 'Got an invalid (or empty) URL', {
        reason: `no endpoint ${request.method} ${request.url.split('?')[0]}`,
      }),
    ),
  );

  /** A signed caller; rules apply unless the call is about the credential itself (`/auth/...`). */
  const signed = (request: FastifyRequest, checkRules: boolean): Promise<VerifiedRequest> => {
    if (!isOvhSigned(request)) throw loginFirst();
    return c.auth.verifySigned(request, { prefix, checkRules });
  };
  /** A signed request within its rules, or (as OVH's OAuth2 mode) a Keyward bearer access token. */
  const caller = async (request: FastifyRequest): Promise<Caller> => {
    if (isOvhSigned(request)) return (await signed(request, true)).caller;
    if (bearerTokenOf(request) !== undefined) return c.auth.require(request);
    throw loginFirst();
  };

  // CORS pre-flight for browser clients: signed calls carry no cookie, so any origin may make them.
  ovh.options('/*', async (_request, reply) => ok(reply, null));

  ovh.get('/auth/time', async (_request, reply) => ok(reply, Math.floor(c.clock.now() / 1000)));

  ovh.post('/auth/credential', async (request, reply) => {
    const input = credentialRequest(jsonBody(request));
    const result = await c.credentialRequests.requestCredential(header(request, 'x-ovh-application'), input, {
      ip: request.ip,
      requestId: request.id,
    });
    return ok(reply, result);
  });

  ovh.get('/auth/currentCredential', async (request, reply) => {
    const { caller: who, credential } = await signed(request, false);
    return ok(reply, apiCredential(await c.consumerKeys.getGranted(who, credential.id)));
  });

  ovh.post('/auth/logout', async (request, reply) => {
    const { caller: who, credential } = await signed(request, false);
    await c.consumerKeys.logout(who, credential.id);
    return ok(reply, null);
  });

  ovh.get('/auth/details', async (request, reply) => {
    const { user, app, credential } = await signed(request, false);
    return ok(reply, {
      account: user.id,
      allowedRoutes: credential.rules.map((rule) => ({ method: rule.method, path: rule.path })),
      description: app.name,
      identities: [`urn:v1:keyward:identity:account:${user.id}`],
      method: 'account',
      roles: [],
      user: user.email,
    });
  });

  ovh.get('/me', async (request, reply) => {
    const who = await caller(request);
    const user = who.principal.kind === 'user' ? await c.identity.user(who.principal.subjectId) : undefined;
    if (!user)
      throw new ApiError('auth.forbidden', 'User not granted for this request', {
        reason: 'only a user has an account',
      });
    return ok(reply, nichandle(user));
  });

  ovh.get('/me/api/application', async (request, reply) => {
    const apps = await c.consumerKeys.listMyApps(await caller(request));
    return ok(
      reply,
      apps.map((app) => app.id),
    );
  });

  ovh.get('/me/api/application/:applicationId', async (request, reply) => {
    const id = longParam(request, 'applicationId');
    return ok(reply, apiApplication(await c.consumerKeys.getMyApp(await caller(request), id)));
  });

  ovh.delete('/me/api/application/:applicationId', async (request, reply) => {
    const id = longParam(request, 'applicationId');
    await c.consumerKeys.deleteMyApp(await caller(request), id);
    return ok(reply, null);
  });

  ovh.get('/me/api/credential', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const applicationId = optionalLong(query.applicationId, 'applicationId');
    const status = query.status;
    if (status !== undefined && !STATES.includes(status as CredentialState)) {
      throw new ApiError('request.invalid', `status must be one of ${STATES.join(', ')}`);
    }
    const credentials = await c.consumerKeys.listGranted(await caller(request), {
      applicationId,
      status: status as CredentialState | undefined,
    });
    return ok(
      reply,
      credentials.map((credential) => credential.id),
    );
  });

  ovh.get('/me/api/credential/:credentialId', async (request, reply) => {
    const id = longParam(request, 'credentialId');
    return ok(reply, apiCredential(await c.consumerKeys.getGranted(await caller(request), id)));
  });

  ovh.put('/me/api/credential/:credentialId', async (request, reply) => {
    const id = longParam(request, 'credentialId');
    const who = await caller(request);
    const body = jsonBody(request);
    if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(
        'request.invalid',
        'send the credential as a JSON object, e.g. {"allowedIPs":["203.0.113.0/24"]}',
      );
    }
    if ('allowedIPs' in body) {
      await c.consumerKeys.setAllowedIps(
        who,
        id,
        stringList((body as { allowedIPs: unknown }).allowedIPs, 'allowedIPs'),
      );
    } else {
      await c.consumerKeys.getGranted(who, id); // nothing to change, but the credential must be the caller's
    }
    return ok(reply, null);
  });

  ovh.delete('/me/api/credential/:credentialId', async (request, reply) => {
    const id = longParam(request, 'credentialId');
    await c.consumerKeys.revokeGranted(await caller(request), id);
    return ok(reply, null);
  });

  ovh.get('/me/api/credential/:credentialId/application', async (request, reply) => {
    const id = longParam(request, 'credentialId');
    return ok(reply, apiApplication(await c.consumerKeys.applicationOfGranted(await caller(request), id)));
  });
}

/** Success in the OVH way: 200 and JSON, `null` for void (npm `ovh` 2.x treats anything but 200 as an error). */
function ok(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.code(200).type(JSON_TYPE).send(JSON.stringify(value));
}

function loginFirst(): ApiError {
  return new ApiError('auth.required', 'You must login first', {
    reason: 'sign the call: X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature',
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function jsonBody(request: FastifyRequest): unknown {
  const raw = rawBodyOf(request);
  if (raw.length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('request.malformed_body', 'the body is not valid JSON');
  }
  refuseNulIn(body, 'body');
  return body;
}

function credentialRequest(body: unknown): CredentialRequestInput {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(
      'request.invalid',
      'send {"accessRules":[{"method":"GET","path":"/me"}]} as JSON; accessRules is required',
    );
  }
  const { accessRules, redirection, allowedIPs } = body as Record<string, unknown>;
  if (!Array.isArray(accessRules)) {
    throw new ApiError('request.invalid', 'accessRules is required: a list of {"method", "path"} rules');
  }
  const rules = accessRules.map((rule, index) => {
    const { method, path } = (rule ?? {}) as Record<string, unknown>;
    if (typeof method !== 'string' || typeof path !== 'string') {
      throw new ApiError('request.invalid', `accessRules[${index}] must be {"method": "GET", "path": "/me"}`);
    }
    return { method, path };
  });
  if (redirection !== undefined && redirection !== null && typeof redirection !== 'string') {
    throw new ApiError('request.invalid', 'redirection must be a URL string or null');
  }
  return { accessRules: rules, redirection, allowedIPs: stringList(allowedIPs, 'allowedIPs') ?? null };
}

function stringList(value: unknown, name: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ApiError('request.invalid', `${name} must be a list of strings or null`);
  }
  return value;
}

function longParam(request: FastifyRequest, name: string): number {
  const value = optionalLong((request.params as Record<string, unknown>)[name], name);
  if (value === undefined) throw new ApiError('request.invalid', `${name} is required`);
  return value;
}

function optionalLong(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    throw new ApiError(
      'request.invalid',
      `${name} must be a whole number (OVH long), not "${String(value).slice(0, 40)}"`,
    );
  }
  return Number(value);
}
