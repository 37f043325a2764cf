import { html, type SafeHtml } from './html.js';
import { layout } from './page.js';
import { type FormTarget, hiddenFields } from './sign-in-pages.js';

/** Joining an org from an invitation: a name and a password for the new account. */
export function acceptInvitationPage(
  form: FormTarget,
  view: { orgName: string; email: string; name?: string | undefined; error?: string | undefined },
): SafeHtml {
  return layout(
    'Join an organization',
    html`<h1>Join ${view.orgName}</h1>
<p class="muted">You were invited as <strong>${view.email}</strong>. Choose a password for your new Keyward
account: at least 8 characters, not a common password.</p>
${view.error ? html`<p class="alert" role="alert">${view.error}</p>` : null}
<form method="post" action="${form.action}">
${hiddenFields(form)}<label for="name">Your name</label>
<input id="name" name="name" type="text" autocomplete="name" maxlength="128" value="${view.name ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<label for="confirm">Password again</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<div class="actions"><button type="submit">Create my account and join</button></div>
</form>`,
  );
}

export function invitationAcceptedPage(view: {
  orgName: string;
  requireMfa: boolean;
  consoleUrl: string;
}): SafeHtml {
  return layout(
    'Welcome',
    html`<h1>Welcome to ${view.orgName}</h1>
<p role="status">Your account is ready and you are signed in.</p>
${
  view.requireMfa
    ? html`<p class="alert" role="alert">${view.orgName} requires a second factor. Add an authenticator app or a
passkey in the console under My account, Security, before generating API tokens or creating apps.</p>`
    : null
}
<p><a href="${view.consoleUrl}">Go to the console</a></p>`,
  );
}
