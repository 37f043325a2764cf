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

/** A link that cannot be used: what happened and what to do (`next`: where to get a new one). */
export function badLinkPage(view: {
  expired: boolean;
  lifetime: string;
  next: { href: string; label: string };
}): SafeHtml {
  const title = view.expired ? 'This link has expired' : 'This link is not valid';
  return layout(
    title,
    html`<h1>${title}</h1>
<p class="alert" role="alert">${
      view.expired ? view.lifetime : 'It was already used, replaced by a newer link, or copied incompletely.'
    }</p>
<p><a href="${view.next.href}">${view.next.label}</a></p>`,
  );
}

/** The button that uses a verification link: opening a link (as mail scanners do) must not be enough. */
export function confirmEmailPage(form: FormTarget, view: { email: string }): SafeHtml {
  return layout(
    'Confirm your e-mail address',
    html`<h1>Confirm your e-mail address</h1>
<p class="muted">Is <strong>${view.email}</strong> your address? Confirm it, and Keyward will tell the apps you
sign in to that it is verified.</p>
<form method="post" action="${form.action}">
${hiddenFields(form)}<div class="actions"><button type="submit">Confirm ${view.email}</button></div>
</form>`,
  );
}

export function emailVerifiedPage(view: { email: string; consoleUrl: string }): SafeHtml {
  return layout(
    'E-mail address confirmed',
    html`<h1>E-mail address confirmed</h1>
<p role="status"><strong>${view.email}</strong> is now verified.</p>
<p><a href="${view.consoleUrl}">Go to the console</a></p>`,
  );
}
