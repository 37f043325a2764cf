import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import httpProxy, { type FastifyHttpProxyOptions } from '@fastify/http-proxy';
import { createVerifier, isOvhSigned, MAX_SIGNED_BODY_BYTES, type Verifier } from '@keyward/verify';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import FindMyWay from 'find-my-way';
import type { GatewayConfig, RouteConfig } from './config.js';
import { credentialOf, type Decider, Decider as DeciderClass, type Decision, outcomeOf } from './decide.js';
import { IDENTITY_HEADER_PREFIX, IdentityMinter } from './identity.js';
import { createGatewayLogger, GatewayAccessLog } from './logging.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { loadSigningKeys } from './signing-key.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The identity headers decided for this request (set by the route's guard). */
    keywardIdentity?: Record<string, string>;
  }
}

export const JWKS_PATH = '/.well-known/keyward-gateway/jwks.json';

/** Credentials a caller sent, removed before forwarding when `forwardCredentials: false`. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'csp-auth-token',
  'x-ovh-application',
  'x-ovh-consumer',
  'x-ovh-timestamp',
  'x-ovh-signature',
];

export interface Gateway {
  app: FastifyInstance;
  verifier: Verifier;
  metrics: GatewayMetrics;
  /** Listens on the configured address; resolves to the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Builds the gateway: the proxy routes (one @fastify/http-proxy per route, its guard as preHandler), the decision
 * endpoint, the gateway's JWKS, /healthz and /metrics. Nothing listens until `listen()`.
 */
export async function buildGateway(
  config: GatewayConfig,
  options: { fetch?: typeof fetch; logger?: false | FastifyBaseLogger } = {},
): Promise<Gateway> {
  const client = config.keyward.client;
  const verifier = createVerifier({
    issuer: config.keyward.issuer,
    ...(config.keyward.audience === undefined ? {} : { audience: config.keyward.audience }),
    allowInsecureHttp: config.keyward.allowInsecureHttp,
    realm: 'keyward-gateway',
    // DPoP proofs name the URL clients use: the configured public URL, rather than the Host the gateway sees.
    ...(config.publicUrlConfigured ? { dpop: { publicOrigin: config.publicUrl } } : {}),
    ...(client === null
      ? {}
      : {
          introspection: { ...client, cacheMs: config.keyward.introspectionCacheMs },
          revocations: config.keyward.revocationFeed === null ? false : 'feed',
          revocationFeed: { ...client, ...config.keyward.revocationFeed },
          signedRequests: { ...client, publicOrigin: config.publicUrl, rulesPrefix: config.ovhRulesPrefix },
        }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const keys = await loadSigningKeys(config.signingKey.file, config.signingKey.alsoPublish);
  const metrics = createGatewayMetrics();
  let publicUrl = config.publicUrl;
  const minter = new IdentityMinter({
    keys,
    issuer: () => publicUrl,
    ttlSeconds: config.identity.ttlSeconds,
  });
  const decider = new DeciderClass({ verifier, minter, metrics, jwtHeader: config.identity.header });

  const app = Fastify({
    ...(options.logger === false
      ? { logger: false }
      : { loggerInstance: options.logger ?? createGatewayLogger(config.logLevel) }),
    logController: new GatewayAccessLog(),
    ...(config.tls
      ? { https: { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) } }
      : {}),
    // Raw targets matter (OVH signatures cover them); never rewrite the path before routing.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
    keepAliveTimeout: config.timeouts.idleMs,
    requestIdHeader: 'x-request-id',
  });

  app.get('/healthz', async () => ({ status: 'ok', keys: verifier.keyStatus() }));
  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  // The official OVH clients ask the API's time before signing (GET /1.0/auth/time): answer it here, as the
  // gateway is the API they were pointed at. Keyward checks the timestamps against its own clock (NTP both).
  app.get(`${config.ovhRulesPrefix}/auth/time`, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(String(Math.floor(Date.now() / 1000))),
  );
  app.get(JWKS_PATH, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return keys.jwks;
  });

  await registerDecisions(app, config, decider, metrics);
  for (const route of config.routes) {
    if (route.upstream !== null) await registerProxyRoute(app, config, route, decider, metrics);
  }
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'not_found',
      error_description: `no route of this gateway for ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  return {
    app,
    verifier,
    metrics,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      const url = `${config.tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
      // Port 0 picked a port: assertions name the one actually listened on.
      if (!config.publicUrlConfigured) publicUrl = url;
      return url;
    },
    close: async () => {
      verifier.close();
      await app.close();
    },
  };
}

/** One route: @fastify/http-proxy on exactly its methods and path, guarded, identity headers replaced. */
async function registerProxyRoute(
  app: FastifyInstance,
  config: GatewayConfig,
  route: RouteConfig,
  decider: Decider,
  metrics: GatewayMetrics,
): Promise<void> {
  const upstream = route.upstream as string;
  // One counter child per (outcome, credential): the hot path does not hash label objects each time.
  const counters = new Map<string, { inc(): void }>();
  const count = (outcome: string, credential: string) => {
    const key = `${outcome} ${credential}`;
    let counter = counters.get(key);
    if (counter === undefined) {
      counter = metrics.requests.labels({ route: route.name, outcome, credential });
      counters.set(key, counter);
    }
    counter.inc();
  };
  // Node gives header names in lower case: compare them as they are.
  const jwtHeader = config.identity.header;
  const dropped = new Set(config.forwardCredentials ? [jwtHeader] : [jwtHeader, ...CREDENTIAL_HEADERS]);
  const forwardHeaders = (incoming: IncomingHttpHeaders, identity: Record<string, string> | undefined) => {
    const headers: Record<string, string | string[] | undefined> = {};
    for (const name in incoming) {
      if (name.startsWith(IDENTITY_HEADER_PREFIX) || dropped.has(name)) continue;
      headers[name] = incoming[name];
    }
    return identity === undefined ? headers : Object.assign(headers, identity);
  };
  const proxyOptions = {
    upstream,
    routes: [route.path],
    httpMethods: route.methods,
    websocket: route.websocket,
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      const decision = await guardRequest(request, config, route, decider);
      count(outcomeOf(decision), credentialOf(decision));
      if (!decision.allowed) return sendRefusal(reply, decision);
      request.keywardIdentity = decision.headers;
      return undefined;
    },
    replyOptions: {
      rewriteRequestHeaders: (request: FastifyRequest, headers: IncomingHttpHeaders) =>
        forwardHeaders(headers, request.keywardIdentity),
      onError: (reply: FastifyReply, { error }: { error: Error & { statusCode?: number } }) => {
        count('upstream_error', 'none');
        const status = error.statusCode === 504 ? 504 : 502;
        reply.code(status).send({
          error: status === 504 ? 'upstream_timeout' : 'upstream_unavailable',
          error_description: `${route.name}: the upstream ${status === 504 ? 'did not answer in time' : 'could not be reached'}`,
        });
      },
    },
    wsClientOptions: {
      rewriteRequestHeaders: (headers: Record<string, string>, request: FastifyRequest) => {
        const forwarded = forwardHeaders(request.headers, request.keywardIdentity);
        // The WebSocket handshake headers are the client's, not ours.
        for (const name of [
          'host',
          'connection',
          'upgrade',
          'sec-websocket-key',
          'sec-websocket-version',
          'sec-websocket-extensions',
          'sec-websocket-protocol',
          'content-length',
        ]) {
          delete forwarded[name];
        }
        return { ...headers, ...forwarded };
      },
    },
    undici: {
      connect: { timeout: config.timeouts.connectMs },
      headersTimeout: config.timeouts.responseMs,
      bodyTimeout: config.timeouts.idleMs,
    },
  };
  // The plugin's option types split on `websocket` in a way a computed boolean cannot satisfy.
  await app.register(httpProxy, proxyOptions as unknown as FastifyHttpProxyOptions);
}

/** Verifies the request at a proxy route. An OVH-signed body is read first (bounded): the signature covers it. */
async function guardRequest(
  request: FastifyRequest,
  config: GatewayConfig,
  route: RouteConfig,
  decider: Decider,
): Promise<Decision> {
  let body: Buffer | undefined;
  if (isOvhSigned(request.headers) && request.body instanceof Readable) {
    body = await readBounded(request.body, MAX_SIGNED_BODY_BYTES + 1);
    // The upstream gets the same bytes.
    request.body = Readable.from([body]);
  }
  const host = request.headers.host ?? `${config.host}:${config.port}`;
  return decider.decide(
    route,
    {
      method: request.method,
      url: `${request.protocol}://${host}${request.raw.url ?? request.url}`,
      headers: request.headers,
      clientIp: request.ip,
      ...(body === undefined ? {} : { body }),
    },
    request.id,
  );
}

/**
 * The decision endpoint, for a proxy that authenticates with a subrequest: nginx `auth_request` (the original
 * method and URI in X-Original-Method / X-Original-URI) and Envoy `ext_authz` over HTTP (the original method,
 * with the decision path prefixed to the original path). 200 with the identity headers, or the refusal.
 */
async function registerDecisions(
  app: FastifyInstance,
  config: GatewayConfig,
  decider: Decider,
  metrics: GatewayMetrics,
): Promise<void> {
  const router = FindMyWay({ ignoreTrailingSlash: false, maxParamLength: 500 });
  for (const route of config.routes) router.on(route.methods, route.path, () => {}, route);
  const prefix = config.decisionsPath;
  await app.register((scope, _options, done) => {
    // Bodies (Envoy with_request_body) are kept as bytes: an OVH signature covers them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_SIGNED_BODY_BYTES },
      (_request, body, done) => done(null, body),
    );
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === 'string' && value.length > 0 ? value : undefined;
      };
      const raw = request.raw.url ?? request.url;
      const suffix = raw.slice(prefix.length);
      const target =
        header('x-original-uri') ??
        header('x-forwarded-uri') ??
        (suffix.startsWith('/') ? suffix : `/${suffix}`);
      const method = (
        header('x-original-method') ??
        header('x-forwarded-method') ??
        request.method
      ).toUpperCase();
      const found = router.find(method as 'GET', target.split('?')[0] as string);
      if (found === null) {
        metrics.decisions.inc({ route: 'none', status: '403' });
        return reply.code(403).send({
          error: 'access_denied',
          error_description: `no route of the gateway matches ${method} ${target.split('?')[0]}; it is refused`,
        });
      }
      const route = found.store as RouteConfig;
      const scheme = header('x-forwarded-proto') ?? request.protocol;
      const host = header('x-forwarded-host') ?? header('host') ?? `${config.host}:${config.port}`;
      const clientIp = header('x-real-ip') ?? header('x-forwarded-for')?.split(',')[0]?.trim() ?? request.ip;
      const decision = await decider.decide(
        route,
        {
          method,
          url: `${scheme}://${host}${target}`,
          headers: request.headers,
          clientIp,
          ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
        },
        request.id,
      );
      metrics.decisions.inc({
        route: route.name,
        status: decision.allowed ? '200' : String(decision.refusal.status),
      });
      if (!decision.allowed) return sendRefusal(reply, decision);
      return reply.code(200).headers(decision.headers).send();
    };
    scope.all(prefix, handler);
    scope.all(`${prefix}/*`, handler);
    done();
  });
}

function sendRefusal(reply: FastifyReply, decision: Extract<Decision, { allowed: false }>): FastifyReply {
  const { refusal } = decision;
  return reply
    .code(refusal.status)
    .headers(refusal.headers)
    .type('application/json; charset=utf-8')
    .send(refusal.body);
}

async function readBounded(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > limit) {
      // Keyward refuses it anyway; stop reading what we would only throw away.
      stream.destroy();
      return Buffer.concat([...chunks, bytes]);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
