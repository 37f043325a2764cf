import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyRequest } from 'fastify';
import { registerAccessCheckRoutes } from './access-checks/routes.js';
import { registerApiTokenRoutes } from './api-tokens/routes.js';
import { registerAppRoutes } from './apps/routes.js';
import { registerAppSecretListRoute } from './apps/secret-list-routes.js';
import { registerAuditRoutes } from './audit/routes.js';
import { readTlsFiles } from './config/tls.js';
import { registerConsumerKeyRoutes } from './consumer-keys/routes.js';
import type { Container } from './container.js';
import { ApiError } from './core/errors.js';
import { registerCspRoutes } from './dialects/csp/routes.js';
import { sendOvhError } from './dialects/ovh/errors.js';
import { answerSignedCallsAsOvh } from './dialects/ovh/management-answers.js';
import { isOvhPath, registerOvhRoutes } from './dialects/ovh/routes.js';
import { registerSignedRequestCheckRoutes } from './dialects/ovh/signed-request-check-routes.js';
import { classifyError, sendApiError, toApiError } from './http/errors.js';
import { acceptLenientBodies } from './http/lenient-body.js';
import { refuseNulCharacters } from './http/nul-characters.js';
import { keepRawJsonBodies } from './http/raw-body.js';
import { collapseLeadingSlashes } from './http/request-target.js';
import { ErrorBody } from './http/schemas.js';
import type { App } from './http/types.js';
import { registerPasswordResetRoutes } from './identity/email-links/routes.js';
import { registerFactorRoutes } from './identity/factors/routes.js';
import { registerInvitationRoutes } from './identity/invitations/routes.js';
import { registerLockoutRoutes } from './identity/lockouts/routes.js';
import { registerMemberRoutes } from './identity/members/routes.js';
import { registerOrgRoutes } from './identity/orgs/routes.js';
import { registerServiceEditRoute } from './identity/services/edit-routes.js';
import { registerServiceRoutes } from './identity/services/routes.js';
import { registerSessionListRoutes } from './identity/sessions/list-routes.js';
import { registerSessionRoutes } from './identity/sessions/routes.js';
import { registerResetPasswordRoute } from './identity/users/reset-password-routes.js';
import { registerUserRoutes } from './identity/users/routes.js';
import { registerSigningKeyRoutes } from './keys/management-routes.js';
import { registerJwksRoutes } from './keys/routes.js';
import { registerConsentRoutes } from './oauth/consent-routes.js';
import { registerDeviceAuthorizationEndpoint } from './oauth/endpoints/device-authorization.js';
import { registerDiscoveryRoutes } from './oauth/endpoints/discovery.js';
import { registerIntrospectionEndpoint } from './oauth/endpoints/introspect.js';
import { registerPushedAuthorizationEndpoint } from './oauth/endpoints/par.js';
import {
  registerProtectedResourceMetadata,
  withResourceMetadata,
} from './oauth/endpoints/protected-resource.js';
import { registerRevocationRoutes } from './oauth/endpoints/revocation-feed.js';
import { registerRevocationEndpoint } from './oauth/endpoints/revoke.js';
import { registerTokenEndpoint } from './oauth/endpoints/token.js';
import { registerUserinfoEndpoint } from './oauth/endpoints/userinfo.js';
import { isOAuthError, sendOAuthError } from './oauth/errors.js';
import { AccessLog } from './ops/access-log.js';
import { registerOpsRoutes } from './ops/routes.js';
import { registerAuthorizationPages } from './web/authorize-routes.js';
import { registerConsoleHosting } from './web/console-hosting.js';
import { registerConsumerKeyPages } from './web/consumer-key-pages.js';
import { registerInvitationPages } from './web/invitation-routes.js';
import { registerPasswordResetPages } from './web/password-reset-routes.js';
import { registerSecondFactorPages } from './web/second-factor-pages.js';
import { registerVerifyEmailPages } from './web/verify-email-routes.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const API_PREFIX = '/api/v1';

/** Builds the HTTP server from a container. Listening is the caller's business (tests use inject). */
export async function buildApp(c: Container): Promise<App> {
  const { config } = c;
  const tls = readTlsFiles(config);
  const app = Fastify({
    loggerInstance: c.logger,
    // A caller's X-Request-Id is kept when it is short and plain, so a trace can cross systems.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    },
    logController: new AccessLog(),
    trustProxy: config.trustProxy,
    bodyLimit: config.limits.bodyBytes,
    ...(tls ? { https: tls } : {}),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // `//csp/…` (a base URL configured with a trailing slash) is routed as `/csp/…`; see request-target.ts.
    rewriteUrl: collapseLeadingSlashes,
    // Errors Fastify raises before routing (a broken %-escape in the path) get our shape too.
    frameworkErrors: (error, request, reply) => {
      const refused = new ApiError('request.invalid', `the URL is not valid: ${error.message}`);
      if (isOvhPath(request.url)) sendOvhError(reply, refused);
      else sendApiError(reply, refused);
      request.log.info({ code: error.code }, 'refused a malformed URL');
    },
    // A request line or header block past Node's limit never reaches Fastify: answer it here, in our shape.
    clientErrorHandler: (error, socket) => {
      const code = (error as NodeJS.ErrnoException).code;
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify(
        status === 431
          ? { code: 'request.header_too_large', message: 'the request line or headers exceed 16 KiB' }
          : { code: 'request.malformed_body', message: 'the request could not be parsed as HTTP' },
      );
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      } else {
        socket.destroy(error);
      }
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  installValidators(app);
  installCommonHooks(app, c);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keyward management API',
        version: '1',
        description:
          'Organizations, members, services, API tokens, OAuth apps and consumer keys. Errors are ' +
          '{code, message, details?} with the codes of docs/errors.md.',
      },
      servers: [{ url: config.issuer }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: c.auth.cookieName },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'An access token from /oauth/token (CSP clients may send it as csp-auth-token).',
          },
          ovhSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Ovh-Signature',
            description:
              'An OVH-style signed call: X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature ' +
              '("$1$" + SHA-1 hex of AS+CK+METHOD+URL+BODY+TIMESTAMP joined by "+"). It acts as the user who ' +
              "validated the consumer key, within the key's rules matched relative to /api/v1. As the OVH API " +
              'does, every success of a signed call is 200 with JSON (a 201 keeps its body, a 204 answers null); ' +
              'clients take the server time from GET /api/v1/auth/time.',
          },
          clientBasic: {
            type: 'http',
            scheme: 'basic',
            description: 'An OAuth app: its client id and secret (client_secret_basic, RFC 6749 §2.3.1).',
          },
        },
      },
      security: [{ session: [], csrf: [] }, { bearer: [] }, { ovhSignature: [] }],
    },
    // Only the management API is documented here; the protocol endpoints follow their RFCs and wire notes.
    transform: ({ schema, url }) => ({
      schema: url.startsWith(API_PREFIX) ? schema : { ...schema, hide: true },
      url,
    }),
  });
  app.addSchema(ErrorBody);

  app.setErrorHandler((error, request, reply) => sendApiError(reply, classifyError(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendApiError(
      reply,
      toApiError({ statusCode: 404, message: `no endpoint ${request.method} ${request.url}` }),
    ),
  );

  registerOpsRoutes(app, c);
  registerJwksRoutes(app, c);
  registerDiscoveryRoutes(app, c);
  registerProtectedResourceMetadata(app, c);

  await app.register((oauth: App, _options, done) => {
    acceptLenientBodies(oauth, config.limits.bodyBytes);
    oauth.setErrorHandler((error, request, reply) =>
      sendOAuthError(reply, isOAuthError(error) ? error : classifyError(error, request)),
    );
    registerTokenEndpoint(oauth, c);
    registerDeviceAuthorizationEndpoint(oauth, c);
    registerPushedAuthorizationEndpoint(oauth, c);
    registerIntrospectionEndpoint(oauth, c);
    registerRevocationEndpoint(oauth, c);
    registerUserinfoEndpoint(oauth, c);
    done();
  });

  await app.register(
    (api: App, _options, done) => {
      // RFC 9728 §5.1: a 401 names the metadata of the resource, and so its authorization server.
      api.setErrorHandler((error, request, reply) =>
        sendApiError(reply, withResourceMetadata(classifyError(error, request), config.issuer)),
      );
      // JSON only: a cross-site form or a text/plain "simple request" cannot reach the API (ASVS 3.5.2).
      api.removeContentTypeParser(['text/plain']);
      // OVH-signed calls are checked over the body bytes as sent, and answered as OVH answers.
      keepRawJsonBodies(api, config.limits.bodyBytes);
      answerSignedCallsAsOvh(api);
      registerSessionRoutes(api, c);
      registerPasswordResetRoutes(api, c);
      registerSessionListRoutes(api, c);
      registerFactorRoutes(api, c);
      registerUserRoutes(api, c);
      registerResetPasswordRoute(api, { auth: c.auth, users: c.users });
      registerOrgRoutes(api, c);
      registerMemberRoutes(api, c);
      registerInvitationRoutes(api, c);
      registerLockoutRoutes(api, c);
      registerServiceRoutes(api, c);
      registerServiceEditRoute(api, { auth: c.auth, services: c.services });
      registerAuditRoutes(api, c);
      registerApiTokenRoutes(api, c);
      registerAppRoutes(api, c);
      registerAppSecretListRoute(api, { auth: c.auth, apps: c.apps });
      registerConsumerKeyRoutes(api, c);
      registerSignedRequestCheckRoutes(api, c);
      registerConsentRoutes(api, c);
      registerAccessCheckRoutes(api, c);
      registerRevocationRoutes(api, c);
      registerSigningKeyRoutes(api, { auth: c.auth, keys: c.keys, signingAlg: c.config.signingAlg });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      done();
    },
    { prefix: API_PREFIX },
  );

  await registerCspRoutes(app, c);
  await registerOvhRoutes(app, c);

  // Browser pages of the authorization-code flow: form bodies, HTML error pages, their own CSP per page.
  await app.register((pages: App, _options, done) => {
    registerAuthorizationPages(pages, c);
    registerConsumerKeyPages(pages, c);
    registerSecondFactorPages(pages, c);
    registerPasswordResetPages(pages, c);
    registerVerifyEmailPages(pages, c);
    registerInvitationPages(pages, c);
    done();
  });

  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  // The browser console (packages/console), a client of /api/v1 like any other; `/` leads to it.
  registerConsoleHosting(app);
  return app;
}

/**
 * Two validators: query strings, params and headers are text, so they are coerced to the schema's types;
 * bodies are not coerced (a number where a string belongs is an error) and unknown properties are refused.
 */
function installValidators(app: App): void {
  const make = (coerceTypes: boolean | 'array') => {
    const ajv = new Ajv.default({
      coerceTypes,
      useDefaults: true,
      removeAdditional: false,
      allErrors: false,
      strict: false,
    });
    addFormats.default(ajv);
    return ajv;
  };
  const forBodies = make(false);
  const forText = make('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? forBodies : forText).compile(schema),
  );
}

/**
 * Headers every answer carries, and the request metrics. Callback-style hooks: they run on every request, and
 * an async hook costs a promise each time.
 */
function installCommonHooks(app: App, c: Container): void {
  const hsts = c.config.tls !== null || c.config.issuer.startsWith('https:');
  const common: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    // Responses carry credentials and personal data: no cache keeps them unless a route says otherwise.
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.headers(common);
    done();
  });
  // Before any handler of any surface: no value may hold U+0000 (PostgreSQL cannot even look one up).
  app.addHook('preHandler', refuseNulCharacters);
  const record = requestRecorder(c.metrics);
  app.addHook('onResponse', (request, reply, done) => {
    record(request.method, routeLabel(request), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * Counts a request and observes its duration through label children kept per (method, route, status), so the
 * hot path does not hash label objects each time. Routes are templates and statuses few: the map stays small.
 */
function requestRecorder(metrics: Container['metrics']) {
  const children = new Map<string, { count: { inc(): void }; duration: { observe(value: number): void } }>();
  return (method: string, route: string, status: number, seconds: number): void => {
    const key = `${method} ${status} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = {
        count: metrics.httpRequests.labels({ method, route, status: String(status) }),
        duration: metrics.httpDuration.labels({ method, route }),
      };
      children.set(key, child);
    }
    child.count.inc();
    child.duration.observe(seconds);
  };
}

function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}
