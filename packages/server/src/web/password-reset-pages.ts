import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';
import { FORGOT_PASSWORD_PATH, type FormTarget, hiddenFields } from './sign-in-pages.js';

/** The e-mail address whose account needs a new password. */
export function forgotPasswordPage(
  form: FormTarget,
  view: { email?: string | undefined; error?: string | undefined },
): SafeHtml {
  return layout(
    'Forgot password',
    html`<h1>Forgot your password?</h1>
<p class="muted">Enter the e-mail address of your account. We will send you a link to choose a new password.</p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}
<form method="post" action="${form.action}">
${hiddenFields(form)}<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${view.email ?? ''}">
<div class="actions"><button type="submit">Send the link</button></div>
</form>`,
  );
}

/** The same page whether the address has an account or not (no account enumeration). */
export function resetRequestedPage(message: string): SafeHtml {
  return layout(
    'Check your mailbox',
    html`<h1>Check your mailbox</h1>
<p role="status">${message}</p>
<p class="muted">The link works once and expires soon. Nothing arrived? Look in your spam folder, or
<a href="${FORGOT_PASSWORD_PATH}">ask again</a>.</p>`,
  );
}

/** The new password, twice; the token travels in a hidden field, never in the address the form posts to. */
export function chooseNewPasswordPage(
  form: FormTarget,
  view: { email: string; error?: string | undefined },
): SafeHtml {
  return layout(
    'Choose a new password',
    html`<h1>Choose a new password</h1>
<p class="muted">for <strong>${view.email}</strong>. At least 8 characters; not a common password.
Every session of this account ends when you save it.</p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}
<form method="post" action="${form.action}">
${hiddenFields(form)}<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<label for="confirm">New password again</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<div class="actions"><button type="submit">Save the new password</button></div>
</form>`,
  );
}

export function passwordResetDonePage(signInUrl: string): SafeHtml {
  return layout(
    'Password changed',
    html`<h1>Your password was changed</h1>
<p role="status">You were signed out everywhere. Sign in again with your new password.</p>
<p><a href="${signInUrl}">Sign in</a></p>`,
  );
}

/** A link that cannot be used: what happened and what to do. */
export function badLinkPage(view: { expired: boolean }): SafeHtml {
  const title = view.expired ? 'This link has expired' : 'This link is not valid';
  return layout(
    title,
    html`<h1>${title}</h1>
<p class="alert" role="alert">${
      view.expired
        ? 'Password reset links work for a short time only.'
        : 'It was already used, replaced by a newer link, or copied incompletely.'
    }</p>
<p><a href="${FORGOT_PASSWORD_PATH}">Ask for a new link</a></p>`,
  );
}
