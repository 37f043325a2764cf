/**
 * The `acr` Keyward states for a set of RFC 8176 `amr` values (OIDC Core §2): `mfa` when the user proved two
 * factors (a password and a code, or a passkey with user verification), else `pwd`. Relying parties that need
 * a second factor check `acr` (or `amr` containing `mfa`).
 */
export const ACR_VALUES = ['pwd', 'mfa'] as const;
export type Acr = (typeof ACR_VALUES)[number];

export function acrOf(amr: readonly string[]): Acr {
  return amr.includes('mfa') ? 'mfa' : 'pwd';
}
