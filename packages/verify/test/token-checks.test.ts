// RFC 9068 §4 against a real Keyward: what the verifier refuses, and why (`reason`), with tokens Keyward mints
// and tokens forged around it (wrong issuer, audience, type, algorithm, key, times, claims).
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type InvalidTokenReason, type Verifier, VerifyError } from '../src/index.js';
import { type Keyward, keywardLikeClaims, startKeyward } from './support/keyward.js';

let keyward: Keyward;
let verifier: Verifier;
let kid: string;

beforeAll(async () => {
  keyward = await startKeyward();
  // Keyward's clock is frozen in tests; the verifier reads the same one, so time checks are exact.
  verifier = createVerifier({
    issuer: keyward.url,
    audience: 'billing',
    now: () => keyward.server.clock.now(),
  });
  kid = decodeProtectedHeader(keyward.sign(keywardLikeClaims(keyward))).kid as string;
});
afterAll(async () => keyward.close());

async function expectRefused(token: string, reason: InvalidTokenReason, message?: RegExp, by = verifier) {
  const error = await by.verify(token).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VerifyError);
  expect(error).toMatchObject({ code: 'token_invalid', reason, status: 401 });
  if (message) expect((error as VerifyError).message).toMatch(message);
}

const now = () => Math.floor(keyward.server.clock.now() / 1000);
const unsigned = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

describe('accepted', () => {
  it('Keyward tokens, with typ at+jwt or application/at+jwt, and an audience given as a list', async () => {
    const { accessToken } = await keyward.apiTokenAccess();
    await expect(verifier.verify(accessToken)).resolves.toMatchObject({ kind: 'user' });
    const long = keyward.sign(keywardLikeClaims(keyward), 'application/at+jwt');
    await expect(verifier.verify(long)).resolves.toMatchObject({ permissions: ['billing:read'] });
    const listed = createVerifier({ issuer: keyward.url, audience: ['payments', 'billing'] });
    await expect(listed.verify(accessToken)).resolves.toMatchObject({ kind: 'user' });
  });

  it('exp within the leeway (5 s by default), and any aud when no audience is configured', async () => {
    await expect(
      verifier.verify(keyward.sign(keywardLikeClaims(keyward, { exp: now() - 3 }))),
    ).resolves.toBeDefined();
    const anyAudience = createVerifier({ issuer: keyward.url, now: () => keyward.server.clock.now() });
    await expect(
      anyAudience.verify(keyward.sign(keywardLikeClaims(keyward, { aud: keyward.url }))),
    ).resolves.toBeDefined();
  });
});

describe('refused', () => {
  it('typ: an ID token of the same Keyward, or any JWT not typed at+jwt', async () => {
    const { idToken } = await keyward.authorizationCodeAccess();
    await expectRefused(idToken, 'typ', /not at\+jwt/);
    await expectRefused(keyward.sign(keywardLikeClaims(keyward), 'JWT'), 'typ');
  });

  it('iss: a token Keyward signed for another issuer; the issuer must match exactly', async () => {
    await expectRefused(
      keyward.sign(keywardLikeClaims(keyward, { iss: 'https://elsewhere.test' })),
      'issuer',
    );
    await expectRefused(keyward.sign(keywardLikeClaims(keyward, { iss: `${keyward.url}/` })), 'issuer');
  });

  it('aud: a real token whose audience does not name this service', async () => {
    const payments = createVerifier({ issuer: keyward.url, audience: 'payments' });
    await expectRefused(
      (await keyward.apiTokenAccess()).accessToken,
      'audience',
      /not meant for this service/,
      payments,
    );
  });

  it('alg: none, HS256 keyed with the public key, and an algorithm other than the key declares', async () => {
    const claims = keywardLikeClaims(keyward);
    await expectRefused(unsigned({ alg: 'none', typ: 'at+jwt', kid }, claims), 'alg');
    const jwks = await (await fetch(`${keyward.url}/oauth/jwks`)).text();
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(jwks));
    await expectRefused(hs256, 'alg');
    const rsa = await generateKeyPair('RS256');
    const rs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .sign(rsa.privateKey);
    await expectRefused(rs256, 'alg', /is for ES256/);
  });

  it('signature: a foreign key claiming Keyward kid, and a tampered payload', async () => {
    const foreign = await generateKeyPair('ES256');
    const claims = keywardLikeClaims(keyward);
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
      .sign(foreign.privateKey);
    await expectRefused(forged, 'signature');
    const [header, , signature] = keyward.sign(claims).split('.');
    const raised = Buffer.from(JSON.stringify({ ...claims, perms: ['csp:org_owner'] })).toString('base64url');
    await expectRefused(`${header}.${raised}.${signature}`, 'signature');
  });

  it('exp beyond the leeway, and nbf in the future', async () => {
    await expectRefused(keyward.sign(keywardLikeClaims(keyward, { exp: now() - 10 })), 'expired', /expired/);
    await expectRefused(keyward.sign(keywardLikeClaims(keyward, { nbf: now() + 60 })), 'not_yet_valid');
    const later = createVerifier({ issuer: keyward.url, now: () => Date.now() + 31 * 60_000 });
    await expectRefused((await keyward.apiTokenAccess()).accessToken, 'expired', undefined, later);
  });

  it('claims: RFC 9068 required claims and Keyward claims; a bound token without its proof', async () => {
    for (const missing of ['jti', 'client_id', 'iat', 'sub']) {
      await expectRefused(
        keyward.sign(keywardLikeClaims(keyward, { [missing]: undefined })),
        'claims',
        new RegExp(missing),
      );
    }
    await expectRefused(
      keyward.sign(keywardLikeClaims(keyward, { perms: 'billing:read' })),
      'claims',
      /perms/,
    );
    await expectRefused(keyward.sign(keywardLikeClaims(keyward, { cred: undefined })), 'claims', /cred/);
    await expectRefused(
      keyward.sign(keywardLikeClaims(keyward, { context_name: 7 })),
      'claims',
      /context_name/,
    );
    await expectRefused(
      keyward.sign(keywardLikeClaims(keyward, { cred: { type: 'consumer_key', id: '1' } })),
      'claims',
      /upgrade/,
    );
    await expectRefused(
      keyward.sign(keywardLikeClaims(keyward, { cnf: { jkt: 'x' } })),
      'dpop_required',
      /Authorization: DPoP/,
    );
    await expectRefused(keyward.sign(keywardLikeClaims(keyward, { cnf: { x5t: 'x' } })), 'claims', /cnf/);
  });

  it('malformed input and unknown keys', async () => {
    await expectRefused('not-a-jwt', 'malformed');
    await expectRefused('a'.repeat(20_000), 'malformed');
    const foreign = await generateKeyPair('ES256');
    const noKid = await new SignJWT(keywardLikeClaims(keyward))
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
      .sign(foreign.privateKey);
    await expectRefused(noKid, 'malformed', /no kid/);
    const unknown = await new SignJWT(keywardLikeClaims(keyward))
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'not-a-keyward-key' })
      .sign(foreign.privateKey);
    await expectRefused(unknown, 'unknown_key', /does not publish/);
  });
});

describe('configuration', () => {
  it('refuses plain http except to loopback, and symmetric or empty algorithm lists', () => {
    expect(() => createVerifier({ issuer: 'http://id.example.test' })).toThrow(/https/);
    expect(() => createVerifier({ issuer: 'http://id.example.test', allowInsecureHttp: true })).not.toThrow();
    expect(() => createVerifier({ issuer: keyward.url, algorithms: ['HS256'] })).toThrow(/HS256/);
    expect(() => createVerifier({ issuer: keyward.url, algorithms: ['none'] })).toThrow(TypeError);
    expect(() => createVerifier({ issuer: keyward.url, algorithms: [] })).toThrow(TypeError);
    expect(() => createVerifier({ issuer: keyward.url, audience: [] })).toThrow(TypeError);
  });

  it('an issuer that differs from the discovery document by a character fails with the reason', async () => {
    const slash = createVerifier({ issuer: `${keyward.url}/` });
    const error = await slash.ready().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'keys_unavailable', status: 503 });
    expect((error as Error).message).toMatch(/names the issuer "http:\/\/127\.0\.0\.1:\d+", not http/);
  });

  it('an allow-list keeps out keys of other algorithms', async () => {
    const rsaOnly = createVerifier({ issuer: keyward.url, algorithms: ['RS256'] });
    const error = await rsaOnly
      .verify((await keyward.apiTokenAccess()).accessToken)
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'keys_unavailable' });
    expect((error as Error).message).toMatch(/no signing key this verifier can use/);
  });
});
