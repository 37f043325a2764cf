import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiError } from '../core/errors.js';
import type { ServerKey } from '../core/server-key.js';
import type { App } from '../http/types.js';
import type { PasswordResets } from '../identity/email-links/password-resets.js';
import { RESET_PAGE_PATH } from '../identity/email-links/password-resets.js';
import { RESET_REQUESTED_MESSAGE } from '../identity/email-links/routes.js';
import { checkForm, formField, type InteractionDeps } from './interaction.js';
import { PAGE_ROUTE } from './interaction-routes.js';
import { sendPage } from './page.js';
import {
  badLinkPage,
  chooseNewPasswordPage,
  forgotPasswordPage,
  passwordResetDonePage,
  resetRequestedPage,
} from './password-reset-pages.js';
import { FORGOT_PASSWORD_PATH } from './sign-in-pages.js';

/** What the "forgot password" pages use. */
export interface PasswordResetPageDeps extends Pick<InteractionDeps, 'config'> {
  passwordResets: Pick<PasswordResets, 'request' | 'check' | 'complete'>;
  serverKey: Pick<ServerKey, 'csrfTokenFor'>;
}

/** Where the done page sends the user to sign in: the console, whose sign-in also leads back here. */
const SIGN_IN_URL = '/';

/**
 * Forgot password → e-mail → link → new password, as server pages that work without JavaScript. Opening the
 * link changes nothing (mail scanners open links); only the posted form uses it.
 */
export function registerPasswordResetPages(pages: App, c: PasswordResetPageDeps): void {
  // Posting this form can do no more than anyone can do with POST /api/v1/password-resets, so its token only
  // pairs with the origin check; the form that uses a link is tied to that link's token below.
  const forgotForm = () => ({
    action: FORGOT_PASSWORD_PATH,
    csrfToken: c.serverKey.csrfTokenFor('page:forgot-password'),
  });

  pages.get(FORGOT_PASSWORD_PATH, PAGE_ROUTE, async (_request, reply) =>
    sendPage(reply, forgotPasswordPage(forgotForm(), {})),
  );

  pages.post(FORGOT_PASSWORD_PATH, PAGE_ROUTE, async (request, reply) => {
    checkForm(c, request, forgotForm().csrfToken);
    const email = (formField(request, 'email', 254) ?? '').trim();
    if (!/^[^\s@]{1,64}@[^\s@]{1,190}$/.test(email)) {
      const error = 'Enter the e-mail address of your account, such as ada@example.com.';
      return sendPage(reply, forgotPasswordPage(forgotForm(), { email, error }), { status: 400 });
    }
    try {
      await c.passwordResets.request({ email }, { ip: request.ip, requestId: request.id });
    } catch (error) {
      if (!isApiError(error) || error.code !== 'auth.rate_limited') throw error;
      if (error.headers) reply.headers(error.headers);
      const message = `Too many requests. ${capitalized(error.message.replace(/^.*; /, ''))}.`;
      return sendPage(reply, forgotPasswordPage(forgotForm(), { email, error: message }), { status: 429 });
    }
    return sendPage(reply, resetRequestedPage(RESET_REQUESTED_MESSAGE));
  });

  pages.get(RESET_PAGE_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request, 'query');
    return withLink(reply, RESET_LINK, async () => {
      const { email } = await c.passwordResets.check(token);
      return sendPage(reply, chooseNewPasswordPage(resetForm(c, token), { email }));
    });
  });

  pages.post(RESET_PAGE_PATH, PAGE_ROUTE, async (request, reply) => {
    const token = tokenOf(request, 'body');
    checkForm(c, request, resetForm(c, token).csrfToken);
    return withLink(reply, RESET_LINK, async () => {
      const { email } = await c.passwordResets.check(token);
      const password = formField(request, 'password', 1024) ?? '';
      const again = (message: string) =>
        sendPage(reply, chooseNewPasswordPage(resetForm(c, token), { email, error: message }), {
          status: 400,
        });
      if (password !== (formField(request, 'confirm', 1024) ?? '')) {
        return again('The two passwords are not the same. Type the new password twice.');
      }
      try {
        await c.passwordResets.complete(
          { token, newPassword: password },
          { ip: request.ip, requestId: request.id },
        );
      } catch (error) {
        if (isApiError(error) && error.code === 'user.password_rejected') {
          return again(`${capitalized(error.message)}.`);
        }
        throw error;
      }
      return sendPage(reply, passwordResetDonePage(SIGN_IN_URL));
    });
  });
}

/** The form of one link: its CSRF token is derived from the link's token, which only the mailbox knows. */
function resetForm(c: PasswordResetPageDeps, token: string) {
  return {
    action: RESET_PAGE_PATH,
    csrfToken: c.serverKey.csrfTokenFor(`page:password-reset:${token}`),
    fields: { token },
  };
}

/** What a bad link's page says and offers, by kind of link. */
export interface LinkKind {
  lifetime: string;
  next: { href: string; label: string };
}

const RESET_LINK: LinkKind = {
  lifetime: 'Password reset links work for a short time only.',
  next: { href: FORGOT_PASSWORD_PATH, label: 'Ask for a new link' },
};

/** Runs `work`; a link that cannot be used becomes the page that says why and offers a new one. */
export async function withLink(
  reply: FastifyReply,
  kind: LinkKind,
  work: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (isApiError(error) && (error.code === 'email_link.invalid' || error.code === 'email_link.expired')) {
      const expired = error.code === 'email_link.expired';
      return sendPage(reply, badLinkPage({ expired, ...kind }), { status: 400 });
    }
    throw error;
  }
}

/** A posted link token, or the one in the query string of the page a link opened. */
export function tokenOf(request: FastifyRequest, from: 'query' | 'body'): string {
  if (from === 'body') return formField(request, 'token', 64) ?? '';
  const value = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof value === 'string' && value.length <= 64 ? value : '';
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
