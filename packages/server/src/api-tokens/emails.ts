import { DAY } from '../core/clock.js';
import type { ApiToken } from './store.js';

/** Plain-text e-mails about API tokens. They name the token and org, never the token's value. */
export interface MailContent {
  subject: string;
  body: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function expiryReminder(input: { token: ApiToken; orgName: string; issuer: string }): MailContent {
  const { token, orgName, issuer } = input;
  const expires = token.expiresAt === null ? 'never' : new Date(token.expiresAt).toUTCString();
  return {
    subject: `Your Keyward API token "${token.name}" expires on ${token.expiresAt === null ? 'never' : day(token.expiresAt)}`,
    body: [
      'Hello,',
      '',
      `your API token "${token.name}" for the organization ${orgName} expires on ${expires}.`,
      'Scripts and tools that use it will stop being able to get access tokens then.',
      '',
      `To keep them working, regenerate the token (POST ${issuer}/api/v1/me/api-tokens/${token.id}/regenerate)`,
      'or generate a new one, and replace the old value where it is used.',
      '',
      reminderReason(token),
      '',
      '-- Keyward',
    ].join('\n'),
  };
}

/** Why the reminder comes now: the days asked for, or a token that had less time than that from the start. */
function reminderReason(token: ApiToken): string {
  const days = token.notifyDaysBeforeExpiry ?? 0;
  const asked = `${days} day${days === 1 ? '' : 's'} before expiry`;
  const shortLived = token.expiresAt !== null && token.expiresAt - token.createdAt <= days * DAY;
  return shortLived
    ? `You asked for a reminder ${asked}; the token was generated with no more time than that to live, so this ` +
        'reminder was sent as soon as it was generated.'
    : `You asked for this reminder ${asked}.`;
}

export function activationNotice(input: {
  token: ApiToken;
  orgName: string;
  active: boolean;
  at: number;
}): MailContent {
  const { token, orgName, active, at } = input;
  return {
    subject: active
      ? `Your Keyward API token "${token.name}" was reactivated`
      : `Your Keyward API token "${token.name}" was deactivated`,
    body: [
      'Hello,',
      '',
      active
        ? `an owner of the organization ${orgName} reactivated your API token "${token.name}" on ${new Date(at).toUTCString()}. It works again.`
        : `an owner of the organization ${orgName} deactivated your API token "${token.name}" on ${new Date(at).toUTCString()}. ` +
          'It can no longer be exchanged for access tokens until an owner reactivates it.',
      '',
      active ? '' : 'If you need it, ask an owner of the organization why it was deactivated.',
      '-- Keyward',
    ]
      .filter((line, index, lines) => !(line === '' && lines[index - 1] === ''))
      .join('\n'),
  };
}
