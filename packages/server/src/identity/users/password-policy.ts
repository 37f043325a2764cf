import { ApiError } from '../../core/errors.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

// ASVS 6.2.4: refuse passwords every guessing list starts with. Lower-cased; only those long enough to pass
// the length rule matter. Not a breach corpus: a deployment that needs one should put a proxy check in front.
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '123456789012',
  '1234567890123',
  '123456789012345',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '99999999',
  '11223344',
  '12341234',
  '12121212',
  '123123123',
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'password!',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwertyuiop',
  'qwerty123',
  'qwerty1234',
  'qwertyui',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'zaq12wsx',
  'asdfghjkl',
  'asdfasdf',
  'abcd1234',
  'abc12345',
  'abcdefgh',
  'iloveyou',
  'iloveyou1',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'welcome1',
  'welcome123',
  'letmein1',
  'letmein123',
  'trustno1',
  'superman',
  'starwars',
  'whatever',
  'dragon123',
  'master123',
  'monkey123',
  'shadow123',
  'michael1',
  'jennifer',
  'computer',
  'internet',
  'changeme',
  'changeme123',
  'administrator',
  'admin123',
  'admin1234',
  'adminadmin',
  'root1234',
  'secret123',
  'default1',
  'test1234',
  'testtest',
  'guest123',
  'qazwsxedc',
  'mustang1',
  'access14',
  'liverpool',
  'chelsea1',
  'hello123',
  'freedom1',
  'maverick',
  'keyward1',
  'keyward123',
  'summer2024',
  'summer2025',
  'summer2026',
  'winter2025',
  'winter2026',
]);

/**
 * ASVS 6.2: at least 8 characters, 256 at most, no composition rules, not a common password, not the e-mail.
 * Throws user.password_rejected saying which rule failed.
 */
export function checkPasswordPolicy(password: string, email?: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    reject(
      `a password needs at least ${MIN_PASSWORD_LENGTH} characters; a passphrase of several words is best`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) reject(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) {
    reject('this password is among the most common ones and is guessed first; choose another');
  }
  if (email && (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0])) {
    reject('a password may not be the e-mail address or its user part');
  }
}

function reject(message: string): never {
  throw new ApiError('user.password_rejected', message);
}
