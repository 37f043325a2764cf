import { ApiError } from './errors.js';
import type { Caller } from './principal.js';

/**
 * ASVS 7.5.1: a sensitive action (a never-expiring API token, a secret revealed or regenerated, a factor
 * removed, the e-mail changed) needs the session's user to have presented a factor within `windowSeconds`.
 * Only console sessions carry that time; an access token or signed request is a credential of its own, checked
 * when it was issued.
 */
export function requireRecentAuthentication(
  caller: Caller,
  now: number,
  windowSeconds: number,
  action: string,
): void {
  const authentication = caller.authentication;
  if (!authentication || now - authentication.at <= windowSeconds * 1000) return;
  throw new ApiError(
    'auth.step_up_required',
    `${action} needs you to confirm it is you: your last sign-in or confirmation is more than ` +
      `${describeWindow(windowSeconds)} old. Confirm with your password or a second factor ` +
      '(POST /api/v1/session/step-up), then try again',
    { windowSeconds },
  );
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}
