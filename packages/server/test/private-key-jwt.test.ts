// private_key_jwt client authentication (RFC 7523 §2.2, OIDC Core §9) as a client library nobody here wrote
// does it — oauth4webapi's PrivateKeyJwt — over real HTTP: keys registered inline or published at a jwks_uri,
// at the token, introspection and revocation endpoints; and what is refused (a replayed assertion, another
// audience, HS256, a secret from an app that signs, an assertion from an app that uses its secret).
import { createServer, type Server } from 'node:http';
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublicJwks } from '../src/apps/store.js';
import { systemCaller } from '../src/core/principal.js';
import { startListeningServer, type TestServer } from './support/server.js';

const insecure = { [oauth.allowInsecureRequests]: true };
const system = systemCaller('test');

let server: TestServer & { url: string };
let orgId: string;
let as: oauth.AuthorizationServer;
let jwksServer: Server;
let jwksUrl: string;
/** What the app at jwksUrl publishes. */
let published: PublicJwks = { keys: [] };

/** A key pair as a client holds it, and its public half as a JWK. */
async function keyPair(alg: 'ES256' | 'PS256' | 'EdDSA', kid?: string) {
  const pair = await oauth.generateKeyPair(alg, { extractable: true });
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as Record<string, unknown>;
  delete jwk.key_ops;
  delete jwk.ext;
  return {
    privateKey: pair.privateKey,
    jwk: { ...jwk, ...(kid ? { kid } : {}) } as PublicJwks['keys'][number],
  };
}

/** A server app in the first-run org that authenticates with private_key_jwt and the given keys. */
async function signingApp(keys: { jwks: PublicJwks } | { jwksUri: string }) {
  const { app } = await server.container.apps.create(system, orgId, {
    type: 'server',
    name: 'Signing sync',
    scopes: { orgRoles: ['org_member'] },
    tokenEndpointAuthMethod: 'private_key_jwt',
    ...keys,
  });
  return app;
}

async function clientCredentials(
  clientId: string,
  auth: oauth.ClientAuth,
): Promise<oauth.TokenEndpointResponse> {
  const client: oauth.Client = { client_id: clientId };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    auth,
    new URLSearchParams({ orgId }),
    insecure,
  );
  return oauth.processClientCredentialsResponse(as, client, response);
}

/** The OAuth error a refused request carried (with a Basic challenge when the client used Basic). */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ error: string; description: string; status: number }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const body = (await error.response.json()) as { error: string; error_description: string };
    return { error: body.error, description: body.error_description, status: error.status };
  }
  expect(error).toBeInstanceOf(oauth.ResponseBodyError);
  const body = error as oauth.ResponseBodyError;
  return { error: body.error, description: body.error_description ?? '', status: body.status };
}

beforeAll(async () => {
  server = await startListeningServer();
  orgId = server.firstRun?.orgId as string;
  const issuer = new URL(server.url);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  // The app's own web server, publishing its public keys.
  jwksServer = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(published));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as { port: number }).port}/jwks.json`;
});

// Clients sign with the real time; the server's clock keeps up with it (it does not tick by itself).
beforeEach(() => server.clock.set(Date.now()));

afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
  await server.close();
});

describe('discovery', () => {
  it('lists private_key_jwt with its signing algorithms at every endpoint that authenticates clients', () => {
    expect(as.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.token_endpoint_auth_methods_supported).not.toContain('client_secret_jwt');
    expect(as.token_endpoint_auth_signing_alg_values_supported).toEqual([
      'ES256',
      'PS256',
      'RS256',
      'EdDSA',
      'Ed25519',
    ]);
    expect(as.introspection_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.revocation_endpoint_auth_methods_supported).toContain('private_key_jwt');
  });
});

describe('accepted', () => {
  it('client_credentials with keys registered inline (ES256), and the token works at Keyward’s API', async () => {
    const { privateKey, jwk } = await keyPair('ES256', 'sync-1');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const tokens = await clientCredentials(app.id, oauth.PrivateKeyJwt({ key: privateKey, kid: 'sync-1' }));
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: app.id, context_name: orgId });
    const org = await fetch(`${server.url}/api/v1/orgs/${orgId}`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(org.status).toBe(200);
  });

  it('client_credentials with keys published at a jwks_uri (PS256 and Ed25519 keys, no kid)', async () => {
    const rsa = await keyPair('PS256');
    const ed = await keyPair('EdDSA');
    published = { keys: [rsa.jwk, ed.jwk] };
    const app = await signingApp({ jwksUri: jwksUrl });
    for (const { privateKey } of [rsa, ed]) {
      const tokens = await clientCredentials(app.id, oauth.PrivateKeyJwt(privateKey));
      expect(decodeJwt(tokens.access_token).sub).toBe(app.id);
    }
  });

  it('an assertion whose aud is the token endpoint URL, as OIDC Core §9 suggests', async () => {
    const { privateKey, jwk } = await keyPair('ES256');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const auth = oauth.PrivateKeyJwt(privateKey, {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.aud = `${server.url}/oauth/token`;
      },
    });
    await expect(clientCredentials(app.id, auth)).resolves.toMatchObject({ token_type: 'bearer' });
  });

  it('introspection and revocation authenticate the client with private_key_jwt too', async () => {
    const { privateKey, jwk } = await keyPair('ES256');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const client: oauth.Client = { client_id: app.id };
    const auth = oauth.PrivateKeyJwt(privateKey);
    const tokens = await clientCredentials(app.id, auth);
    const look = async () =>
      oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure),
      );
    expect((await look()).active).toBe(true);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure),
    );
    expect((await look()).active).toBe(false);
  });
});

describe('refused', () => {
  it('a replayed assertion (same jti): invalid_client, recorded in the audit trail', async () => {
    const { privateKey, jwk } = await keyPair('ES256');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const auth = oauth.PrivateKeyJwt(privateKey, {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.jti = 'the-same-every-time';
      },
    });
    await clientCredentials(app.id, auth);
    const replay = await refusal(clientCredentials(app.id, auth));
    expect(replay).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(replay.description).toMatch(/already used/);
    await server.container.background.flush();
    const events = await server.container.storage.stores.audit.list(
      { pageStart: 1, pageLimit: 50 },
      { orgId, action: 'oauth.client_assertion_replayed' },
    );
    expect(events.items.map((event) => event.target.id)).toContain(app.id);
  });

  it('an assertion for another audience', async () => {
    const { privateKey, jwk } = await keyPair('ES256');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const auth = oauth.PrivateKeyJwt(privateKey, {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.aud = 'https://another-server.example.com';
      },
    });
    const refused = await refusal(clientCredentials(app.id, auth));
    expect(refused).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(refused.description).toMatch(/aud must name Keyward/);
  });

  it('an assertion signed with HS256 (client_secret_jwt is not offered)', async () => {
    const { jwk } = await keyPair('ES256');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const refused = await refusal(
      clientCredentials(app.id, oauth.ClientSecretJwt('a shared secret of the app')),
    );
    expect(refused).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(refused.description).toMatch(/HS256/);
  });

  it('an assertion signed by a key the app did not register, or valid for more than an hour', async () => {
    const { jwk } = await keyPair('ES256');
    const stranger = await keyPair('ES256');
    const app = await signingApp({ jwks: { keys: [jwk] } });
    const wrongKey = await refusal(clientCredentials(app.id, oauth.PrivateKeyJwt(stranger.privateKey)));
    expect(wrongKey.description).toMatch(/signature does not verify/);
    const own = await keyPair('ES256');
    const longLived = await signingApp({ jwks: { keys: [own.jwk] } });
    const auth = oauth.PrivateKeyJwt(own.privateKey, {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.exp = Math.floor(Date.now() / 1000) + 24 * 3600;
      },
    });
    expect((await refusal(clientCredentials(longLived.id, auth))).description).toMatch(
      /more than 60 minutes/,
    );
  });

  it('a secret from an app set to private_key_jwt, though it still has one', async () => {
    const { app, secret } = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Switching sync',
      scopes: { orgRoles: ['org_member'] },
    });
    const { privateKey, jwk } = await keyPair('ES256');
    await clientCredentials(app.id, oauth.ClientSecretBasic(secret as string));
    await server.container.apps.setClientAuthentication(system, orgId, app.id, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    const refused = await refusal(clientCredentials(app.id, oauth.ClientSecretBasic(secret as string)));
    expect(refused).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(refused.description).toMatch(/authenticates with private_key_jwt/);
    await expect(clientCredentials(app.id, oauth.PrivateKeyJwt(privateKey))).resolves.toBeDefined();
  });

  it('an assertion from an app that authenticates with its secret', async () => {
    const { app } = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Secret sync',
      scopes: { orgRoles: ['org_member'] },
    });
    const { privateKey } = await keyPair('ES256');
    const refused = await refusal(clientCredentials(app.id, oauth.PrivateKeyJwt(privateKey)));
    expect(refused.description).toMatch(/authenticates with its client secret/);
  });
});
