// Signing keys as resource servers see them: JWKS at every documented path, tokens that verify with jose,
// rotation that keeps old tokens verifiable, and discovery documents that list only what exists.
import { createLocalJWKSet, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/core/clock.js';
import { systemCaller } from '../src/core/principal.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function get(path: string) {
  const response = await server.app.inject({ method: 'GET', url: path });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

function sign(claims: Record<string, unknown> = {}) {
  const now = Math.floor(server.clock.now() / 1000);
  return server.container.keys.signJwt(
    { iss: server.config.issuer, sub: 'u1', iat: now, exp: now + 600, ...claims },
    'at+jwt',
  );
}

describe('JWKS', () => {
  it('serves the same key set at /oauth/jwks, CSP token-public-key?format=jwks and CSP auth/keys', async () => {
    const jwks = (await get('/oauth/jwks')).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const csp = (await get('/csp/gateway/am/api/auth/token-public-key?format=jwks')).json();
    expect(csp).toEqual({ alg: 'ES256', issuer: server.config.issuer, keys: jwks.keys });
    expect((await get('/csp/gateway/am/api/auth/keys')).json()).toEqual(jwks);
  });

  it('signs tokens that jose verifies against the CSP JWKS, with kid and typ at+jwt', async () => {
    const token = sign({ context_name: 'org-1' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const keys = createLocalJWKSet(
      (await get('/csp/gateway/am/api/auth/token-public-key?format=jwks')).json(),
    );
    const { payload } = await jwtVerify(token, keys, {
      issuer: server.config.issuer,
      algorithms: ['ES256'],
      currentDate: new Date(server.clock.now()),
    });
    expect(payload.context_name).toBe('org-1');
  });

  it('gives the PEM of the active key for format=pem and for old clients that send no format', async () => {
    for (const path of [
      '/csp/gateway/am/api/auth/token-public-key?format=pem',
      '/csp/gateway/am/api/auth/token-public-key',
    ]) {
      const body = (await get(path)).json();
      expect(body.value).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      const key = await importSPKI(body.value, 'ES256');
      await jwtVerify(sign(), key, { currentDate: new Date(server.clock.now()) });
    }
    const bad = await server.app.inject({
      method: 'GET',
      url: '/csp/gateway/am/api/auth/token-public-key?format=xml',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errorCode: 'request.invalid', statusCode: 400, moduleCode: 340 });
    expect(bad.headers['csp-request-id']).toBe(bad.json().requestId);
  });

  it('rotation: new tokens use the new key; old tokens still verify until retired keys age out', async () => {
    const before = sign();
    const rotated = await server.container.keys.rotate(systemCaller('test'), 'ES256');
    const after = sign();
    expect(decodeProtectedHeader(after).kid).toBe(rotated.kid);
    const keys = createLocalJWKSet((await get('/oauth/jwks')).json());
    const options = { currentDate: new Date(server.clock.now()) };
    await jwtVerify(before, keys, options);
    await jwtVerify(after, keys, options);

    server.clock.advance(25 * HOUR);
    await server.container.keys.reload();
    const later = (await get('/oauth/jwks')).json();
    expect(later.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.kid]);
    expect(await server.container.keys.pruneRetired()).toBe(1);
  });
});

describe('signing keys at rest', () => {
  it('stores the private key sealed with the server key, never in clear', async () => {
    const rows = await server.container.storage.db.kysely.selectFrom('signing_keys').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_enc).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(row.private_enc).not.toContain('PRIVATE KEY');
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
      const opened = server.container.serverKey.decrypt(row.private_enc, `signing-key:${row.kid}`).toString();
      expect(opened).toContain('BEGIN PRIVATE KEY');
      // Bound to its row: the same ciphertext does not open as another key's.
      expect(() => server.container.serverKey.decrypt(row.private_enc, 'signing-key:other')).toThrow();
    }
  });
});

describe.each(['RS256', 'EdDSA'] as const)('KEYWARD_SIGNING_ALG=%s', (alg) => {
  it('signs with that algorithm and publishes a matching key', async () => {
    const other = await startTestServer({ env: { KEYWARD_SIGNING_ALG: alg } });
    try {
      const jwks = (await other.app.inject({ method: 'GET', url: '/oauth/jwks' })).json();
      expect(jwks.keys[0]).toMatchObject({ alg, kty: alg === 'RS256' ? 'RSA' : 'OKP' });
      const now = Math.floor(other.clock.now() / 1000);
      const token = other.container.keys.signJwt({ sub: 'x', iat: now, exp: now + 60 }, 'JWT');
      await jwtVerify(token, createLocalJWKSet(jwks), {
        algorithms: [alg],
        currentDate: new Date(other.clock.now()),
      });
    } finally {
      await other.close();
    }
  });
});

describe('discovery', () => {
  it('lists the issuer and only endpoints that answer', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const document = (await get(path)).json();
      expect(document.issuer).toBe(server.config.issuer);
      expect(document.id_token_signing_alg_values_supported).toEqual(['ES256']);
      await expectEndpointsAnswer(document);
    }
  });

  it('serves the CSP document at both paths clients use', async () => {
    const withAuth = (await get('/csp/gateway/am/api/auth/.well-known/openid-configuration')).json();
    const without = (await get('/csp/gateway/am/api/.well-known/openid-configuration')).json();
    expect(withAuth).toEqual(without);
    expect(withAuth.jwks_uri).toBe(
      `${server.config.issuer}/csp/gateway/am/api/auth/token-public-key?format=jwks`,
    );
    await expectEndpointsAnswer(withAuth);
  });
});

/** Every `*_endpoint` and `jwks_uri` of a discovery document must be routed, for GET or POST. */
async function expectEndpointsAnswer(document: Record<string, unknown>): Promise<void> {
  const urls = Object.entries(document)
    .filter(([key]) => key.endsWith('_endpoint') || key === 'jwks_uri')
    .map(([, value]) => String(value));
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    const path = new URL(url).pathname;
    const routed = ['GET', 'POST'].some((method) =>
      server.app.hasRoute({ method: method as 'GET', url: path }),
    );
    expect(routed, `${path} is listed but not routed`).toBe(true);
  }
}
