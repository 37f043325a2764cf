import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiError } from '../core/errors.js';
import type { ServerKey } from '../core/server-key.js';
import type { Authenticator } from '../http/authenticate.js';
import type { App } from '../http/types.js';
import type { SecondFactorSignIn } from '../identity/factors/sign-in.js';
import type { SessionService } from '../identity/sessions/service.js';
import { html, type SafeHtml } from './html.js';
import { checkForm, formField, type InteractionDeps } from './interaction.js';
import { PAGE_ROUTE } from './interaction-routes.js';
import { layout, sendPage } from './page.js';
import { type FormTarget, hiddenFields } from './sign-in-pages.js';

/** Where a sign-in form sends a browser whose password was right and whose account has a second factor. */
export const SECOND_FACTOR_PATH = '/sign-in/second-factor';

/** Where to go after a right password: straight to `next`, or to the second-factor page that leads there. */
export function afterPassword(next: string, pendingFactor: boolean): string {
  return pendingFactor ? `${SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}` : next;
}

/**
 * The second step of a server-page sign-in (authorization, device and OVH validation pages): a code from an
 * authenticator app or a recovery code, for the pending session the password step opened; then a 303 back to
 * the page that asked for the sign-in (RFC 9700 §2.1: never 307 after credentials).
 */
/** What the second-factor page uses. */
export interface SecondFactorPageDeps extends Omit<InteractionDeps, 'auth' | 'config'> {
  auth: Pick<Authenticator, 'secureCookies' | 'sessionIdOf' | 'setSignInCookies' | 'signInOrigin'>;
  sessions: Pick<SessionService, 'resolvePending'>;
  secondFactor: Pick<SecondFactorSignIn, 'completeWithCode'>;
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
  config: { issuer: string; session: { maxTtlSeconds: number } };
}

export function registerSecondFactorPages(pages: App, c: SecondFactorPageDeps): void {
  pages.get(SECOND_FACTOR_PATH, PAGE_ROUTE, async (request, reply) => {
    const next = nextOf(request);
    const pendingId = c.auth.sessionIdOf(request);
    if (!pendingId || !(await c.sessions.resolvePending(pendingId))) return signInAgain(reply, next);
    return sendPage(reply, secondFactorPage(formOf(c, pendingId, next), {}));
  });

  pages.post(SECOND_FACTOR_PATH, PAGE_ROUTE, async (request, reply) => {
    const next = nextOf(request);
    const pendingId = c.auth.sessionIdOf(request);
    if (!pendingId) return signInAgain(reply, next);
    checkForm(c, request, csrfTokenOf(c, pendingId));
    try {
      const signedIn = await c.secondFactor.completeWithCode(
        pendingId,
        formField(request, 'code', 32) ?? '',
        { ...c.auth.signInOrigin(request), previousSessionId: pendingId },
      );
      c.auth.setSignInCookies(reply, signedIn, c.config.session.maxTtlSeconds);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (error.code === 'auth.required') return signInAgain(reply, next);
      if (error.code !== 'factor.invalid_code' && error.code !== 'auth.rate_limited') throw error;
      if (error.headers) reply.headers(error.headers);
      const limited = error.code === 'auth.rate_limited';
      const message = limited
        ? error.message
        : 'The code is wrong, expired or already used. Try the current one.';
      return sendPage(reply, secondFactorPage(formOf(c, pendingId, next), { error: message }), {
        status: limited ? 429 : 400,
      });
    }
  });
}

/** A code field that phones fill from SMS-less authenticator apps too (autocomplete=one-time-code). */
function secondFactorPage(form: FormTarget, view: { error?: string }): SafeHtml {
  return layout(
    'Two-step verification',
    html`<h1>Two-step verification</h1>
<p class="muted">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}
<form method="post" action="${form.action}">
${hiddenFields(form)}<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required minlength="6" maxlength="32" autofocus>
<div class="actions"><button type="submit">Verify</button></div>
</form>`,
  );
}

function formOf(c: SecondFactorPageDeps, pendingId: string, next: string): FormTarget {
  return {
    action: `${SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}`,
    csrfToken: csrfTokenOf(c, pendingId),
  };
}

/** Bound to the pending session, so only the browser that typed the password can answer its second step. */
function csrfTokenOf(c: SecondFactorPageDeps, pendingId: string): string {
  return c.serverKey.csrfTokenFor(`second-factor:${pendingId}`);
}

function signInAgain(reply: FastifyReply, next: string) {
  return sendPage(
    reply,
    layout(
      'Sign in again',
      html`<h1>Sign in again</h1>
<p class="alert" role="alert">The sign-in took longer than 5 minutes or was not started.</p>
<p><a href="${next}">Start again</a></p>`,
    ),
    { status: 401 },
  );
}

/** Only a path on this origin: `/x`, never `//host` or `/\host`, which browsers read as another origin. */
function nextOf(request: FastifyRequest): string {
  const next = (request.query as Record<string, unknown> | undefined)?.next;
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && next.length <= 2048 ? next : '/';
}
