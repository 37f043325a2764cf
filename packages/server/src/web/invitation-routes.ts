import { isApiError } from '../core/errors.js';
import type { ServerKey } from '../core/server-key.js';
import type { Authenticator } from '../http/authenticate.js';
import type { App } from '../http/types.js';
import { INVITATION_PAGE_PATH, type InvitationService } from '../identity/invitations/service.js';
import type { SessionService } from '../identity/sessions/service.js';
import { checkForm, formField, type InteractionDeps } from './interaction.js';
import { PAGE_ROUTE } from './interaction-routes.js';
import { acceptInvitationPage, invitationAcceptedPage } from './invitation-pages.js';
import { sendPage } from './page.js';
import { type LinkKind, tokenOf, withLink } from './password-reset-routes.js';

/** What the invitation page uses. */
export interface InvitationPageDeps {
  auth: Pick<Authenticator, 'deviceTokensOf' | 'setSignInCookies'>;
  config: InteractionDeps['config'] & { session: { maxTtlSeconds: number } };
  invitations: Pick<InvitationService, 'open' | 'accept'>;
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
  sessions: Pick<SessionService, 'signInWithoutPassword'>;
}

const CONSOLE_URL = '/';

const INVITATION_LINK: LinkKind = {
  lifetime: 'Invitations work for a limited time. Ask the person who invited you to send it again.',
  next: { href: CONSOLE_URL, label: 'Go to Keyward' },
};

/**
 * The page an invitation link opens: choose a name and password; posting it creates the account, grants the
 * invited roles and signs in (a new session, as after any sign-in). Opening the link changes nothing.
 */
export function registerInvitationPages(pages: App, c: InvitationPageDeps): void {
  const form = (token: string) => ({
    action: INVITATION_PAGE_PATH,
    csrfToken: c.serverKey.csrfTokenFor(`page:invitation:${token}`),
    fields: { token },
  });

  pages.get(INVITATION_PAGE_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request, 'query');
    return withLink(reply, INVITATION_LINK, async () => {
      const { invitation, orgName } = await c.invitations.open(token, {
        ip: request.ip,
        requestId: request.id,
      });
      return sendPage(reply, acceptInvitationPage(form(token), { orgName, email: invitation.email }));
    });
  });

  pages.post(INVITATION_PAGE_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request, 'body');
    checkForm(c, request, form(token).csrfToken);
    const origin = { ip: request.ip, requestId: request.id };
    return withLink(reply, INVITATION_LINK, async () => {
      const { invitation, orgName, requireMfa } = await c.invitations.open(token, origin);
      const name = formField(request, 'name', 128) ?? '';
      const password = formField(request, 'password', 1024) ?? '';
      const again = (error: string) =>
        sendPage(
          reply,
          acceptInvitationPage(form(token), { orgName, email: invitation.email, name, error }),
          {
            status: 400,
          },
        );
      if (password !== (formField(request, 'confirm', 1024) ?? '')) {
        return again('The two passwords are not the same. Type the password twice.');
      }
      let user: Awaited<ReturnType<InvitationService['accept']>>;
      try {
        user = await c.invitations.accept(token, { name, password }, origin);
      } catch (error) {
        if (
          isApiError(error) &&
          (error.code === 'user.password_rejected' || error.code === 'user.email_taken')
        ) {
          return again(`${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`);
        }
        throw error;
      }
      const signedIn = await c.sessions.signInWithoutPassword(user, ['pwd'], {
        ...origin,
        userAgent: request.headers['user-agent'] ?? null,
        previousSessionId: null,
        deviceTokens: c.auth.deviceTokensOf(request),
      });
      c.auth.setSignInCookies(reply, signedIn, c.config.session.maxTtlSeconds);
      return sendPage(reply, invitationAcceptedPage({ orgName, requireMfa, consoleUrl: CONSOLE_URL }));
    });
  });
}
