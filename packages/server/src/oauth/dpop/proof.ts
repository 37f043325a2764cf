import { createHash } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  type JWK,
  type JWTPayload,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { CLIENT_SIGNING_ALGS, isClientSigningAlg } from '../../apps/client-keys.js';
import type { Clock } from '../../core/clock.js';
import { safeEqual } from '../../core/server-key.js';
import type { ProofOfPossession } from '../../http/authenticate.js';
import type { UsedJtiStore } from '../used-jtis.js';
import type { DpopNonces } from './nonces.js';

/** Algorithms of DPoP proofs (`dpop_signing_alg_values_supported`): asymmetric only (RFC 9449 §4.3 item 5). */
export const DPOP_ALGS = CLIENT_SIGNING_ALGS;
/** A proof is accepted this long after its iat… */
const MAX_AGE_SECONDS = 300;
/** …and this long before it (clients' clocks run ahead too). */
const MAX_AHEAD_SECONDS = 60;
const MAX_PROOF_LENGTH = 8 * 1024;
const MAX_JTI_LENGTH = 1024;

/** Why a proof was refused: RFC 9449 §7.1's two error codes, and the nonce to retry with. */
export class DpopProofError extends Error {
  override readonly name = 'DpopProofError';
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    message: string,
    readonly nonce?: string,
  ) {
    super(message);
  }
}

/** The request a proof must be for: its method and its URL as the client addressed it (Keyward's public URL). */
export interface ProvenRequest {
  method: string;
  url: string;
}

/** A proof that passed: the RFC 7638 thumbprint of its key (`cnf.jkt`). */
export interface CheckedProof {
  jkt: string;
}

/**
 * Checks a DPoP proof (RFC 9449 §4.3):
 *   one header → typ dpop+jwt, allowed alg, public jwk → signature → htm, htu → iat window → nonce (when
 *   Keyward gives them out) → ath and key (at a resource) → jti never seen (every node shares the list)
 * The replay check is last, so only proofs that pass everything else are remembered.
 */
export class DpopProofChecker {
  constructor(private readonly deps: { usedJtis: UsedJtiStore; clock: Clock; nonces: DpopNonces | null }) {}

  /** The nonce to send in `DPoP-Nonce` (null when nonces are off). */
  currentNonce(): string | null {
    return this.deps.nonces?.current() ?? null;
  }

  async check(
    header: string | string[] | undefined,
    request: ProvenRequest,
    binding: { accessToken?: string; jkt?: string } = {},
  ): Promise<CheckedProof> {
    const proof = singleProof(header);
    const jwk = checkHeader(proof);
    const now = this.deps.clock.now();
    const claims = await verifySignature(proof, now);
    checkTarget(claims, request);
    const iat = claims.iat as number;
    if (iat < now / 1000 - MAX_AGE_SECONDS || iat > now / 1000 + MAX_AHEAD_SECONDS) {
      throw invalid(
        `the DPoP proof's iat is not within ${MAX_AGE_SECONDS / 60} minutes of the server time; make a new proof (and check the client clock)`,
      );
    }
    this.#checkNonce(claims.nonce);
    if (binding.accessToken !== undefined) checkAth(claims.ath, binding.accessToken);
    const jkt = await calculateJwkThumbprint(jwk, 'sha256');
    if (binding.jkt !== undefined && !safeEqual(jkt, binding.jkt)) {
      throw invalid('the DPoP proof is signed with another key than the one this token is bound to');
    }
    const until = (iat + MAX_AGE_SECONDS) * 1000;
    if (!(await this.deps.usedJtis.claim('dpop_proof', jkt, claims.jti as string, until, now))) {
      throw invalid('this DPoP proof was already used (its jti was seen); make a new proof for each request');
    }
    return { jkt };
  }

  #checkNonce(nonce: unknown): void {
    const { nonces } = this.deps;
    if (nonces === null || nonces.isFresh(nonce)) return;
    throw new DpopProofError(
      'use_dpop_nonce',
      nonce === undefined
        ? 'this server requires a nonce in DPoP proofs: make the proof again with the nonce of the DPoP-Nonce header'
        : 'the nonce of the DPoP proof has expired: make the proof again with the nonce of the DPoP-Nonce header',
      nonces.current(),
    );
  }
}

/** RFC 9449 §4.3 items 1–2: exactly one DPoP header holding one JWT. */
function singleProof(header: string | string[] | undefined): string {
  if (header === undefined) throw invalid('send a DPoP proof in the DPoP header');
  if (Array.isArray(header) || header.includes(',')) throw invalid('send exactly one DPoP header');
  const proof = header.trim();
  if (proof.length === 0 || proof.length > MAX_PROOF_LENGTH) throw invalid('the DPoP header holds no proof');
  return proof;
}

/** Items 4–7 before any signature work: explicit type, an allowed algorithm, a public key in the header. */
function checkHeader(proof: string): JWK {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(proof) as Record<string, unknown>;
  } catch {
    throw invalid('the DPoP header is not a JWT');
  }
  if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== 'dpop+jwt') {
    throw invalid(`the DPoP proof's typ is ${JSON.stringify(header.typ ?? null)}; it must be dpop+jwt`);
  }
  if (!isClientSigningAlg(header.alg)) {
    throw invalid(
      `the DPoP proof is signed with ${JSON.stringify(header.alg ?? null)}; use ${DPOP_ALGS.join(', ')}`,
    );
  }
  const jwk = header.jwk;
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
    throw invalid('the DPoP proof has no jwk header: put the public key it is signed with there');
  }
  if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((member) => member in jwk)) {
    throw invalid('the jwk header of the DPoP proof holds a private key; put the public key there');
  }
  return jwk as JWK;
}

async function verifySignature(proof: string, now: number): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      algorithms: [...DPOP_ALGS],
      typ: 'dpop+jwt',
      currentDate: new Date(now),
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw invalid('the DPoP proof signature does not verify with the key in its jwk header');
    }
    const code = error instanceof joseErrors.JOSEError ? error.code : 'unreadable';
    throw invalid(`the DPoP proof could not be verified (${code})`);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > MAX_JTI_LENGTH) {
    throw invalid('the DPoP proof needs a jti: a unique string, new for each proof');
  }
  if (typeof payload.iat !== 'number') throw invalid('the DPoP proof needs iat, the time it was made');
  return payload;
}

/** Items 8–9: the method and the URL of this very request (the URL without its query and fragment). */
function checkTarget(claims: JWTPayload, request: ProvenRequest): void {
  if (claims.htm !== request.method) {
    throw invalid(
      `the DPoP proof is for ${JSON.stringify(claims.htm ?? null)} requests, not ${request.method}: make one for this request`,
    );
  }
  const htu = typeof claims.htu === 'string' ? normalizeHtu(claims.htu) : undefined;
  if (htu === undefined || htu !== normalizeHtu(request.url)) {
    throw invalid(
      `the DPoP proof is for ${JSON.stringify(claims.htu ?? null)}, not ${normalizeHtu(request.url)}: make one for this URL`,
    );
  }
}

/**
 * A URL as RFC 9449 §4.3 compares them: without query and fragment, normalised as RFC 3986 §6.2.2–6.2.3 says
 * (case of scheme and host, default port, dot segments — all done by the WHATWG parser — plus percent-escapes:
 * unreserved characters decoded, the others in upper case).
 */
export function normalizeHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/%([0-9a-fA-F]{2})/g, (percentEscape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : percentEscape.toUpperCase();
  });
  return `${url.protocol}//${url.host}${path}`;
}

/** RFC 9449 §4.3 item 11 / §7.1: at a resource, the proof names the token it goes with (its SHA-256). */
function checkAth(ath: unknown, accessToken: string): void {
  const expected = createHash('sha256').update(accessToken).digest('base64url');
  if (typeof ath !== 'string' || !safeEqual(ath, expected)) {
    throw invalid(
      ath === undefined
        ? 'the DPoP proof has no ath: put the SHA-256 (base64url) of the access token there'
        : 'the DPoP proof was made for another access token (ath)',
    );
  }
}

function invalid(message: string): DpopProofError {
  return new DpopProofError('invalid_dpop_proof', message);
}

/** The checker as authentication's proof of possession (http/authenticate.ts): a refusal is returned, not thrown. */
export function proofOfPossession(checker: Pick<DpopProofChecker, 'check'>): ProofOfPossession {
  return {
    algorithms: DPOP_ALGS,
    check: async (header, request, binding) => {
      try {
        await checker.check(header, request, binding);
        return undefined;
      } catch (error) {
        if (!(error instanceof DpopProofError)) throw error;
        return { code: error.code, message: error.message, nonce: error.nonce };
      }
    },
  };
}
