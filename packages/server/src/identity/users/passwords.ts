import { hash, verify } from '@node-rs/argon2';
import { randomBase62 } from '../../core/ids-and-secrets.js';

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 passes, 1 lane.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** argon2id PHC string of `password`, exactly as typed (no trimming, no case change). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Checked against when the account does not exist, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Whether `password` matches `passwordHash`; with no hash, spends the same work and answers false. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('keyward-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A password an operator's reset sets (`keyward admin reset-password`, POST /users/{id}/reset-password): 24
 * base62 characters, about 143 bits, shown once to the operator.
 */
export function generatedPassword(): string {
  return randomBase62(24);
}
