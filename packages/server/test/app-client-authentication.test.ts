// How an app authenticates, through the management API: tokenEndpointAuthMethod with its public keys (inline
// jwks or jwksUri) set at creation or by an owner later, the checks on those keys, requireDpop, and the audit
// trail. The protocol side (assertions, DPoP proofs) is in private-key-jwt.test.ts and dpop.test.ts.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let owner: Session;
let developer: Session;
let orgId: string;
let apps: string;

/** The public half of a new key pair of the given kind, as a JWK. */
async function publicJwk(
  kind: 'ec' | 'rsa' | 'ed25519',
  options: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const pair = await promisify(generateKeyPair)(
    kind as 'ec',
    {
      namedCurve: 'P-256',
      modulusLength: 2048,
      ...options,
    } as never,
  );
  return (pair as unknown as { publicKey: import('node:crypto').KeyObject }).publicKey.export({
    format: 'jwk',
  }) as Record<string, string>;
}

beforeAll(async () => {
  server = await startTestServer();
  owner = await signIn(server.app, ADMIN.email, ADMIN.password);
  orgId = server.firstRun?.orgId as string;
  apps = `/api/v1/orgs/${orgId}/apps`;
  const email = 'developer@example.test';
  await server.container.users.create(operatorCaller(), { email, password: 'developer passphrase here' });
  await server.container.members.add(operatorCaller(), orgId, {
    email,
    orgRoles: ['org_member', 'developer'],
    serviceRoles: [],
  });
  developer = await signIn(server.app, email, 'developer passphrase here');
});
afterAll(async () => server.close());

const serverApp = (extra: Record<string, unknown> = {}) => ({
  type: 'server',
  name: 'Ledger sync',
  scopes: { orgRoles: ['org_member'] },
  ...extra,
});

describe('at creation', () => {
  it('a private_key_jwt app is created with its keys and no secret; others default to client_secret_basic', async () => {
    const jwk = await publicJwk('ec');
    const signing = await call(
      server.app,
      developer,
      'POST',
      apps,
      serverApp({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [{ ...jwk, kid: 'k1' }] } }),
    );
    expect(signing.statusCode, signing.body).toBe(201);
    expect(signing.json()).toMatchObject({
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [{ kid: 'k1', kty: 'EC', crv: 'P-256' }] },
      jwksUri: null,
      requireDpop: false,
    });
    expect(signing.json().secret).toBeUndefined();

    const plain = await call(server.app, developer, 'POST', apps, serverApp());
    expect(plain.json()).toMatchObject({ tokenEndpointAuthMethod: 'client_secret_basic', jwks: null });
    expect(plain.json().secret).toMatch(/^kws/);
    const native = await call(server.app, developer, 'POST', apps, {
      type: 'native',
      name: 'CLI',
      redirectUris: ['http://127.0.0.1/cb'],
      scopes: { allRoles: false, orgRoles: ['org_member'] },
    });
    expect(native.json()).toMatchObject({ tokenEndpointAuthMethod: 'none', publicClient: true });
  });

  it('refuses private_key_jwt without keys, keys both inline and by URL, and keys for a native app', async () => {
    const jwk = await publicJwk('ec');
    expectError(
      await call(
        server.app,
        developer,
        'POST',
        apps,
        serverApp({ tokenEndpointAuthMethod: 'private_key_jwt' }),
      ),
      400,
      'app.invalid_keys',
    );
    expectError(
      await call(
        server.app,
        developer,
        'POST',
        apps,
        serverApp({ jwks: { keys: [jwk] }, jwksUri: 'https://keys.example.com/jwks.json' }),
      ),
      400,
      'app.invalid_keys',
    );
    expectError(
      await call(server.app, developer, 'POST', apps, {
        type: 'native',
        name: 'CLI',
        redirectUris: ['http://127.0.0.1/cb'],
        scopes: { orgRoles: ['org_member'] },
        jwks: { keys: [jwk] },
      }),
      400,
      'app.public_client',
    );
  });
});

describe('the keys', () => {
  const refusedKeys = async (keys: unknown[], message: RegExp) => {
    const response = await call(
      server.app,
      developer,
      'POST',
      apps,
      serverApp({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys } }),
    );
    expectError(response, 400, 'app.invalid_keys');
    expect(response.json().message).toMatch(message);
  };

  it('takes RSA, EC P-256 and Ed25519 public keys', async () => {
    const keys = [await publicJwk('rsa'), await publicJwk('ec'), await publicJwk('ed25519')];
    const response = await call(
      server.app,
      developer,
      'POST',
      apps,
      serverApp({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys } }),
    );
    expect(response.statusCode, response.body).toBe(201);
  });

  it('refuses a private key, a small RSA key, another curve, a symmetric key, a wrong alg and duplicate kids', async () => {
    const ec = await publicJwk('ec');
    await refusedKeys([{ ...ec, d: 'c2VjcmV0' }], /private key material \("d"\)/);
    await refusedKeys([await publicJwk('rsa', { modulusLength: 1024 })], /1024 bits/);
    await refusedKeys([await publicJwk('ec', { namedCurve: 'P-384' })], /EC P-384 key/);
    // A symmetric key is not even a key type the schema takes.
    expectError(
      await call(
        server.app,
        developer,
        'POST',
        apps,
        serverApp({
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] },
        }),
      ),
      400,
      'request.invalid',
    );
    await refusedKeys([{ ...ec, alg: 'HS256' }], /names alg HS256/);
    await refusedKeys([{ ...ec, alg: 'RS256' }], /names alg RS256/);
    await refusedKeys(
      [
        { ...ec, kid: 'same' },
        { ...(await publicJwk('ec')), kid: 'same' },
      ],
      /two keys have kid same/,
    );
    await refusedKeys([{ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }], /not a valid EC public key/);
  });

  it('refuses a jwksUri that is not https, or carries credentials (plain http only to loopback in development)', async () => {
    const refusedUri = async (jwksUri: string) =>
      expectError(
        await call(
          server.app,
          developer,
          'POST',
          apps,
          serverApp({ tokenEndpointAuthMethod: 'private_key_jwt', jwksUri }),
        ),
        400,
        'app.invalid_keys',
      );
    await refusedUri('http://keys.example.com/jwks.json');
    await refusedUri('https://user:pw@keys.example.com/jwks.json');
    await refusedUri('https://keys.example.com/jwks.json#frag');
    const https = await call(
      server.app,
      developer,
      'POST',
      apps,
      serverApp({
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwksUri: 'https://keys.example.com/jwks.json',
      }),
    );
    expect(https.json()).toMatchObject({ jwksUri: 'https://keys.example.com/jwks.json', jwks: null });
    // This test server's issuer is http on loopback, as in development: a loopback jwksUri is accepted.
    const loopback = await call(
      server.app,
      developer,
      'POST',
      apps,
      serverApp({ tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'http://127.0.0.1:9/jwks.json' }),
    );
    expect(loopback.statusCode, loopback.body).toBe(201);
  });
});

describe('changing how an app authenticates', () => {
  it('is for owners: a developer gets 403; the owner switches to private_key_jwt and back, audited', async () => {
    const created = await call(server.app, developer, 'POST', apps, serverApp());
    const { id } = created.json() as { id: string };
    const url = `${apps}/${id}/client-authentication`;
    const jwk = { ...(await publicJwk('ec')), kid: 'ledger-2026' };
    const body = { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [jwk] } };
    expectError(await call(server.app, developer, 'PUT', url, body), 403, 'auth.forbidden');
    const switched = await call(server.app, owner, 'PUT', url, body);
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json()).toMatchObject({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: body.jwks });
    const back = await call(server.app, owner, 'PUT', url, { tokenEndpointAuthMethod: 'client_secret_post' });
    expect(back.json()).toMatchObject({
      tokenEndpointAuthMethod: 'client_secret_post',
      jwks: null,
      jwksUri: null,
    });

    const events = (await call(server.app, owner, 'GET', `/api/v1/orgs/${orgId}/audit-events`)).json()
      .results as { action: string; target: { id: string }; details: Record<string, unknown> }[];
    const changes = events.filter(
      (e) => e.target.id === id && e.action === 'app.client_authentication_changed',
    );
    expect(changes.map((e) => e.details)).toEqual([
      expect.objectContaining({
        tokenEndpointAuthMethod: 'client_secret_post',
        previousMethod: 'private_key_jwt',
      }),
      expect.objectContaining({ tokenEndpointAuthMethod: 'private_key_jwt', keys: ['ledger-2026'] }),
    ]);
  });

  it('a native app has no method to set: 400 app.public_client', async () => {
    const native = await call(server.app, owner, 'POST', apps, {
      type: 'native',
      name: 'CLI',
      redirectUris: ['http://127.0.0.1/cb'],
      scopes: { orgRoles: ['org_member'] },
    });
    expectError(
      await call(server.app, owner, 'PUT', `${apps}/${native.json().id}/client-authentication`, {
        tokenEndpointAuthMethod: 'client_secret_basic',
      }),
      400,
      'app.public_client',
    );
  });

  it('requireDpop is set at creation or with PATCH by those who manage apps', async () => {
    const created = await call(server.app, developer, 'POST', apps, serverApp({ requireDpop: true }));
    expect(created.json().requireDpop).toBe(true);
    const patched = await call(server.app, developer, 'PATCH', `${apps}/${created.json().id}`, {
      requireDpop: false,
    });
    expect(patched.json().requireDpop).toBe(false);
  });
});
