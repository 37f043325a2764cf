/**
 * The CSRF token of the console's session. The session itself is an HttpOnly cookie the console never sees;
 * the management API hands out the matching CSRF token only in the answer to POST /api/v1/session, so the
 * console keeps it in localStorage (shared by the tabs of this origin) and forgets it on sign-out. A cookie
 * without a stored token is treated as signed out: the console asks to sign in again.
 */
const KEY = 'keyward.console.csrf';

export function storedCsrfToken(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeCsrfToken(token: string | null): void {
  try {
    if (token === null) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode): changes will ask to sign in again.
  }
}
