import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDirectory } from '../apps/directory.js';
import type { Config } from '../config/load.js';
import type { ServerKey } from '../core/server-key.js';
import type { Authenticator } from '../http/authenticate.js';
import type { DiscoveryRegistry } from '../http/discovery-registry.js';
import { parameter } from '../http/lenient-body.js';
import type { App } from '../http/types.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { SessionService } from '../identity/sessions/service.js';
import type { KeyRing } from '../keys/service.js';
import { checkForm } from './interaction.js';
import { currentSession, type InteractionRouteDeps, PAGE_ROUTE } from './interaction-routes.js';
import { confirmSignOutPage, signedOutPage } from './logout-pages.js';
import { formTargetOf, PageError, sendPage } from './page.js';

/** What RP-initiated logout uses. */
export type LogoutDeps = InteractionRouteDeps & {
  appDirectory: Pick<AppDirectory, 'app'>;
  auth: Pick<Authenticator, 'clearSessionCookie' | 'sessionIdOf'>;
  config: Pick<Config, 'issuer'>;
  discovery: { native: DiscoveryRegistry };
  identity: Pick<IdentityDirectory, 'user'>;
  keys: Pick<KeyRing, 'verifyJwt'>;
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
  sessions: Pick<SessionService, 'signOut'>;
};

export const LOGOUT_PATH = '/oauth/logout';

interface LogoutRequest {
  /** The app the user signs out of, when the request proves it (id_token_hint) or names it (client_id). */
  clientId: string | null;
  /** The subject of a valid id_token_hint. */
  userId: string | null;
  /** A post_logout_redirect_uri registered for that app, or null. */
  redirectUri: string | null;
  state: string | null;
}

/**
 * OpenID Connect RP-Initiated Logout 1.0. With a valid id_token_hint for the signed-in user the session ends at
 * once and the browser goes to the app's registered post_logout_redirect_uri (with its state); without one, the
 * user is asked first (ASVS 10.6.2). A redirect URI is followed only when it is registered for the app.
 */
export function registerLogout(scope: App, c: LogoutDeps): void {
  c.discovery.native.endpoint('end_session_endpoint', LOGOUT_PATH);
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const logout = await readLogoutRequest(c, request);
    const session = await currentSession(c, request);
    if (!session) return finish(reply, logout);
    if (logout.userId === session.principal.subjectId) return signOutAndFinish(c, request, reply, logout);
    const user = await c.identity.user(session.principal.subjectId);
    const app = logout.clientId ? await c.appDirectory.app(logout.clientId) : undefined;
    return sendPage(
      reply,
      confirmSignOutPage(
        { action: `${LOGOUT_PATH}/confirm`, csrfToken: confirmToken(c, request) },
        { email: user?.email ?? '', appName: app?.name, hidden: hiddenFields(logout) },
      ),
      { formTargets: formTargets(logout) },
    );
  };
  scope.get(LOGOUT_PATH, PAGE_ROUTE, handle);
  scope.post(LOGOUT_PATH, PAGE_ROUTE, handle);

  scope.post(`${LOGOUT_PATH}/confirm`, PAGE_ROUTE, async (request, reply) => {
    checkForm(c, request, confirmToken(c, request));
    const logout = await readLogoutRequest(c, request);
    return signOutAndFinish(c, request, reply, logout);
  });
}

/** Reads and checks the parameters; anything that would send the browser somewhere unregistered is a page. */
export async function readLogoutRequest(c: LogoutDeps, request: FastifyRequest): Promise<LogoutRequest> {
  const hint = parameter(request, 'id_token_hint', 16 * 1024);
  const claims = hint ? await idTokenClaims(c, hint) : undefined;
  if (hint && !claims) {
    throw new PageError(
      400,
      'Cannot sign out from here',
      'The sign-out request carries an ID token this Keyward did not issue.',
    );
  }
  const named = parameter(request, 'client_id', 256);
  const clientId = (claims?.aud as string | undefined) ?? named ?? null;
  if (claims && named && named !== claims.aud) {
    throw new PageError(
      400,
      'Cannot sign out from here',
      'client_id does not match the ID token of the sign-out request.',
    );
  }
  const wanted = parameter(request, 'post_logout_redirect_uri', 2048);
  let redirectUri: string | null = null;
  if (wanted && clientId === null) {
    // OIDC RP-Initiated Logout §2: the address is checked against one app's registration, so name the app.
    throw new PageError(
      400,
      'Cannot return to the application',
      'The sign-out request names an address to return to but not the application it belongs to: send id_token_hint (the ID token the application received) or client_id with post_logout_redirect_uri.',
    );
  }
  if (wanted) {
    const app = clientId ? await c.appDirectory.app(clientId) : undefined;
    if (!app?.postLogoutRedirectUris.includes(wanted)) {
      throw new PageError(
        400,
        'Cannot return to the application',
        'The address to return to after sign-out is not registered for this application.',
      );
    }
    redirectUri = wanted;
  }
  return {
    clientId,
    userId: typeof claims?.sub === 'string' ? claims.sub : null,
    redirectUri,
    state: parameter(request, 'state', 2048) ?? null,
  };
}

/** The URL a CSP client sends the browser to (auth/logout answers it, docs/wire/csp.md#logout). */
export function logoutUrl(
  issuer: string,
  fields: { idToken: string; redirectUri?: string | undefined; state?: string | undefined },
) {
  const url = new URL(LOGOUT_PATH, issuer);
  url.searchParams.set('id_token_hint', fields.idToken);
  if (fields.redirectUri) url.searchParams.set('post_logout_redirect_uri', fields.redirectUri);
  if (fields.state) url.searchParams.set('state', fields.state);
  return url.href;
}

/** An ID token of ours: signature and issuer; an expired one still identifies the session it came from. */
export async function idTokenClaims(
  c: LogoutDeps,
  token: string,
): Promise<Record<string, unknown> | undefined> {
  const verified = await c.keys.verifyJwt(token);
  if (verified?.header.typ !== 'JWT' || verified.payload.iss !== c.config.issuer) return undefined;
  return typeof verified.payload.aud === 'string' ? verified.payload : undefined;
}

async function signOutAndFinish(
  c: LogoutDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  logout: LogoutRequest,
) {
  const sessionId = c.auth.sessionIdOf(request);
  const session = await currentSession(c, request);
  if (sessionId && session) {
    await c.sessions.signOut(
      { principal: session.principal, ip: request.ip, requestId: request.id },
      sessionId,
    );
  }
  c.auth.clearSessionCookie(reply);
  return finish(reply, logout);
}

function finish(reply: FastifyReply, logout: LogoutRequest) {
  if (!logout.redirectUri) return sendPage(reply, signedOutPage());
  const url = new URL(logout.redirectUri);
  if (logout.state) url.searchParams.set('state', logout.state);
  return reply.code(303).redirect(url.href);
}

/** The confirmation form's CSRF token, tied to the browser's session. */
function confirmToken(c: LogoutDeps, request: FastifyRequest): string {
  return c.serverKey.csrfTokenFor(`logout:${c.auth.sessionIdOf(request) ?? 'none'}`);
}

function hiddenFields(logout: LogoutRequest): Record<string, string> {
  return {
    ...(logout.clientId ? { client_id: logout.clientId } : {}),
    ...(logout.redirectUri ? { post_logout_redirect_uri: logout.redirectUri } : {}),
    ...(logout.state ? { state: logout.state } : {}),
  };
}

function formTargets(logout: LogoutRequest): string[] {
  const target = logout.redirectUri ? formTargetOf(logout.redirectUri) : undefined;
  return target ? [target] : [];
}
