import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OAuthApp } from '../apps/store.js';
import type { Config } from '../config/load.js';
import type { Clock } from '../core/clock.js';
import { randomToken } from '../core/ids-and-secrets.js';
import { type ServerKey, safeEqual } from '../core/server-key.js';
import type { Authenticator } from '../http/authenticate.js';
import type { PendingRequest } from '../oauth/authorize/request.js';
import type { AuthorizationInteractions } from '../oauth/interactions.js';
import type { OAuthProvider } from '../oauth/provider.js';
import type { Interaction } from '../oauth/store.js';
import { PageError } from './page.js';
import { CSRF_FIELD } from './sign-in-pages.js';

/** What opening and checking an authorization interaction uses. */
export interface InteractionDeps {
  auth: Pick<Authenticator, 'secureCookies'>;
  clock: Clock;
  config: Pick<Config, 'issuer'>;
  oauth: Pick<OAuthProvider, 'hash'>;
  interactions: Pick<AuthorizationInteractions, 'findInteraction' | 'insertInteraction'>;
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
}

/** Long enough to sign in and read a consent page; short enough that a forgotten tab is worthless. */
export const INTERACTION_TTL_MS = 10 * 60 * 1000;
const INTERACTION_ID = /^[A-Za-z0-9_-]{22}$/;
const BINDING = /^[A-Za-z0-9_-]{43}$/;

/** An interaction opened by the browser that started it. */
export interface OpenInteraction {
  interaction: Interaction & { request: PendingRequest };
  csrfToken: string;
}

export const interactionPath = (id: string, step?: 'sign-in' | 'org' | 'consent' | 'sign-out') =>
  `/oauth/interaction/${id}${step ? `/${step}` : ''}`;

/**
 * The cookie binding an interaction to its browser (the consent-bind row; Hydra's consent session fixation):
 * `__Host-` and Secure exactly when the console session cookie is. SameSite=Lax still lets the top-level
 * redirect from the app carry it.
 */
export function bindingCookie(c: InteractionDeps): { name: string; secure: boolean } {
  const secure = c.auth.secureCookies;
  return { name: secure ? '__Host-keyward_interaction' : 'keyward_interaction', secure };
}

/**
 * Stores a new interaction bound to this browser and returns its id. Only the keyed hash of the binding is
 * stored. A browser that already holds a binding keeps it, so two tabs authorizing at once do not evict
 * each other.
 */
export async function startInteraction(
  c: InteractionDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { app: OAuthApp; request: PendingRequest },
): Promise<string> {
  const cookie = bindingCookie(c);
  const held = request.cookies?.[cookie.name];
  const binding = held !== undefined && BINDING.test(held) ? held : randomToken(32);
  const now = c.clock.now();
  const id = randomToken(16);
  await c.interactions.insertInteraction({
    id,
    bindingHash: c.oauth.hash('interaction', binding),
    appId: input.app.id,
    request: input.request,
    userId: null,
    orgId: null,
    createdAt: now,
    expiresAt: now + INTERACTION_TTL_MS,
    completedAt: null,
  });
  reply.setCookie(cookie.name, binding, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    maxAge: INTERACTION_TTL_MS / 1000,
  });
  return id;
}

/**
 * Opens the interaction of the URL for the browser that started it: unknown, expired, finished or bound to
 * another browser → an error page. A form post must also carry the CSRF token derived from the interaction
 * and the binding, and must not come from another site (ASVS 3.5.1, login CSRF included).
 */
export async function openInteraction(
  c: InteractionDeps,
  request: FastifyRequest,
  options: { form: boolean },
): Promise<OpenInteraction> {
  const { id } = request.params as { id: string };
  const interaction = INTERACTION_ID.test(id) ? await c.interactions.findInteraction(id) : undefined;
  if (!interaction || interaction.expiresAt <= c.clock.now()) {
    throw new PageError(
      400,
      'This sign-in has expired',
      'Sign-in requests last 10 minutes. Go back to the application and start again.',
    );
  }
  if (interaction.completedAt !== null) {
    throw new PageError(
      400,
      'This sign-in is already finished',
      'Each sign-in request can be answered once. Go back to the application and start again.',
    );
  }
  const binding = request.cookies?.[bindingCookie(c).name];
  if (binding === undefined || !safeEqual(c.oauth.hash('interaction', binding), interaction.bindingHash)) {
    throw new PageError(
      403,
      'This sign-in belongs to another browser',
      'Open the application in this browser and start signing in from there.',
    );
  }
  const csrfToken = c.serverKey.csrfTokenFor(`interaction:${interaction.id}:${binding}`);
  if (options.form) checkForm(c, request, csrfToken);
  return { interaction: interaction as OpenInteraction['interaction'], csrfToken };
}

/** A string field of the posted form, or undefined. */
export function formField(request: FastifyRequest, name: string, maxLength = 1024): string | undefined {
  const value = (request.body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' && value.length <= maxLength ? value : undefined;
}

/** A posted form must come from this origin and carry `csrfToken` (ASVS 3.5.1); a 403 page otherwise. */
export function checkForm(
  c: Pick<InteractionDeps, 'config'>,
  request: FastifyRequest,
  csrfToken: string,
): void {
  // Pages send Referrer-Policy: no-referrer, with which browsers send `Origin: null` on same-origin posts.
  const origin = request.headers.origin;
  const foreign = origin !== undefined && origin !== 'null' && origin !== new URL(c.config.issuer).origin;
  const presented = formField(request, CSRF_FIELD, 128);
  if (foreign || presented === undefined || !safeEqual(presented, csrfToken)) {
    throw new PageError(
      403,
      'This form has expired',
      'The form was not sent from this sign-in page. Go back to the application and start again.',
    );
  }
}
