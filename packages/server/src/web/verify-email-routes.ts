import type { ServerKey } from '../core/server-key.js';
import type { App } from '../http/types.js';
import type { EmailVerifications } from '../identity/email-links/verifications.js';
import { VERIFY_PAGE_PATH } from '../identity/email-links/verifications.js';
import { checkForm, type InteractionDeps } from './interaction.js';
import { PAGE_ROUTE } from './interaction-routes.js';
import { sendPage } from './page.js';
import { confirmEmailPage, emailVerifiedPage } from './password-reset-pages.js';
import { type LinkKind, tokenOf, withLink } from './password-reset-routes.js';

/** What the verification page uses. */
export interface VerifyEmailPageDeps extends Pick<InteractionDeps, 'config'> {
  emailVerifications: Pick<EmailVerifications, 'check' | 'verify'>;
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
}

const CONSOLE_URL = '/';

const VERIFICATION_LINK: LinkKind = {
  lifetime: 'Verification links work for a limited time only.',
  next: { href: CONSOLE_URL, label: 'Send a new one from the console (My account, Profile)' },
};

/**
 * The page a verification link opens: a button to confirm (a GET changes nothing, since mail scanners open
 * links), then a page saying the address is verified.
 */
export function registerVerifyEmailPages(pages: App, c: VerifyEmailPageDeps): void {
  const form = (token: string) => ({
    action: VERIFY_PAGE_PATH,
    csrfToken: c.serverKey.csrfTokenFor(`page:verify-email:${token}`),
    fields: { token },
  });

  pages.get(VERIFY_PAGE_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request, 'query');
    return withLink(reply, VERIFICATION_LINK, async () => {
      const { email } = await c.emailVerifications.check(token);
      return sendPage(reply, confirmEmailPage(form(token), { email }));
    });
  });

  pages.post(VERIFY_PAGE_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request, 'body');
    checkForm(c, request, form(token).csrfToken);
    return withLink(reply, VERIFICATION_LINK, async () => {
      const { email } = await c.emailVerifications.verify(token, { ip: request.ip, requestId: request.id });
      return sendPage(reply, emailVerifiedPage({ email, consoleUrl: CONSOLE_URL }));
    });
  });
}
