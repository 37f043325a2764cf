// @keyward/verify: verify Keyward access tokens in a resource server. See README.md.
export type { Dialect, HeaderSource, PresentedToken } from './credentials.js';
export { presentedToken } from './credentials.js';
export type { DpopContext, ProvenRequest } from './dpop.js';
export type { InvalidTokenReason, VerifyErrorCode } from './errors.js';
export { isVerifyError, VerifyError } from './errors.js';
export { fetchGuard } from './fetch.js';
export type { GuardOptions } from './guard.js';
export type { VerifierEvent, VerifierOptions } from './options.js';
export type { AccessTokenClaims, CredentialType, Principal } from './principal.js';
export type { RenderedRefusal, RenderOptions } from './render.js';
export { renderRefusal } from './render.js';
export type { AnyPrincipal, Decision, Denial, Requirement } from './requirements.js';
export { authorize, isDenial } from './requirements.js';
export type { RevocationEntry, RevocationSet, RevocationSource, TokenReference } from './revocations.js';
export { createRevocationSet } from './revocations.js';
export type { AccessRule } from './rules.js';
export { normalizeRulePath, rulesAllow } from './rules.js';
export type { SignedPrincipal, SignedRequest } from './signed.js';
export { isOvhSigned, MAX_SIGNED_BODY_BYTES } from './signed.js';
export type {
  CheckCallOptions,
  GuardOutcome,
  RequestOutcome,
  SignedCallOptions,
  VerifyCallOptions,
} from './verifier.js';
export { createVerifier, Verifier } from './verifier.js';
