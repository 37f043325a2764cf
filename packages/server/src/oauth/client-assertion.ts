import {
  type CryptoKey,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { CLIENT_SIGNING_ALGS, isClientSigningAlg } from '../apps/client-keys.js';
import type { OAuthApp } from '../apps/store.js';
import type { Clock } from '../core/clock.js';
import type { ClientKeySets } from './client-key-sets.js';
import { OAuthError } from './errors.js';
import type { UsedJtiStore } from './used-jtis.js';

/** RFC 7523 §2.2: the client_assertion_type of a JWT client assertion. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion may be valid this long at most (exp − now): its jti is remembered that long. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** Clock difference tolerated between the client and Keyward on exp and nbf. */
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_JTI_LENGTH = 1024;

export interface AssertionDeps {
  keySets: ClientKeySets;
  usedJtis: UsedJtiStore;
  clock: Clock;
  issuer: string;
}

/**
 * Checks a private_key_jwt client assertion (RFC 7523 §3, OIDC Core §9) for `app`:
 *   algorithm (asymmetric allow-list) → app's keys → signature → iss = sub = client_id → aud names Keyward
 *   → exp present, not past, not too far ahead → jti present and never seen before (every node shares the list)
 * `endpointUrl` is the URL the assertion was sent to, which names Keyward as well as the issuer and the token
 * endpoint do. Any failure is invalid_client (401) saying which check failed; a replay is reported to `onReplay`.
 */
export async function verifyClientAssertion(
  deps: AssertionDeps,
  app: OAuthApp,
  assertion: string,
  endpointUrl: string,
  onReplay: () => void,
): Promise<void> {
  checkAlgorithm(assertion);
  const keys = deps.keySets.keysOf(app);
  if (keys === undefined) {
    throw refused(`app ${app.id} has no keys registered: its owners set jwks or jwksUri`);
  }
  const now = deps.clock.now();
  const audience = [...new Set([deps.issuer, `${deps.issuer}/oauth/token`, endpointUrl])];
  const payload = await verifySignatureAndClaims(assertion, keys, {
    algorithms: [...CLIENT_SIGNING_ALGS],
    issuer: app.id,
    subject: app.id,
    audience,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    currentDate: new Date(now),
  });
  const exp = payload.exp as number;
  if (exp > now / 1000 + MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw refused(
      `the client assertion expires more than ${MAX_ASSERTION_LIFETIME_SECONDS / 60} minutes from now; make exp at most that far ahead (a minute is usual)`,
    );
  }
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw refused('the client assertion needs a jti: a unique string, new for each assertion');
  }
  // RFC 7523 §3 item 7: a jti is used once; it is remembered until the assertion could not pass anyway.
  const until = (exp + CLOCK_TOLERANCE_SECONDS) * 1000;
  if (!(await deps.usedJtis.claim('client_assertion', app.id, jti, until, now))) {
    onReplay();
    throw refused(
      'this client assertion was already used (its jti was seen); sign a new one for each request',
    );
  }
}

/** RFC 8725 §3.1: the algorithm is checked against the allow-list before any key is looked up. */
function checkAlgorithm(assertion: string): void {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    throw refused('client_assertion is not a JWT');
  }
  if (!isClientSigningAlg(alg)) {
    throw refused(
      `the client assertion is signed with ${JSON.stringify(alg ?? null)}; sign it with ${CLIENT_SIGNING_ALGS.join(', ')} (client_secret_jwt and HS* are not accepted)`,
    );
  }
}

/** jwtVerify over a key set, trying each candidate when several keys match (no kid, same type). */
async function verifySignatureAndClaims(
  assertion: string,
  keys: JWTVerifyGetKey,
  options: JWTVerifyOptions,
): Promise<JWTPayload> {
  try {
    return (await jwtVerify(assertion, keys, options)).payload;
  } catch (error) {
    if (error instanceof joseErrors.JWKSMultipleMatchingKeys) {
      for await (const key of error as unknown as AsyncIterable<CryptoKey>) {
        try {
          return (await jwtVerify(assertion, key, options)).payload;
        } catch (inner) {
          if (!(inner instanceof joseErrors.JWSSignatureVerificationFailed)) throw explain(inner, options);
        }
      }
      throw explain(new joseErrors.JWSSignatureVerificationFailed(), options);
    }
    throw explain(error, options);
  }
}

/** jose's failures as invalid_client with what to fix. */
function explain(error: unknown, options: JWTVerifyOptions): OAuthError {
  if (error instanceof joseErrors.JWTExpired)
    return refused('the client assertion has expired; sign a new one');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return refused(
          `the client assertion's aud must name Keyward: ${(options.audience as string[]).slice(0, 2).join(' or ')}`,
        );
      case 'iss':
      case 'sub':
        return refused(
          `the client assertion's iss and sub must both be the client_id ${String(options.issuer)}`,
        );
      case 'nbf':
        return refused('the client assertion is not valid yet (nbf); check the client clock');
      default:
        return refused(`the client assertion's ${error.claim} claim is missing or invalid (${error.reason})`);
    }
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return refused("no key registered for this app matches the client assertion's kid and alg");
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return refused("the client assertion's signature does not verify with the app's registered keys");
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return refused("the app's keys could not be fetched from its jwksUri; ask its owners to check it");
  }
  if (error instanceof joseErrors.JOSEError) {
    return refused(`the client assertion could not be verified (${error.code})`);
  }
  // A jwks_uri that cannot be reached (fetch errors are not jose's), or answers something else than a JWKS.
  return refused("the app's keys could not be fetched from its jwksUri; ask its owners to check it");
}

function refused(description: string): OAuthError {
  return new OAuthError('invalid_client', description, 401);
}
