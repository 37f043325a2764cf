import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/load.js';
import {
  type CredentialRequests,
  DEFAULT_VALIDITY_SECONDS,
  type PendingRequest,
  VALIDITY_CHOICES,
} from '../consumer-keys/requests.js';
import { describeRule } from '../consumer-keys/rules.js';
import type { ConsumerKeyService } from '../consumer-keys/service.js';
import type { ConsumerApp, ConsumerCredential } from '../consumer-keys/store.js';
import { isApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import type { App } from '../http/types.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { ActiveSession } from '../identity/sessions/service.js';
import { html, type SafeHtml } from './html.js';
import { checkForm, formField } from './interaction.js';
import { currentSession, PAGE_ROUTE } from './interaction-routes.js';
import { LOGOUT_PATH } from './logout-routes.js';
import { formTargetOf, layout, PageError, sendPage } from './page.js';
import { registerSignIn, type SignInGate, type SignInGateDeps, showSignIn } from './sign-in-gate.js';
import { CSRF_FIELD, type FormTarget } from './sign-in-pages.js';

/** What the credential validation and application pages use. */
export type ConsumerKeyPageDeps = SignInGateDeps & {
  config: Pick<Config, 'issuer'>;
  consumerKeys: Pick<ConsumerKeyService, 'createApp'>;
  credentialRequests: Pick<CredentialRequests, 'decide' | 'pendingRequest'>;
  identity: Pick<IdentityDirectory, 'user'>;
};

/** OVH's paths (docs/wire/ovh.md#validation): validation at `/auth/?credentialToken=`, apps at /createApp/ */
const VALIDATION_PATH = '/auth/';
const CREATE_APP_PATH = '/createApp/';
const TOKEN_FIELD = 'credentialToken';
/** The console page listing the consumer keys a user granted and the applications they registered. */
const CONSOLE_DELEGATIONS = '/console/account/delegated-access';
/** What the sign-in forms of these pages derive their CSRF tokens for. */
const SIGN_IN_PURPOSE = 'consumer-key-sign-in';
/** Longer than any name or description the service accepts, so what was typed comes back with the error. */
const TYPED_MAX = 65_536;

const CREATE_APP_GATE: SignInGate = {
  action: `${CREATE_APP_PATH}sign-in`,
  appName: 'application registration',
  next: CREATE_APP_PATH,
  purpose: SIGN_IN_PURPOSE,
};

/**
 * The browser pages of OVH-style delegated access (docs/wire/ovh.md#validation), without JavaScript: the
 * validation page where a user authorizes or refuses a consumer key, and the page where a developer registers
 * an application. Both sign the browser in first, through the same session service as the authorization pages.
 * Call it on the scope of `registerAuthorizationPages`, whose form parsing and HTML error pages it relies on.
 */
export function registerConsumerKeyPages(pages: App, c: ConsumerKeyPageDeps): void {
  const validationGate = async (request: FastifyRequest): Promise<SignInGate> => {
    const token = tokenOf(request);
    const { app } = await unlessLinkUnusable(c.credentialRequests.pendingRequest(token));
    return validationGateOf(token, app);
  };
  registerSignIn(pages, c, VALIDATION_PATH, validationGate);
  registerSignIn(pages, c, CREATE_APP_PATH, async () => CREATE_APP_GATE);

  pages.get(VALIDATION_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request);
    const pending = await unlessLinkUnusable(c.credentialRequests.pendingRequest(token));
    const session = await currentSession(c, request);
    if (!session) return showSignIn(c, request, reply, validationGateOf(token, pending.app));
    const user = await c.identity.user(session.principal.subjectId);
    const form = { action: VALIDATION_PATH, csrfToken: session.csrfToken };
    const view = { pending, token, email: user?.email ?? '' };
    const target = pending.credential.redirection ? formTargetOf(pending.credential.redirection) : undefined;
    // The authorize answer may be a 303 to the redirection, which form-action must allow.
    return sendPage(reply, validationPage(form, view), { formTargets: target ? [target] : [] });
  });

  pages.post(VALIDATION_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request);
    const again = validationGateOf(token).next;
    const session = await currentSession(c, request);
    if (!session) return reply.redirect(again, 303);
    checkForm(c, request, session.csrfToken);
    const decision = formField(request, 'decision', 16);
    const posted = formField(request, 'validity', 16);
    const validity = VALIDITY_CHOICES.find((choice) => validityValue(choice.seconds) === posted);
    // An answer the page could not have sent shows the page again.
    if (decision !== 'refuse' && (decision !== 'authorize' || !validity)) return reply.redirect(again, 303);
    const approve = decision === 'authorize';
    const { credential, app } = await unlessLinkUnusable(
      c.credentialRequests.decide(callerOf(session, request), token, {
        approve,
        validitySeconds: approve ? (validity?.seconds ?? null) : null,
      }),
    );
    if (!approve) return sendPage(reply, refusedPage(app, credential.redirection));
    if (credential.redirection) return reply.redirect(credential.redirection, 303);
    return sendPage(reply, grantedPage(app, credential));
  });

  pages.get(CREATE_APP_PATH, PAGE_ROUTE, async (request, reply) => {
    const session = await currentSession(c, request);
    if (!session) return showSignIn(c, request, reply, CREATE_APP_GATE);
    return sendPage(reply, createAppPage({ action: CREATE_APP_PATH, csrfToken: session.csrfToken }, {}));
  });

  pages.post(CREATE_APP_PATH, PAGE_ROUTE, async (request, reply) => {
    const session = await currentSession(c, request);
    if (!session) return reply.redirect(CREATE_APP_PATH, 303);
    checkForm(c, request, session.csrfToken);
    const input = {
      name: formField(request, 'name', TYPED_MAX) ?? '',
      description: formField(request, 'description', TYPED_MAX) ?? '',
    };
    try {
      const { app, applicationSecret } = await c.consumerKeys.createApp(callerOf(session, request), input);
      return sendPage(reply, appCreatedPage(app, applicationSecret, c.config.issuer));
    } catch (error) {
      if (!isApiError(error) || error.code !== 'request.invalid') throw error;
      const form = { action: CREATE_APP_PATH, csrfToken: session.csrfToken };
      return sendPage(reply, createAppPage(form, { ...input, error: sentence(error.message) }), {
        status: 400,
      });
    }
  });
}

function validationGateOf(token: string, app?: ConsumerApp): SignInGate {
  const query = `?${TOKEN_FIELD}=${encodeURIComponent(token)}`;
  return {
    action: `${VALIDATION_PATH}sign-in${query}`,
    appName: app?.name ?? '',
    next: `${VALIDATION_PATH}${query}`,
    purpose: SIGN_IN_PURPOSE,
  };
}

/** The validation token of the form, else of the query string; the service refuses anything malformed. */
function tokenOf(request: FastifyRequest): string {
  const value =
    formField(request, TOKEN_FIELD, 128) ?? (request.query as Record<string, unknown>)[TOKEN_FIELD];
  return typeof value === 'string' ? value : '';
}

/** An unknown, used or expired link is a 404 page that says why and that the application must ask again. */
async function unlessLinkUnusable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isApiError(error) && error.code === 'consumer_credential.request_not_found') {
      throw new PageError(404, 'This authorization link cannot be used', sentence(error.message));
    }
    throw error;
  }
}

function callerOf(session: ActiveSession, request: FastifyRequest): Caller {
  return { principal: session.principal, ip: request.ip, requestId: request.id };
}

/** How a validity choice is posted: its seconds, or `unlimited`. */
function validityValue(seconds: number | null): string {
  return seconds === null ? 'unlimited' : String(seconds);
}

/** A service message ("name must be …") as a sentence on a page. */
function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}${message.endsWith('.') ? '' : '.'}`;
}

/**
 * What the user is asked to approve, said plainly: the application, its description and who registered it,
 * each rule as sent and in words, the addresses it is limited to, where the browser goes next, for how long.
 */
function validationPage(
  form: FormTarget,
  view: { pending: PendingRequest; token: string; email: string },
): SafeHtml {
  const { app, owner, credential } = view.pending;
  const returnTo = credential.redirection ? new URL(credential.redirection).origin : null;
  return layout(
    `Authorize ${app.name}?`,
    html`<h1>Authorize <strong>${app.name}</strong> to use your account?</h1>
<p class="muted">Signed in as ${view.email}. Not you? <a href="${LOGOUT_PATH}">Sign out</a></p>
<dl>
<dt>Application</dt><dd>${app.name}</dd>
${app.description ? html`<dt>Description</dt><dd>${app.description}</dd>` : null}
<dt>Registered by</dt><dd>${owner.name && owner.email ? `${owner.name} (${owner.email})` : owner.name || owner.email}</dd>
${credential.allowedIps ? html`<dt>Usable only from</dt><dd>${credential.allowedIps.join(', ')}</dd>` : null}
</dl>
<p>It asks to:</p>
<ul class="scopes">
${credential.rules.map((rule) => html`<li><code>${rule.method} ${rule.path}</code>: ${describeRule(rule)}</li>\n`)}</ul>
${returnTo ? html`<p class="muted">If you authorize it, you will then return to ${returnTo}</p>` : null}
<form method="post" action="${form.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${form.csrfToken}">
<input type="hidden" name="${TOKEN_FIELD}" value="${view.token}">
<fieldset>
<legend>Keep this access for</legend>
${VALIDITY_CHOICES.map(
  (choice) =>
    html`<label class="choice"><input type="radio" name="validity" value="${validityValue(choice.seconds)}" required${choice.seconds === DEFAULT_VALIDITY_SECONDS ? html` checked` : null}> ${choice.label}</label>
`,
)}</fieldset>
<div class="actions">
<button type="submit" name="decision" value="authorize">Authorize access</button>
<button type="submit" name="decision" value="refuse" class="secondary">Refuse</button>
</div>
</form>`,
  );
}

function grantedPage(app: ConsumerApp, credential: ConsumerCredential): SafeHtml {
  const until =
    credential.expiresAt === null
      ? 'with no end date'
      : `until ${new Date(credential.expiresAt).toUTCString()}`;
  return layout(
    'Access granted',
    html`<h1>Access granted</h1>
<p>Access granted to <strong>${app.name}</strong> ${until}.</p>
<p>You can revoke it at any time in the console, under <a href="${CONSOLE_DELEGATIONS}">My Account → Delegated access</a>.</p>
<p class="muted">Scripts see it as credential ${credential.id} (<code>GET /1.0/me/api/credential</code>); <code>DELETE /1.0/me/api/credential/${credential.id}</code> revokes it.</p>
<p>You can close this window.</p>`,
  );
}

/** No automatic redirect: the user reads that nothing was granted, then may go back. */
function refusedPage(app: ConsumerApp, redirection: string | null): SafeHtml {
  return layout(
    'Access refused',
    html`<h1>Access refused</h1>
<p>You refused <strong>${app.name}</strong> access to your account. It gets none.</p>
${redirection ? html`<p><a href="${redirection}">Return to ${new URL(redirection).origin}</a></p>` : html`<p>You can close this window.</p>`}`,
  );
}

function createAppPage(
  form: FormTarget,
  view: { name?: string; description?: string; error?: string },
): SafeHtml {
  return layout(
    'Create an application',
    html`<h1>Create an application</h1>
<p class="muted">An application calls the API on behalf of the users who authorize it, with an application key and secret (OVH-style).</p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}
<form method="post" action="${form.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${form.csrfToken}">
<label for="name">Application name</label>
<input id="name" name="name" type="text" required value="${view.name ?? ''}">
<label for="description">Description</label>
<textarea id="description" name="description" rows="3">${view.description ?? ''}</textarea>
<div class="actions"><button type="submit">Create the application</button></div>
</form>`,
  );
}

/** The secret is shown this once. */
function appCreatedPage(app: ConsumerApp, applicationSecret: string, issuer: string): SafeHtml {
  const body =
    '{"accessRules":[{"method":"GET","path":"/me"}],"redirection":"https://your-app.example/done"}';
  return layout(
    'Application created',
    html`<h1>Application created</h1>
<p class="alert" role="alert">Copy the Application Secret now: it will never be shown again. If you lose it, delete the application and create another.</p>
<dl>
<dt>Application name</dt><dd>${app.name}</dd>
<dt>Application Key</dt><dd><code>${app.appKey}</code></dd>
<dt>Application Secret</dt><dd><code>${applicationSecret}</code></dd>
</dl>
<p>Next steps:</p>
<p>1. Request a consumer key for a user: <code>POST ${issuer}/1.0/auth/credential</code> with the header <code>X-Ovh-Application: ${app.appKey}</code> and a JSON body such as <code>${body}</code>.</p>
<p>2. Send the user to the <code>validationUrl</code> of the answer, where they authorize it.</p>
<p>3. Sign each call with the Application Key, the Application Secret and the answer's <code>consumerKey</code>, as the OVH clients do.</p>
<p>Your applications, and the access users gave them, are in the console under <a href="${CONSOLE_DELEGATIONS}">My Account → Delegated access</a>.</p>`,
  );
}
