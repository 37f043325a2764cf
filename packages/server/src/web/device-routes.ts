import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import type { Authenticator } from '../http/authenticate.js';
import type { App } from '../http/types.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { ActiveSession, SessionService } from '../identity/sessions/service.js';
import { type DeviceFlow, type UserCodeLookup, VERIFICATION_PATH } from '../oauth/device/service.js';
import { formatUserCode, normalizeUserCode } from '../oauth/device/user-code.js';
import type { AuthorizationInteractions } from '../oauth/interactions.js';
import { consentPage } from './consent-page.js';
import { consentViewOf } from './consent-view.js';
import { deviceApprovedPage, deviceCodePage, deviceDeniedPage, USER_CODE_FIELD } from './device-pages.js';
import { checkForm, formField } from './interaction.js';
import { currentSession, PAGE_ROUTE } from './interaction-routes.js';
import { errorPage, sendPage } from './page.js';
import { registerSignIn, type SignInGate, type SignInGateDeps, showSignIn } from './sign-in-gate.js';
import { orgChoicePage } from './sign-in-pages.js';

/** What the device verification pages use. */
export type DevicePageDeps = SignInGateDeps & {
  auth: Pick<Authenticator, 'clearSessionCookie' | 'sessionIdOf'>;
  deviceFlow: Pick<DeviceFlow, 'approve' | 'deny' | 'lookUp'>;
  identity: Pick<IdentityDirectory, 'membership' | 'user'>;
  interactions: Pick<AuthorizationInteractions, 'findOrg' | 'orgsOf'>;
  sessions: Pick<SessionService, 'signOut'>;
};

const PATH = VERIFICATION_PATH;
const MAX_TYPED = 64;

/** Why a typed code leads nowhere, said so the person knows what to do next. */
const REFUSALS: Record<Exclude<UserCodeLookup['kind'], 'pending'>, string> = {
  unknown: 'That code is not valid. Check the code your device shows and type it again.',
  expired: 'That code has expired. Start again on your device to get a new code.',
  answered: 'That code was already answered. Start again on your device if it is still waiting.',
};

/**
 * The verification page of the device authorization grant (RFC 8628 §3.3), server-rendered, without
 * JavaScript: sign in (the session machinery of every page) → type or confirm the code → choose the org →
 * consent (the consent page of browser authorizations, showing what the tokens will carry) → approved or
 * denied. Each step posts back the user code with the session's CSRF token; nothing is kept between pages.
 * Call it on the scope of `registerAuthorizationPages`, whose form parsing and HTML error pages it relies on.
 */
export function registerDevicePages(pages: App, c: DevicePageDeps): void {
  registerSignIn(pages, c, `${PATH}/`, async (request) => gateOf(typedCode(request)));

  pages.get(PATH, PAGE_ROUTE, async (request, reply) => {
    const typed = typedCode(request);
    const session = await currentSession(c, request);
    if (!session) return showSignIn(c, request, reply, gateOf(typed));
    return showCodeEntry(c, reply, session, { typed, fromLink: typed !== '' });
  });

  // The code typed or confirmed, and on the org choice's answer, the org: shows the next step.
  pages.post(PATH, PAGE_ROUTE, async (request, reply) => {
    const typed = typedCode(request);
    const session = await currentSession(c, request);
    if (!session) return reply.redirect(pagePath(typed), 303);
    checkForm(c, request, session.csrfToken);
    const found = await lookUp(c, request, reply, session, typed, (caller) =>
      c.deviceFlow.lookUp(caller, typed),
    );
    if (found.kind !== 'pending') return found.reply;
    const userId = session.principal.subjectId;
    const orgs = await c.interactions.orgsOf(userId);
    if (orgs.length === 0) {
      const message =
        'You belong to no organization, so there is nothing to connect a device to. An organization owner must add you first.';
      return sendPage(reply, errorPage('No organization', message), { status: 403 });
    }
    const csrf = { csrfToken: session.csrfToken, fields: { [USER_CODE_FIELD]: found.userCode } };
    const chosen = formField(request, 'org', 64);
    const org = orgs.find((mine) => mine.id === chosen) ?? (orgs.length === 1 ? orgs[0] : undefined);
    const consent =
      org &&
      (await consentViewOf(c, {
        app: found.app,
        scope: found.authorization.scope,
        org,
        userId,
        redirectUri: null,
        userCode: found.userCode,
      }));
    if (!consent) {
      const view = { appName: found.app.name, orgs };
      return sendPage(reply, orgChoicePage({ action: PATH, ...csrf }, view));
    }
    const form = { action: `${PATH}/decision`, ...csrf };
    const signOut = { action: `${PATH}/sign-out`, ...csrf };
    return sendPage(reply, consentPage(form, signOut, consent.view, consent.services));
  });

  pages.post(`${PATH}/decision`, PAGE_ROUTE, async (request, reply) => {
    const typed = typedCode(request);
    const session = await currentSession(c, request);
    if (!session) return reply.redirect(pagePath(typed), 303);
    checkForm(c, request, session.csrfToken);
    const decision = formField(request, 'decision', 16);
    const orgId = formField(request, 'org', 64);
    const membership = orgId && (await c.identity.membership(orgId, session.principal.subjectId));
    // An answer the consent page could not have sent (or for an org no longer the user's): start over.
    if (!orgId || !membership || (decision !== 'allow' && decision !== 'deny')) {
      return reply.redirect(pagePath(typed), 303);
    }
    const answered = await lookUp(c, request, reply, session, typed, (caller) =>
      decision === 'allow'
        ? c.deviceFlow.approve(caller, typed, { orgId, authTime: session.signedInAt, amr: session.amr })
        : c.deviceFlow.deny(caller, typed, orgId),
    );
    if (answered.kind !== 'pending') return answered.reply;
    if (decision === 'deny') return sendPage(reply, deviceDeniedPage({ appName: answered.app.name }));
    const org = await c.interactions.findOrg(orgId);
    const view = { appName: answered.app.name, orgName: org?.displayName ?? orgId };
    return sendPage(reply, deviceApprovedPage(view));
  });

  // "Not you?": ends this browser's session, then the sign-in page for the same code.
  pages.post(`${PATH}/sign-out`, PAGE_ROUTE, async (request, reply) => {
    const typed = typedCode(request);
    const session = await currentSession(c, request);
    const sessionId = c.auth.sessionIdOf(request);
    if (session && sessionId) {
      checkForm(c, request, session.csrfToken);
      await c.sessions.signOut(callerOf(session, request), sessionId);
    }
    c.auth.clearSessionCookie(reply);
    return reply.redirect(pagePath(typed), 303);
  });
}

/**
 * Runs a look-up of the typed code; anything but a pending authorization shows the code page again with why
 * (400), or with when to try again after too many wrong codes (429, Retry-After).
 */
async function lookUp(
  c: DevicePageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  session: ActiveSession,
  typed: string,
  work: (caller: Caller) => Promise<UserCodeLookup>,
): Promise<Extract<UserCodeLookup, { kind: 'pending' }> | { kind: 'refused'; reply: FastifyReply }> {
  try {
    const found = await work(callerOf(session, request));
    if (found.kind === 'pending') return found;
    const shown = showCodeEntry(c, reply, session, { typed, error: REFUSALS[found.kind], status: 400 });
    return { kind: 'refused', reply: await shown };
  } catch (error) {
    if (!isApiError(error) || error.code !== 'auth.rate_limited') throw error;
    if (error.headers) reply.headers(error.headers);
    const message = `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
    const shown = showCodeEntry(c, reply, session, { typed, error: message, status: 429 });
    return { kind: 'refused', reply: await shown };
  }
}

async function showCodeEntry(
  c: DevicePageDeps,
  reply: FastifyReply,
  session: ActiveSession,
  view: { typed: string; fromLink?: boolean; error?: string; status?: number },
): Promise<FastifyReply> {
  const user = await c.identity.user(session.principal.subjectId);
  const email = user?.email ?? '';
  const code = normalizeUserCode(view.typed);
  const fields = { [USER_CODE_FIELD]: view.typed };
  return sendPage(
    reply,
    deviceCodePage(
      { action: PATH, csrfToken: session.csrfToken },
      { action: `${PATH}/sign-out`, csrfToken: session.csrfToken, fields },
      {
        email,
        userCode: code ? formatUserCode(code) : view.typed,
        fromLink: view.fromLink ?? false,
        error: view.error,
      },
    ),
    { status: view.status ?? 200 },
  );
}

/** Signing in comes first; the code typed so far rides along in the URL and comes back after. */
function gateOf(typed: string): SignInGate {
  const query = typed === '' ? '' : `?${USER_CODE_FIELD}=${encodeURIComponent(typed)}`;
  return {
    action: `${PATH}/sign-in${query}`,
    appName: '',
    lead: 'to connect a device to your account',
    next: pagePath(typed),
    purpose: 'device-sign-in',
  };
}

function pagePath(typed: string): string {
  return typed === '' ? PATH : `${PATH}?${USER_CODE_FIELD}=${encodeURIComponent(typed)}`;
}

/** The code of the form, else of the query string; at most 64 characters of it. */
function typedCode(request: FastifyRequest): string {
  const value =
    formField(request, USER_CODE_FIELD, MAX_TYPED) ??
    (request.query as Record<string, unknown> | undefined)?.[USER_CODE_FIELD];
  return typeof value === 'string' ? value.slice(0, MAX_TYPED) : '';
}

function callerOf(session: ActiveSession, request: FastifyRequest): Caller {
  return { principal: session.principal, ip: request.ip, requestId: request.id };
}
