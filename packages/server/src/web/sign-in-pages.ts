import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';

/** Where "Forgot password?" leads: the page asking for the e-mail address. */
export const FORGOT_PASSWORD_PATH = '/account/forgot-password';

/** Field of every server form that carries its CSRF token. */
export const CSRF_FIELD = 'csrf_token';

export interface FormTarget {
  /** Same-origin path the form posts to. */
  action: string;
  csrfToken: string;
  /** More hidden fields the form carries back (the device page's user code). */
  fields?: Readonly<Record<string, string>>;
}

/** A form's hidden inputs: its CSRF token, then its other fields. */
export function hiddenFields(form: FormTarget): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${form.csrfToken}">
${Object.entries(form.fields ?? {}).map(
  ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">
`,
)}`;
}

/**
 * Email and password; the message after a failure is the same for every cause (no account enumeration).
 * `lead` replaces "to continue to <app>" when no app is named yet.
 */
export function signInPage(
  form: FormTarget,
  view: { appName: string; lead?: string; email?: string | undefined; error?: string | undefined },
): SafeHtml {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
<p class="muted">${view.lead ?? html`to continue to <strong>${view.appName}</strong>`}</p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}
<form method="post" action="${form.action}">
${hiddenFields(form)}<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${view.email ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<div class="actions"><button type="submit">Sign in</button></div>
</form>
<p><a href="${FORGOT_PASSWORD_PATH}">Forgot password?</a></p>`,
  );
}

/** The organizations the user belongs to; the app will act in the one chosen. */
export function orgChoicePage(
  form: FormTarget,
  view: {
    appName: string;
    orgs: readonly { id: string; displayName: string }[];
    notice?: string | undefined;
  },
): SafeHtml {
  return layout(
    'Choose an organization',
    html`<h1>Choose an organization</h1>
<p class="muted"><strong>${view.appName}</strong> will act in the organization you choose.</p>
${view.notice ? html`<p class="alert" role="alert">${view.notice}</p>` : null}
<form method="post" action="${form.action}">
${hiddenFields(form)}<fieldset>
<legend>Your organizations</legend>
${view.orgs.map(
  (org, index) =>
    html`<label class="choice"><input type="radio" name="org" value="${org.id}" required${index === 0 ? html` checked` : null}> ${org.displayName}</label>
`,
)}</fieldset>
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
  );
}
