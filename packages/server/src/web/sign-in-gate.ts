import type { FastifyReply, FastifyRequest } from 'fastify';
import { HOUR } from '../core/clock.js';
import { randomToken } from '../core/ids-and-secrets.js';
import type { ServerKey } from '../core/server-key.js';
import type { App } from '../http/types.js';
import { bindingCookie, checkForm } from './interaction.js';
import { type InteractionRouteDeps, PAGE_ROUTE, signInFromForm } from './interaction-routes.js';
import { sendPage } from './page.js';
import { afterPassword } from './second-factor-pages.js';
import { signInPage } from './sign-in-pages.js';

/** What the sign-in gate uses. */
export type SignInGateDeps = InteractionRouteDeps & {
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
};

/** How long a sign-in form shown before any session stays answerable. */
const SIGN_IN_FORM_TTL_SECONDS = HOUR / 1000;

/**
 * A page that signs the browser in before it shows anything (OVH-style validation, application registration,
 * the device page): where its sign-in form posts, whom or what it names, where a signed-in browser continues (a
 * GET), and what its CSRF tokens are derived for.
 */
export interface SignInGate {
  action: string;
  appName: string;
  /** Replaces "to continue to <appName>" when there is no app to name yet. */
  lead?: string;
  next: string;
  purpose: string;
}

/**
 * `POST {page}sign-in`: e-mail and password, through the session service so its rate limits and audit events
 * apply, then a 303 back to the page (RFC 9700 §2.1: never 307 after credentials).
 */
export function registerSignIn(
  pages: App,
  c: SignInGateDeps,
  page: string,
  gateOf: (request: FastifyRequest) => Promise<SignInGate>,
): void {
  pages.post(`${page}sign-in`, PAGE_ROUTE, async (request, reply) => {
    const gate = await gateOf(request);
    checkForm(c, request, signInCsrfToken(c, request, gate.purpose));
    const outcome = await signInFromForm(c, request, reply);
    if ('userId' in outcome) return reply.redirect(afterPassword(gate.next, outcome.pendingFactor), 303);
    return showSignIn(c, request, reply, gate, outcome);
  });
}

/** The sign-in form, its CSRF token bound to this browser; after a failed attempt, with the e-mail and why. */
export function showSignIn(
  c: SignInGateDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  gate: SignInGate,
  failed: { email: string; error: string; status: number } | null = null,
) {
  const form = { action: gate.action, csrfToken: signInCsrfToken(c, request, gate.purpose, reply) };
  const view = {
    appName: gate.appName,
    ...(gate.lead !== undefined ? { lead: gate.lead } : {}),
    email: failed?.email,
    error: failed?.error,
  };
  return sendPage(reply, signInPage(form, view), { status: failed?.status ?? 200 });
}

/**
 * The CSRF token of a sign-in form, which no session can carry yet (login CSRF, ASVS 3.5.1): derived from the
 * random cookie that binds OAuth interactions to this browser, set here when the page is shown to a browser
 * without one. On a post (no reply), a browser without the cookie gets a token nobody can present.
 */
function signInCsrfToken(
  c: SignInGateDeps,
  request: FastifyRequest,
  purpose: string,
  reply?: FastifyReply,
): string {
  const cookie = bindingCookie(c);
  let binding = request.cookies?.[cookie.name];
  if (binding === undefined) {
    binding = randomToken(32);
    reply?.setCookie(cookie.name, binding, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      maxAge: SIGN_IN_FORM_TTL_SECONDS,
    });
  }
  return c.serverKey.csrfTokenFor(`${purpose}:${binding}`);
}
