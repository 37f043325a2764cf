// @keyward/verify: verify Keyward access tokens in a resource server. See README.md.
export type { Dialect, HeaderSource, PresentedToken } from './credentials.js';
export { presentedToken } from './credentials.js';
export type { InvalidTokenReason, VerifyErrorCode } from './errors.js';
export { isVerifyError, VerifyError } from './errors.js';
export { fetchGuard } from './fetch.js';
export type { GuardOptions } from './guard.js';
export type { VerifierEvent, VerifierOptions } from './options.js';
export type { AccessTokenClaims, CredentialType, Principal } from './principal.js';
export type { RenderedRefusal, RenderOptions } from './render.js';
export { renderRefusal } from './render.js';
export type { Decision, Denial, Requirement } from './requirements.js';
export { authorize, isDenial } from './requirements.js';
export type { RevocationEntry, RevocationSet, RevocationSource, TokenReference } from './revocations.js';
export { createRevocationSet } from './revocations.js';
export type { GuardOutcome, VerifyCallOptions } from './verifier.js';
export { createVerifier, Verifier } from './verifier.js';
