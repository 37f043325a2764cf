import { type CryptoKey, calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { ApiError } from '../core/errors.js';
import type { AppType, OAuthApp, PublicJwks, TokenEndpointAuthMethod } from './store.js';

/**
 * Algorithms Keyward accepts for JWTs a client signs — client assertions (RFC 7523) and DPoP proofs
 * (RFC 9449): asymmetric only. `none` and HMAC (`HS*`) never: an HMAC key would be a shared secret, and
 * `client_secret_jwt` is not offered. Ed25519 keys sign as `EdDSA` or, fully specified (RFC 9864), `Ed25519`.
 */
export const CLIENT_SIGNING_ALGS = ['ES256', 'PS256', 'RS256', 'EdDSA', 'Ed25519'] as const;
export type ClientSigningAlg = (typeof CLIENT_SIGNING_ALGS)[number];

/** The algorithms a key of each type (and curve) may sign with, among those accepted. */
const ALGS_BY_KEY: Record<string, readonly ClientSigningAlg[]> = {
  RSA: ['RS256', 'PS256'],
  'EC:P-256': ['ES256'],
  'OKP:Ed25519': ['EdDSA', 'Ed25519'],
};
/** JWK members that hold private or symmetric key material (RFC 7518 §6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_KEYS = 10;
const MIN_RSA_BITS = 2048;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isClientSigningAlg(alg: unknown): alg is ClientSigningAlg {
  return typeof alg === 'string' && (CLIENT_SIGNING_ALGS as readonly string[]).includes(alg);
}

/**
 * Checks a JWKS an app registers for private_key_jwt: 1–10 public signing keys (RSA of 2048 bits or more,
 * EC P-256, Ed25519), none holding private material, each usable with an accepted algorithm (its `alg`, when
 * given, among them), distinct `kid`s. Returns the set as given; `app.invalid_keys` names the first problem.
 */
export async function checkPublicJwks(jwks: PublicJwks): Promise<PublicJwks> {
  if (jwks.keys.length === 0 || jwks.keys.length > MAX_KEYS) {
    throw invalidKeys(`a JWKS holds 1 to ${MAX_KEYS} keys; this one holds ${jwks.keys.length}`);
  }
  const kids = new Set<string>();
  for (const [index, jwk] of jwks.keys.entries()) {
    const name = `key ${index + 1}${typeof jwk.kid === 'string' ? ` (kid ${jwk.kid})` : ''}`;
    const secret = PRIVATE_MEMBERS.find((member) => member in jwk);
    if (secret !== undefined) {
      throw invalidKeys(
        `${name} holds private key material ("${secret}"): register the public key only, and keep the private key with the app`,
      );
    }
    const algs = ALGS_BY_KEY[jwk.kty === 'RSA' ? 'RSA' : `${jwk.kty}:${jwk.crv}`];
    if (algs === undefined) {
      throw invalidKeys(
        `${name} is a ${jwk.kty}${jwk.crv ? ` ${jwk.crv}` : ''} key; use RSA (2048 bits or more), EC P-256 or OKP Ed25519`,
      );
    }
    if (jwk.alg !== undefined && !algs.includes(jwk.alg as ClientSigningAlg)) {
      throw invalidKeys(`${name} names alg ${jwk.alg}; a key of its type signs with ${algs.join(' or ')}`);
    }
    if (jwk.use !== undefined && jwk.use !== 'sig') {
      throw invalidKeys(`${name} is for "use": "${jwk.use}"; register signing keys ("use": "sig")`);
    }
    if (jwk.kid !== undefined) {
      if (kids.has(jwk.kid)) throw invalidKeys(`two keys have kid ${jwk.kid}; each kid names one key`);
      kids.add(jwk.kid);
    }
    await importKey(jwk, (jwk.alg as ClientSigningAlg | undefined) ?? (algs[0] as ClientSigningAlg), name);
  }
  return jwks;
}

async function importKey(jwk: JWK, alg: ClientSigningAlg, name: string): Promise<void> {
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK(jwk, alg);
  } catch (error) {
    throw invalidKeys(`${name} is not a valid ${jwk.kty} public key (${(error as Error).message})`);
  }
  if (key instanceof Uint8Array || key.type !== 'public') throw invalidKeys(`${name} is not a public key`);
  const bits = (key.algorithm as { modulusLength?: number }).modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    throw invalidKeys(`${name} is an RSA key of ${bits} bits; use ${MIN_RSA_BITS} bits or more`);
  }
}

/**
 * Checks where an app publishes its keys: an absolute https URL without credentials or fragment. Plain http is
 * accepted only for a loopback host, and only when Keyward itself runs on a loopback http issuer (development
 * and tests): elsewhere keys fetched over plain http could be swapped on the way, and a loopback URL would have
 * Keyward query services on its own machine.
 */
export function checkJwksUri(uri: string, issuer: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalidKeys(`jwksUri ${uri.slice(0, 100)} is not an absolute URL`);
  }
  if (url.username || url.password) throw invalidKeys('jwksUri must not carry a user name or password');
  if (url.hash) throw invalidKeys('jwksUri must not have a fragment');
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && allowsLoopbackHttp(issuer)) {
    return url.href;
  }
  throw invalidKeys(
    url.protocol === 'http:'
      ? `jwksUri must be https (plain http only to a loopback address while Keyward itself runs on one): ${url.host}`
      : `jwksUri must be an https URL, not ${url.protocol}`,
  );
}

/** Whether this Keyward is a development one (an http issuer, which KEYWARD_ISSUER allows only on loopback). */
export function allowsLoopbackHttp(issuer: string): boolean {
  return issuer.startsWith('http:');
}

function invalidKeys(message: string): ApiError {
  return new ApiError('app.invalid_keys', message);
}

/** How an app authenticates, as a request sets it: the method, and its keys inline or by URL. */
export interface ClientAuthenticationInput {
  tokenEndpointAuthMethod?: Exclude<TokenEndpointAuthMethod, 'none'> | undefined;
  jwks?: PublicJwks | undefined;
  jwksUri?: string | undefined;
}

export type ClientAuthentication = Pick<OAuthApp, 'tokenEndpointAuthMethod' | 'jwks' | 'jwksUri'>;

/**
 * The authentication settings of an app of `type`: native apps are public and have none; others use their
 * secret (client_secret_basic by default) or private_key_jwt, which needs keys — inline or by URL, not both.
 * Keys may be registered under a secret method too, to prepare a switch. `app.invalid_keys` otherwise.
 */
export async function settleClientAuthentication(
  type: AppType,
  input: ClientAuthenticationInput,
  issuer: string,
): Promise<ClientAuthentication> {
  if (type === 'native') {
    if (
      input.tokenEndpointAuthMethod !== undefined ||
      input.jwks !== undefined ||
      input.jwksUri !== undefined
    ) {
      throw new ApiError(
        'app.public_client',
        'a native app is a public client: it has no secret and no keys, and identifies itself by its client_id alone (RFC 8252 §8.4)',
      );
    }
    return { tokenEndpointAuthMethod: 'none', jwks: null, jwksUri: null };
  }
  if (input.jwks !== undefined && input.jwksUri !== undefined) {
    throw invalidKeys('give the keys inline (jwks) or by URL (jwksUri), not both');
  }
  const method = input.tokenEndpointAuthMethod ?? 'client_secret_basic';
  if (method === 'private_key_jwt' && input.jwks === undefined && input.jwksUri === undefined) {
    throw invalidKeys(
      'private_key_jwt needs the public keys the app signs its assertions with: give jwks, or jwksUri',
    );
  }
  return {
    tokenEndpointAuthMethod: method,
    jwks: input.jwks === undefined ? null : await checkPublicJwks(input.jwks),
    jwksUri: input.jwksUri === undefined ? null : checkJwksUri(input.jwksUri, issuer),
  };
}

/** What the audit trail keeps of an app's keys: their kids, or RFC 7638 thumbprints for keys without one. */
export async function describeKeys(jwks: PublicJwks | null): Promise<string[]> {
  if (jwks === null) return [];
  return Promise.all(jwks.keys.map(async (jwk) => jwk.kid ?? (await calculateJwkThumbprint(jwk))));
}
