import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey as JoseKey,
  type JWK,
} from 'jose';
import { GatewayConfigError } from './config.js';

/** The gateway's own signing key (ES256), for the identity JWTs it forwards, and the public keys it publishes. */
export interface SigningKeys {
  kid: string;
  alg: 'ES256';
  privateKey: JoseKey | Uint8Array;
  /** The JWKS served at /.well-known/keyward-gateway/jwks.json: the current key, then any still published. */
  jwks: { keys: JWK[] };
}

/**
 * Reads the key from `file`, or makes one there on first start (mode 0600, never overwritten). Several gateway
 * instances behind one name share the file (a mounted secret), so an upstream sees one key whatever instance
 * answered. `alsoPublish`: older key files whose public half stays in the JWKS during a rotation.
 */
export async function loadSigningKeys(
  file: string,
  alsoPublish: readonly string[] = [],
): Promise<SigningKeys> {
  let jwk = readKeyFile(file);
  if (jwk === undefined) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const generated = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' };
    generated.kid = await calculateJwkThumbprint(generated);
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${JSON.stringify(generated)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another instance made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    jwk = readKeyFile(file);
  }
  if (jwk === undefined) throw new GatewayConfigError(`${file}: the signing key could not be written`);
  const current = await publicOf(jwk, file, true);
  const published = [current];
  for (const other of alsoPublish) {
    const old = readKeyFile(other);
    if (old === undefined) throw new GatewayConfigError(`signingKey.alsoPublish: ${other} does not exist`);
    const key = await publicOf(old, other, false);
    if (!published.some((k) => k.kid === key.kid)) published.push(key);
  }
  return {
    kid: current.kid as string,
    alg: 'ES256',
    privateKey: await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'),
    jwks: { keys: published },
  };
}

function readKeyFile(file: string): (JWK & { d?: string }) | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatewayConfigError(`${file}: the signing key cannot be read (${(error as Error).message})`);
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new GatewayConfigError(`${file}: the signing key is readable by other users; chmod 600 it`);
  }
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new GatewayConfigError(`${file}: not a JSON Web Key`);
  }
}

async function publicOf(jwk: JWK, file: string, mustBePrivate: boolean): Promise<JWK> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || (mustBePrivate && typeof jwk.d !== 'string')) {
    throw new GatewayConfigError(
      `${file}: the signing key must be a${mustBePrivate ? ' private' : 'n'} EC P-256 JWK (ES256)`,
    );
  }
  const { kty, crv, x, y } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint({ kty, crv, x, y } as JWK));
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' } as JWK;
}
