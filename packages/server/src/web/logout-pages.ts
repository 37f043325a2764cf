import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';
import { CSRF_FIELD, type FormTarget } from './sign-in-pages.js';

/**
 * Asked when a sign-out request cannot prove it comes from an app the user signed in to (no valid
 * id_token_hint): a cross-site link must not sign people out silently (ASVS 10.6.2).
 */
export function confirmSignOutPage(
  form: FormTarget,
  view: { email: string; appName?: string | undefined; hidden: Record<string, string> },
): SafeHtml {
  return layout(
    'Sign out',
    html`<h1>Sign out of Keyward?</h1>
<p>You are signed in as <strong>${view.email}</strong>.${view.appName ? html` <strong>${view.appName}</strong> asks you to sign out.` : null}</p>
<form method="post" action="${form.action}">
<input type="hidden" name="${CSRF_FIELD}" value="${form.csrfToken}">
${Object.entries(view.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="actions"><button type="submit">Sign out</button></div>
</form>`,
  );
}

export function signedOutPage(): SafeHtml {
  return layout('Signed out', html`<h1>You are signed out</h1><p>You can close this window.</p>`);
}
