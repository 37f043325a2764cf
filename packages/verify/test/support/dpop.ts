// A client's DPoP key for tests: proofs signed with its public JWK in the header (RFC 9449 §4.2), and a
// DPoP-bound access token minted by a real Keyward for it.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { Keyward } from './keyward.js';

export interface DpopKey {
  jwk: JWK;
  jkt: string;
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
}

export async function dpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return {
    jwk,
    jkt: await calculateJwkThumbprint(jwk),
    sign: (claims, header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk, ...header })
        .sign(privateKey),
  };
}

/** base64url SHA-256 of an access token: a proof's `ath`. */
export async function ath(token: string): Promise<string> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))).toString(
    'base64url',
  );
}

/** A proof for one request with this token, made at `iatSeconds` (default now). */
export async function proofFor(
  key: DpopKey,
  token: string,
  method: string,
  url: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return key.sign({
    htm: method,
    htu: url,
    iat: Math.floor(Date.now() / 1000),
    jti: crypto.randomUUID(),
    ath: await ath(token),
    ...extra,
  });
}

/** client_credentials of Keyward's server app with a proof of `key`: a DPoP-bound access token. */
export async function boundToken(keyward: Keyward, key: DpopKey): Promise<string> {
  const tokenUrl = `${keyward.url}/oauth/token`;
  const iat = Math.floor(keyward.server.clock.now() / 1000);
  const credentials = `${keyward.serverApp.app.id}:${keyward.serverApp.secret}`;
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
      dpop: await key.sign({ htm: 'POST', htu: tokenUrl, iat, jti: crypto.randomUUID() }),
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token: string; token_type: string };
  if (body.token_type !== 'DPoP') throw new Error(`expected a DPoP-bound token: ${JSON.stringify(body)}`);
  return body.access_token;
}
