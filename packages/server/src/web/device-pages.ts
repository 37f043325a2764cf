import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';
import { type FormTarget, hiddenFields } from './sign-in-pages.js';

/** The field the user code is typed in and carried back in (RFC 8628 §3.3 names the query parameter so). */
export const USER_CODE_FIELD = 'user_code';

/**
 * Where the user types the code their device shows (RFC 8628 §3.3). A code that came in the link
 * (verification_uri_complete) is filled in but not used until the user confirms it matches the device's,
 * so a link sent by someone else cannot connect their device unnoticed (§5.4).
 */
export function deviceCodePage(
  form: FormTarget,
  signOut: FormTarget,
  view: { email: string; userCode: string; fromLink: boolean; error?: string | undefined },
): SafeHtml {
  return layout(
    'Connect a device',
    html`<h1>Connect a device</h1>
<p class="muted">Signed in as <strong>${view.email}</strong></p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}<p>${
      view.fromLink
        ? 'Check that this is the code your device shows, then continue.'
        : 'Enter the code your device shows.'
    }</p>
<form method="post" action="${form.action}">
${hiddenFields(form)}<label for="${USER_CODE_FIELD}">Code</label>
<input id="${USER_CODE_FIELD}" name="${USER_CODE_FIELD}" type="text" class="user-code" required maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="user-code-hint" value="${view.userCode}">
<p id="user-code-hint" class="muted">8 letters, such as BCDF-GHJK; dashes, spaces and case do not matter.</p>
<div class="actions"><button type="submit">Continue</button></div>
</form>
${notYou(signOut, view.email)}`,
  );
}

/** After Allow: the device gets its tokens at its next poll. */
export function deviceApprovedPage(view: { appName: string; orgName: string }): SafeHtml {
  return layout(
    'Device connected',
    html`<h1>Device connected</h1>
<p><strong>${view.appName}</strong> can now act for you in ${view.orgName}. Go back to your device: it continues by itself.</p>
<p>You can close this window.</p>`,
  );
}

/** After Deny: the device is told so at its next poll (access_denied). */
export function deviceDeniedPage(view: { appName: string }): SafeHtml {
  return layout(
    'Access denied',
    html`<h1>Access denied</h1>
<p>You denied <strong>${view.appName}</strong> access to your account. It gets none, and your device will say so.</p>
<p>You can close this window.</p>`,
  );
}

function notYou(signOut: FormTarget, email: string): SafeHtml {
  return html`<div class="switch-account">
<form method="post" action="${signOut.action}">
${hiddenFields(signOut)}<p class="muted">Not ${email}? <button type="submit" class="link">Sign out</button> and sign in as yourself.</p>
</form>
</div>`;
}
