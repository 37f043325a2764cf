import { ApiError } from '../../core/errors.js';
import type { Caller } from '../../core/principal.js';
import type { OrgStore } from '../orgs/store.js';
import type { FactorStore } from './store.js';

/** The stores the MFA requirement reads: the org's setting and the user's factors. */
export interface MfaPolicyStores {
  orgs: Pick<OrgStore, 'findById'>;
  factors: Pick<FactorStore, 'listForUser'>;
}

/**
 * An org that requires MFA lets its members generate API tokens and create apps only once they have a second
 * factor; until then they are asked to add one. Applies to users, whatever credential they call with.
 */
export async function requireMfaEnrolment(
  stores: MfaPolicyStores,
  caller: Caller,
  orgId: string,
): Promise<void> {
  const { principal } = caller;
  if (principal.kind !== 'user') return;
  const org = await stores.orgs.findById(orgId);
  if (!org?.requireMfa) return;
  if ((await stores.factors.listForUser(principal.subjectId, { confirmedOnly: true })).length > 0) return;
  throw new ApiError(
    'auth.mfa_enrolment_required',
    `${org.displayName} requires a second factor: add an authenticator app under My account → Security ` +
      '(POST /api/v1/me/factors/totp), then try again',
    { orgId },
  );
}
