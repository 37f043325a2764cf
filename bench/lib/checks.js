// Checks of sampled responses, shared by the scenarios: a JWT access token is verified with jose against the
// JWKS the server publishes, as a resource server would.
import { createLocalJWKSet, jwtVerify } from 'jose';

/** A verifier for tokens of the server at `origin`, with its JWKS fetched once. */
export async function tokenVerifier(origin, jwksPath) {
  const response = await fetch(new URL(jwksPath, origin));
  if (!response.ok) throw new Error(`GET ${jwksPath}: ${response.status}`);
  const jwks = createLocalJWKSet(await response.json());
  /** The verified claims, or throws with the reason. */
  return async (token) => {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: origin,
      algorithms: ['ES256'],
      typ: 'at+jwt',
    });
    return payload;
  };
}

/** Null when every expected claim has the expected value, else what differs. */
export function claimMismatch(claims, expected) {
  for (const [name, value] of Object.entries(expected)) {
    if (claims[name] !== value) return `claim ${name} is ${JSON.stringify(claims[name])}, expected ${value}`;
  }
  return null;
}

/** Form-urlencoded body, as every OAuth client sends. */
export const form = (fields) => new URLSearchParams(fields).toString();

export const FORM = 'application/x-www-form-urlencoded';

export const basic = (id, secret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** Round-robin over a pool of credentials. */
export function cycle(pool) {
  let index = 0;
  return () => {
    const item = pool[index];
    index = (index + 1) % pool.length;
    return item;
  };
}

/** Access tokens minted from the API tokens of `fixtures` on the Keyward at `origin`, with their owners. */
export async function mintAccessTokens(origin, apiTokens, count) {
  const minted = [];
  for (const token of apiTokens.slice(0, count)) {
    const response = await fetch(new URL('/csp/gateway/am/api/auth/api-tokens/authorize', origin), {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: form({ api_token: token.value }),
    });
    if (!response.ok) throw new Error(`API-token exchange for the pool: ${response.status}`);
    const { access_token } = await response.json();
    minted.push({ accessToken: access_token, userId: token.userId, orgId: token.orgId });
  }
  return minted;
}
