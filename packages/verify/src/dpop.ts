import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  type JWTPayload,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { type InvalidTokenReason, VerifyError } from './errors.js';

/** The request a DPoP proof must be for: its method and the URL the client addressed (RFC 9449 §4.3). */
export interface ProvenRequest {
  method: string;
  url: string;
}

/** What a DPoP-bound token came with: its proof (the `DPoP` header) and the request it was sent in. */
export interface DpopContext extends ProvenRequest {
  proof: string | undefined;
}

const MAX_PROOF_LENGTH = 8 * 1024;
const MAX_JTI_LENGTH = 1024;

/**
 * Checks DPoP proofs (RFC 9449 §4.3, §7.1) for a resource server:
 *   one proof → typ dpop+jwt, asymmetric alg, public jwk → signature → htm, htu (query and fragment ignored,
 *   RFC 3986 normalised) → iat within the window → ath = SHA-256 of the token → key = the token's cnf.jkt
 *   → jti not seen in this process within the window
 * The jtis are remembered in memory only: a proof replayed to another instance of the service is not noticed
 * there (Keyward's own API shares its list through the database).
 */
export class DpopProofs {
  /** jti key → when it can be forgotten (ms); insertion order is roughly expiry order. */
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly options: {
      now: () => number;
      algorithms: ReadonlySet<string>;
      maxAgeSeconds: number;
      maxAheadSeconds: number;
      maxRemembered: number;
    },
  ) {}

  async check(context: DpopContext, accessToken: string, jkt: string): Promise<void> {
    const proof = context.proof?.trim();
    if (proof === undefined || proof.length === 0) {
      throw refused('dpop_proof', 'the token is DPoP-bound: send a DPoP proof in the DPoP header');
    }
    if (proof.length > MAX_PROOF_LENGTH || proof.includes(',')) {
      throw refused('dpop_proof', 'send exactly one DPoP proof in one DPoP header');
    }
    this.#checkHeader(proof);
    const now = this.options.now();
    const claims = await verifySignature(proof, this.options.algorithms, now);
    checkTarget(claims, context);
    const iat = claims.iat as number;
    if (iat < now / 1000 - this.options.maxAgeSeconds || iat > now / 1000 + this.options.maxAheadSeconds) {
      throw refused('dpop_proof', 'the DPoP proof is too old or from the future (iat); make a new one');
    }
    const expected = await sha256(accessToken);
    if (claims.ath !== expected) {
      throw refused('dpop_proof', 'the DPoP proof was made for another access token (ath)');
    }
    const { jwk } = decodeProtectedHeader(proof);
    const thumbprint = await calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0]);
    if (thumbprint !== jkt) {
      throw refused(
        'dpop_proof',
        'the DPoP proof is signed with another key than the one the token is bound to',
      );
    }
    this.#remember(`${jkt}:${claims.jti as string}`, (iat + this.options.maxAgeSeconds) * 1000, now);
  }

  #checkHeader(proof: string): void {
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(proof) as Record<string, unknown>;
    } catch {
      throw refused('dpop_proof', 'the DPoP header is not a JWT');
    }
    if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== 'dpop+jwt') {
      throw refused(
        'dpop_proof',
        `the DPoP proof's typ is ${JSON.stringify(header.typ ?? null)}, not dpop+jwt`,
      );
    }
    if (typeof header.alg !== 'string' || !this.options.algorithms.has(header.alg)) {
      throw refused(
        'dpop_proof',
        `the DPoP proof's algorithm ${JSON.stringify(header.alg ?? null)} is not accepted`,
      );
    }
    const jwk = header.jwk as Record<string, unknown> | undefined;
    if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
      throw refused('dpop_proof', 'the DPoP proof has no jwk header with its public key');
    }
    if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((member) => member in jwk)) {
      throw refused('dpop_proof', 'the jwk header of the DPoP proof holds a private key');
    }
  }

  /** Refuses a jti seen before; keeps at most `maxRemembered`, dropping the oldest first. */
  #remember(key: string, until: number, now: number): void {
    const seen = this.#seen.get(key);
    if (seen !== undefined && seen > now) {
      throw refused('dpop_replayed', 'this DPoP proof was already used; make a new proof for each request');
    }
    for (const [old, expiry] of this.#seen) {
      if (expiry > now && this.#seen.size < this.options.maxRemembered) break;
      this.#seen.delete(old);
    }
    this.#seen.set(key, until);
  }
}

async function verifySignature(
  proof: string,
  algorithms: ReadonlySet<string>,
  now: number,
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      algorithms: [...algorithms],
      typ: 'dpop+jwt',
      currentDate: new Date(now),
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw refused('dpop_proof', 'the DPoP proof signature does not verify with the key in its jwk header');
    }
    throw refused(
      'dpop_proof',
      `the DPoP proof could not be verified (${(error as { code?: string }).code ?? 'unreadable'})`,
    );
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > MAX_JTI_LENGTH) {
    throw refused('dpop_proof', 'the DPoP proof has no jti');
  }
  if (typeof payload.iat !== 'number') throw refused('dpop_proof', 'the DPoP proof has no iat');
  return payload;
}

function checkTarget(claims: JWTPayload, request: ProvenRequest): void {
  if (claims.htm !== request.method.toUpperCase()) {
    throw refused(
      'dpop_proof',
      `the DPoP proof is for ${JSON.stringify(claims.htm ?? null)} requests, not ${request.method.toUpperCase()}`,
    );
  }
  const expected = normalizeHtu(request.url);
  if (typeof claims.htu !== 'string' || normalizeHtu(claims.htu) !== expected || expected === undefined) {
    throw refused(
      'dpop_proof',
      `the DPoP proof is for ${JSON.stringify(claims.htu ?? null)}, not ${expected}`,
    );
  }
}

/**
 * A URL as RFC 9449 §4.3 compares them: no query or fragment; scheme and host in lower case, default port and
 * dot segments removed (the WHATWG parser does that); percent-escapes of unreserved characters decoded, others
 * in upper case (RFC 3986 §6.2.2).
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

/** base64url of SHA-256, with Web Crypto (any runtime). */
async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function refused(reason: InvalidTokenReason, message: string): VerifyError {
  return new VerifyError('token_invalid', message, reason);
}
