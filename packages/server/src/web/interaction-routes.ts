import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDirectory } from '../apps/directory.js';
import { matchRedirectUri } from '../apps/redirect-uris.js';
import type { OAuthApp } from '../apps/store.js';
import type { Config } from '../config/load.js';
import { isApiError } from '../core/errors.js';
import type { Authenticator } from '../http/authenticate.js';
import type { App } from '../http/types.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { ActiveSession, SessionService } from '../identity/sessions/service.js';
import { AuthorizationFailure, returnUrl } from '../oauth/authorize/response.js';
import {
  type AuthorizeStepDeps,
  completeOnce,
  issueCode,
  planStep,
  recordConsent,
  type Step,
} from '../oauth/authorize/steps.js';
import type { AuthorizationInteractions } from '../oauth/interactions.js';
import { consentPage } from './consent-page.js';
import { type ConsentViewDeps, consentViewOf } from './consent-view.js';
import {
  formField,
  type InteractionDeps,
  interactionPath,
  type OpenInteraction,
  openInteraction,
} from './interaction.js';
import { formTargetOf, PageError, sendPage } from './page.js';
import { afterPassword } from './second-factor-pages.js';
import { orgChoicePage, signInPage } from './sign-in-pages.js';

/** What the sign-in, org choice and consent pages use. */
export type InteractionRouteDeps = InteractionDeps &
  AuthorizeStepDeps &
  ConsentViewDeps & {
    appDirectory: Pick<AppDirectory, 'app'>;
    auth: Pick<
      Authenticator,
      'clearSessionCookie' | 'sessionIdOf' | 'setSessionCookie' | 'setSignInCookies' | 'signInOrigin'
    >;
    config: Pick<Config, 'issuer' | 'session'>;
    identity: Pick<IdentityDirectory, 'membership'>;
    interactions: Pick<AuthorizationInteractions, 'updateInteraction'>;
    sessions: Pick<SessionService, 'resolve' | 'signIn' | 'signOut'>;
  };

const ROUTE = '/oauth/interaction/:id';
/** These GETs have effects (an interaction, a code), so no automatic HEAD route runs them for a prefetcher. */
export const PAGE_ROUTE = { schema: { hide: true }, exposeHeadRoute: false };

/** The console session of the browser, if it has a live one. */
export async function currentSession(
  c: InteractionRouteDeps,
  request: FastifyRequest,
): Promise<ActiveSession | undefined> {
  const sessionId = c.auth.sessionIdOf(request);
  return sessionId ? c.sessions.resolve(sessionId) : undefined;
}

/** A sign-in form post: signed in (the cookie is set), or what to show with the form again. */
export type FormSignIn =
  | { userId: string; pendingFactor: boolean }
  | { email: string; error: string; status: 400 | 429 };

/**
 * Signs a browser in from a posted form (`email`, `password`) through the session service, so the sign-in rate
 * limits and audit events apply to every page. A wrong password, an unknown e-mail and a disabled account get
 * one message (no enumeration); a rate limit says when to retry.
 */
export async function signInFromForm(
  c: InteractionRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FormSignIn> {
  const email = formField(request, 'email', 320) ?? '';
  try {
    const signedIn = await c.sessions.signIn(
      { email, password: formField(request, 'password', 1024) ?? '' },
      c.auth.signInOrigin(request),
    );
    c.auth.setSignInCookies(reply, signedIn, c.config.session.maxTtlSeconds);
    return { userId: signedIn.user.id, pendingFactor: signedIn.pendingFactor };
  } catch (error) {
    if (!isApiError(error) || !['auth.invalid_credentials', 'auth.rate_limited'].includes(error.code)) {
      throw error;
    }
    if (error.headers) reply.headers(error.headers);
    const limited = error.code === 'auth.rate_limited';
    return {
      email,
      error: limited ? error.message : 'The e-mail or password is not correct.',
      status: limited ? 429 : 400,
    };
  }
}

/**
 * The pages of an interaction: GET shows whatever comes next (sign-in, org choice, consent) or ends with the
 * redirect; each form posts to its own path and answers 303 (RFC 9700 §2.1: never 307 after credentials).
 */
export function registerInteractionRoutes(app: App, c: InteractionRouteDeps): void {
  app.get(ROUTE, PAGE_ROUTE, async (request, reply) => {
    const opened = await openInteraction(c, request, { form: false });
    return advance(c, request, reply, opened);
  });

  app.post(`${ROUTE}/sign-in`, PAGE_ROUTE, async (request, reply) => {
    const opened = await openInteraction(c, request, { form: true });
    const client = await appOf(c, opened);
    const outcome = await signInFromForm(c, request, reply);
    if ('userId' in outcome) {
      await c.interactions.updateInteraction(opened.interaction.id, { userId: outcome.userId });
      return reply.redirect(
        afterPassword(interactionPath(opened.interaction.id), outcome.pendingFactor),
        303,
      );
    }
    const { email, error, status } = outcome;
    return sendPage(reply, signInPage(formOf(opened, 'sign-in'), { appName: client.name, email, error }), {
      status,
      formTargets: formTargets(opened),
    });
  });

  app.post(`${ROUTE}/org`, PAGE_ROUTE, async (request, reply) => {
    const opened = await openInteraction(c, request, { form: true });
    const session = await currentSession(c, request);
    const orgId = formField(request, 'org', 64);
    // Only an org the user belongs to is kept; anything else shows the choice again.
    if (session && orgId && (await c.identity.membership(orgId, session.principal.subjectId))) {
      await c.interactions.updateInteraction(opened.interaction.id, { orgId });
    }
    return reply.redirect(interactionPath(opened.interaction.id), 303);
  });

  // "Not you?": ends this browser's session and shows the same request's sign-in page, so the right person can
  // answer it. The interaction's CSRF token guards it: no other site can sign anyone out through it.
  app.post(`${ROUTE}/sign-out`, PAGE_ROUTE, async (request, reply) => {
    const opened = await openInteraction(c, request, { form: true });
    const sessionId = c.auth.sessionIdOf(request);
    const session = await currentSession(c, request);
    if (sessionId && session) {
      await c.sessions.signOut(
        { principal: session.principal, ip: request.ip, requestId: request.id },
        sessionId,
      );
    }
    c.auth.clearSessionCookie(reply);
    return reply.redirect(interactionPath(opened.interaction.id), 303);
  });

  app.post(`${ROUTE}/consent`, PAGE_ROUTE, async (request, reply) => {
    const opened = await openInteraction(c, request, { form: true });
    const { interaction } = opened;
    const client = await appOf(c, opened);
    const step = await planStep(c, {
      app: client,
      request: interaction.request,
      session: await currentSession(c, request),
      interaction,
    });
    const decision = formField(request, 'decision', 16);
    // The page answered must be the one this step would show now, for the same org; else show it again.
    if (
      (step.kind !== 'consent' && step.kind !== 'approve') ||
      step.org.id !== formField(request, 'org', 64) ||
      (decision !== 'allow' && decision !== 'deny')
    ) {
      return reply.redirect(interactionPath(interaction.id), 303);
    }
    await completeOnce(c, interaction.id);
    if (decision === 'deny') {
      const denied = new AuthorizationFailure('access_denied', 'the user denied the request');
      return reply.redirect(returnUrl(c.config.issuer, interaction.request, denied), 303);
    }
    const caller = { principal: step.session.principal, ip: request.ip, requestId: request.id };
    await recordConsent(c, caller, { app: client, orgId: step.org.id, scope: interaction.request.scope });
    const url = await issueCode(c, {
      app: client,
      request: interaction.request,
      orgId: step.org.id,
      session: step.session,
    });
    return reply.redirect(url, 303);
  });
}

async function advance(
  c: InteractionRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  opened: OpenInteraction,
) {
  const { interaction } = opened;
  const client = await appOf(c, opened);
  const step = await planStep(c, {
    app: client,
    request: interaction.request,
    session: await currentSession(c, request),
    interaction,
  });
  return showStep(c, reply, opened, client, step);
}

async function showStep(
  c: InteractionRouteDeps,
  reply: FastifyReply,
  opened: OpenInteraction,
  client: OAuthApp,
  step: Step,
) {
  const { request } = opened.interaction;
  const page = { formTargets: formTargets(opened) };
  switch (step.kind) {
    case 'sign-in':
      return sendPage(reply, signInPage(formOf(opened, 'sign-in'), { appName: client.name }), page);
    case 'choose-org': {
      const notice = step.foreignOrgAsked
        ? 'You are not a member of the organization the application asked for. Choose one of yours.'
        : undefined;
      const view = { appName: client.name, orgs: step.orgs, notice };
      return sendPage(reply, orgChoicePage(formOf(opened, 'org'), view), page);
    }
    case 'consent': {
      const consent = await consentViewOf(c, {
        app: client,
        scope: request.scope,
        org: step.org,
        userId: step.session.principal.subjectId,
        redirectUri: request.redirectUri,
      });
      if (!consent) return reply.redirect(interactionPath(opened.interaction.id), 303);
      const signOut = formOf(opened, 'sign-out');
      const form = formOf(opened, 'consent');
      return sendPage(reply, consentPage(form, signOut, consent.view, consent.services), page);
    }
    case 'approve': {
      await completeOnce(c, opened.interaction.id);
      const url = await issueCode(c, { app: client, request, orgId: step.org.id, session: step.session });
      return reply.redirect(url, 303);
    }
    case 'fail':
      await completeOnce(c, opened.interaction.id);
      return reply.redirect(returnUrl(c.config.issuer, request, step.failure), 303);
  }
}

/**
 * The app of the interaction, still registered with the redirect URI of the request: an app deleted, or a URI
 * unregistered, meanwhile ends the flow on a page rather than at a URI nobody vouches for any more.
 */
async function appOf(c: InteractionRouteDeps, opened: OpenInteraction): Promise<OAuthApp> {
  const client = await c.appDirectory.app(opened.interaction.appId);
  const { redirectUri } = opened.interaction.request;
  if (!client || !matchRedirectUri(client.type, client.redirectUris, redirectUri)) {
    throw new PageError(400, 'Unknown application', 'The application was changed while you were signing in.');
  }
  return client;
}

function formOf(opened: OpenInteraction, step: 'sign-in' | 'org' | 'consent' | 'sign-out') {
  return { action: interactionPath(opened.interaction.id, step), csrfToken: opened.csrfToken };
}

/** Each form may end in a 303 to the app, so the app's redirect origin joins form-action. */
function formTargets(opened: OpenInteraction): string[] {
  const target = formTargetOf(opened.interaction.request.redirectUri);
  return target ? [target] : [];
}
