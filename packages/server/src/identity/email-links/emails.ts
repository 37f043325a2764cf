/** Plain-text e-mails carrying a single-use link. The link is the secret: nothing else in them is. */
export interface MailContent {
  subject: string;
  body: string;
}

/** "30 minutes", "24 hours", "7 days": how long a link works, as a person reads it. */
export function lifetimeText(seconds: number): string {
  const [amount, unit] =
    seconds % 86_400 === 0
      ? [seconds / 86_400, 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, 'hour']
        : [Math.max(1, Math.round(seconds / 60)), 'minute'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

export function passwordResetMail(input: { link: string; ttlSeconds: number; issuer: string }): MailContent {
  return {
    subject: 'Reset your Keyward password',
    body: [
      'Hello,',
      '',
      `someone (we hope you) asked to reset the password of your Keyward account at ${input.issuer}.`,
      `To choose a new password, open this link within ${lifetimeText(input.ttlSeconds)}:`,
      '',
      input.link,
      '',
      'The link works once. Choosing a new password signs you out everywhere.',
      'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      '',
      '-- Keyward',
    ].join('\n'),
  };
}

export function verificationMail(input: { link: string; ttlSeconds: number; issuer: string }): MailContent {
  return {
    subject: 'Confirm your e-mail address for Keyward',
    body: [
      'Hello,',
      '',
      `this address was given for a Keyward account at ${input.issuer}.`,
      `To confirm it is yours, open this link within ${lifetimeText(input.ttlSeconds)}:`,
      '',
      input.link,
      '',
      'If you do not know why you received this, ignore it: nothing changes.',
      '',
      '-- Keyward',
    ].join('\n'),
  };
}

/** To the old address after a change, so a takeover does not go unnoticed. */
export function emailChangedNotice(input: { newEmail: string; at: number; issuer: string }): MailContent {
  return {
    subject: 'The e-mail address of your Keyward account was changed',
    body: [
      'Hello,',
      '',
      `on ${new Date(input.at).toUTCString()} the e-mail address of your Keyward account at ${input.issuer}`,
      `was changed from this address to ${input.newEmail}.`,
      '',
      'If you made this change, there is nothing to do.',
      'If you did not, someone may be using your account: ask an operator of Keyward to disable it and',
      'to reset its password, and tell them about this e-mail.',
      '',
      '-- Keyward',
    ].join('\n'),
  };
}
