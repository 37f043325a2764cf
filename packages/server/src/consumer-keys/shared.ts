import { ApiError } from '../core/errors.js';
import { type ConsumerCredential, type CredentialState, DuplicateKeyError } from './store.js';

export interface Origin {
  ip: string | null;
  requestId: string | null;
}

/**
 * A credential as its users see it: the state it has now (an elapsed one reads `expired`), the date to show as
 * its expiration (a pending request's is its link's), and a last use still waiting in the batch counted.
 */
export type CredentialView = ConsumerCredential & { status: CredentialState; expiration: number | null };

/** A credential's view at `now`; `pendingUse` is a last use still waiting in the batch, if any. */
export function viewOf(
  credential: ConsumerCredential,
  now: number,
  pendingUse: number | undefined,
): CredentialView {
  return {
    ...credential,
    status: currentState(credential, now),
    expiration: expirationOf(credential),
    lastUsedAt: Math.max(credential.lastUsedAt ?? 0, pendingUse ?? 0) || null,
  };
}

/** The state a credential has at `now`: a validated one past its expiry, or a request never answered, is expired. */
export function currentState(credential: ConsumerCredential, now: number): CredentialState {
  if (credential.state === 'validated' && credential.expiresAt !== null && credential.expiresAt <= now) {
    return 'expired';
  }
  if (credential.state === 'pendingValidation' && credential.validationExpiresAt <= now) return 'expired';
  return credential.state;
}

/** The date a credential's users see as its end: a pending request's link expiry, none for a refused one. */
function expirationOf(credential: ConsumerCredential): number | null {
  if (credential.state === 'pendingValidation') return credential.validationExpiresAt;
  return credential.state === 'refused' ? null : credential.expiresAt;
}

const INSERT_ATTEMPTS = 5;

/** Random ids and keys may collide (rarely); draw again a few times before giving up. */
export async function withFreshIds<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof DuplicateKeyError) || i >= INSERT_ATTEMPTS) throw error;
    }
  }
}

/** Why an application credential is refused what belongs to a user (core/authorize.ts requireUser). */
export const PERSONAL =
  'consumer applications and credentials belong to users; an application credential cannot manage them';

export function credentialNotFound(id: number): ApiError {
  return new ApiError(
    'consumer_credential.not_found',
    `no credential ${id} was granted by you or to one of your applications`,
  );
}

export function invalidApplication(): ApiError {
  return new ApiError('consumer_key.invalid_application', 'This application key is invalid');
}
