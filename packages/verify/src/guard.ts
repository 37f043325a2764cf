import type { Requirement } from './requirements.js';
import type { Verifier, VerifyCallOptions } from './verifier.js';

/** Options of the Fastify, Express and Fetch guards. */
export interface GuardOptions extends VerifyCallOptions {}

/** Checks at set-up time what would otherwise fail on the first request. */
export function checkGuardSetup(verifier: Verifier, options: GuardOptions | undefined): void {
  if (options?.immediate && !verifier.canIntrospect) {
    throw new TypeError(
      'a guard marked immediate needs the introspection option of createVerifier ({ clientId, clientSecret })',
    );
  }
}

/** The requirement as given, or "any verified principal". */
export function requirementOf(requirement: Requirement | undefined): Requirement {
  return requirement ?? {};
}
