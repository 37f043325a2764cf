import { lifetimeText, type MailContent } from '../email-links/emails.js';

export function invitationMail(input: {
  link: string;
  orgName: string;
  inviter: string;
  ttlSeconds: number;
  issuer: string;
}): MailContent {
  return {
    subject: `You are invited to ${input.orgName} on Keyward`,
    body: [
      'Hello,',
      '',
      `${input.inviter} invited you to the organization ${input.orgName} on Keyward (${input.issuer}).`,
      `To accept, open this link within ${lifetimeText(input.ttlSeconds)} and choose a password for your account:`,
      '',
      input.link,
      '',
      'The link works once. If you do not want to join, ignore this e-mail.',
      '',
      '-- Keyward',
    ].join('\n'),
  };
}
