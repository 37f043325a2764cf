import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/load.js';
import type { DiscoveryRegistry } from '../http/discovery-registry.js';
import { classifyError } from '../http/errors.js';
import { acceptLenientBodies } from '../http/lenient-body.js';
import type { App } from '../http/types.js';
import { type PushedRequestDeps, takePushedRequest } from '../oauth/authorize/pushed.js';
import { type AuthorizeDialect, readAuthorizationRequest } from '../oauth/authorize/request.js';
import { AuthorizationFailure, returnUrl } from '../oauth/authorize/response.js';
import { issueCode, planStep } from '../oauth/authorize/steps.js';
import { type DevicePageDeps, registerDevicePages } from './device-routes.js';
import { interactionPath, startInteraction } from './interaction.js';
import {
  currentSession,
  type InteractionRouteDeps,
  PAGE_ROUTE,
  registerInteractionRoutes,
} from './interaction-routes.js';
import { type LogoutDeps, registerLogout } from './logout-routes.js';
import { errorPage, PageError, sendPage } from './page.js';
import { registerStylesheet } from './stylesheet.js';

/** What the authorization endpoint and its pages use. */
export type AuthorizationPageDeps = InteractionRouteDeps &
  DevicePageDeps &
  PushedRequestDeps &
  LogoutDeps & {
    config: Pick<Config, 'issuer' | 'limits'>;
    discovery: { csp: DiscoveryRegistry; native: DiscoveryRegistry };
  };

const ENDPOINTS: readonly [string, AuthorizeDialect][] = [
  ['/oauth/authorize', 'native'],
  // CSP's browser authorize endpoint: the same flow, CSP's spellings (docs/wire/csp.md#browser-authorize).
  ['/csp/gateway/discovery', 'csp'],
];

/** OIDC Core §3.1.2.6: what prompt=none answers when a page would be needed. */
const SILENT_ERRORS = {
  'sign-in': () => new AuthorizationFailure('login_required', 'the user is not signed in'),
  'choose-org': () =>
    new AuthorizationFailure('interaction_required', 'the user must choose an organization; send orgId'),
  consent: () => new AuthorizationFailure('consent_required', 'the user has not consented to this request'),
};

/**
 * The browser half of the authorization-code flow (RFC 6749 §4.1, RFC 7636, RFC 9207, OIDC Core §3.1): the
 * authorize endpoints, the interaction pages and the stylesheet. Call it on a plugin scope of its own: it
 * sets the scope's form parsing and its error handler, which answers with an HTML page.
 */
export function registerAuthorizationPages(scope: App, c: AuthorizationPageDeps): void {
  acceptLenientBodies(scope, c.config.limits.bodyBytes);
  scope.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
  registerDiscovery(c);
  registerStylesheet(scope);
  for (const [path, dialect] of ENDPOINTS) {
    scope.get(path, PAGE_ROUTE, (request, reply) => authorize(c, request, reply, dialect));
  }
  registerInteractionRoutes(scope, c);
  registerLogout(scope, c);
  registerDevicePages(scope, c);
}

function registerDiscovery(c: AuthorizationPageDeps): void {
  c.discovery.native.endpoint('authorization_endpoint', '/oauth/authorize');
  c.discovery.csp.endpoint('authorization_endpoint', '/csp/gateway/discovery');
  for (const registry of [c.discovery.native, c.discovery.csp]) {
    // RFC 9700 §2.1.2: code only, no implicit or hybrid types; §2.1.1: S256 only.
    registry.support('response_types_supported', 'code');
    registry.support('response_modes_supported', 'query');
    registry.support('code_challenge_methods_supported', 'S256');
  }
  c.discovery.native.set('authorization_response_iss_parameter_supported', true);
}

/**
 * readRequest (or takePushedRequest) → (invalid: redirect the error at once) → (prompt=none: answer at once) → startInteraction → 303
 * to the interaction page, which drives sign-in, org choice and consent.
 */
async function authorize(
  c: AuthorizationPageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  dialect: AuthorizeDialect,
) {
  const at = request.url.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
  // RFC 9126 §4: a pushed request is used as it was validated at /oauth/par, in either dialect.
  const read = params.has('request_uri')
    ? await takePushedRequest(c, params)
    : await readAuthorizationRequest(c, params, dialect);
  if (read.kind === 'invalid') {
    // RFC 6749 §4.1.2.1: once the client and its redirect URI are known, a broken request is reported there,
    // before anyone signs in (docs/adr/0002: why not after sign-in, as RFC 9700 §4.11.2 would have it).
    return reply.redirect(returnUrl(c.config.issuer, read.to, read.failure), 303);
  }
  const session = await currentSession(c, request);
  if (read.request.prompt.includes('none')) {
    const step = await planStep(c, { app: read.app, request: read.request, session, interaction: null });
    if (step.kind === 'approve') {
      const url = await issueCode(c, {
        app: read.app,
        request: read.request,
        orgId: step.org.id,
        session: step.session,
      });
      return reply.redirect(url, 303);
    }
    const failure = step.kind === 'fail' ? step.failure : SILENT_ERRORS[step.kind]();
    return reply.redirect(returnUrl(c.config.issuer, read.to, failure), 303);
  }
  const id = await startInteraction(c, request, reply, { app: read.app, request: read.request });
  return reply.redirect(interactionPath(id), 303);
}

/** Errors of these routes are pages: nothing is redirected, and a server fault shows no internals. */
function sendErrorPage(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof PageError) {
    return sendPage(reply, errorPage(error.title, error.message), { status: error.status });
  }
  const apiError = classifyError(error, request);
  if (apiError.headers) reply.headers(apiError.headers);
  const title = apiError.status >= 500 ? 'Something went wrong' : 'This request is not valid';
  const message =
    apiError.status >= 500 ? `${apiError.message} (request id ${request.id}).` : apiError.message;
  return sendPage(reply, errorPage(title, message), { status: apiError.status });
}
