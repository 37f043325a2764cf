// DPoP (RFC 9449) as a client library nobody here wrote does it — oauth4webapi's DPoP() — over real HTTP:
// DPoP-bound tokens (cnf.jkt, token_type DPoP) from every grant, used at Keyward's own API with a proof, and
// what is refused: a replayed proof, a proof for another URL or method, a bound token sent as Bearer, a bearer
// token for an app that requires DPoP, a public client's refresh token used without its key. Server nonces
// when KEYWARD_DPOP_NONCE is on; introspection shows cnf.
import { calculateJwkThumbprint, decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { systemCaller } from '../src/core/principal.js';
import { introspect } from '../src/oauth/endpoints/introspect.js';
import { API_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../src/oauth/endpoints/token.js';
import { consentInBrowser } from './support/consent.js';
import { ADMIN, startListeningServer, type TestServer } from './support/server.js';

const insecure = { [oauth.allowInsecureRequests]: true };
const system = systemCaller('test');

let server: TestServer & { url: string };
let orgId: string;
let as: oauth.AuthorizationServer;
let service: { app: OAuthApp; secret: string };
let web: { app: OAuthApp; secret: string };
let native: OAuthApp;

beforeAll(async () => {
  server = await startListeningServer();
  orgId = server.firstRun?.orgId as string;
  as = await discover(server.url);
  const serverApp = await server.container.apps.create(system, orgId, {
    type: 'server',
    name: 'Bound sync',
    scopes: { orgRoles: ['org_member'] },
  });
  service = { app: serverApp.app, secret: serverApp.secret as string };
  const webApp = await server.container.apps.create(system, orgId, {
    type: 'web',
    name: 'Bound portal',
    redirectUris: ['https://rp.test/cb'],
    scopes: { allRoles: true },
  });
  web = { app: webApp.app, secret: webApp.secret as string };
  native = (
    await server.container.apps.create(system, orgId, {
      type: 'native',
      name: 'Bound CLI',
      redirectUris: ['http://127.0.0.1/callback'],
      scopes: { allRoles: true },
    })
  ).app;
});
// Proofs carry the real time; the server's clock keeps up with it (it does not tick by itself).
beforeEach(() => server.clock.set(Date.now()));
afterAll(async () => server.close());

async function discover(url: string): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(url);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

/** A client's DPoP key pair, its handle for oauth4webapi, and the thumbprint Keyward should bind to. */
async function dpopKey(client: oauth.Client, options: oauth.ModifyAssertionOptions = {}) {
  const keyPair = await oauth.generateKeyPair('ES256', { extractable: true });
  const jkt = await calculateJwkThumbprint(
    (await crypto.subtle.exportKey('jwk', keyPair.publicKey)) as Parameters<typeof calculateJwkThumbprint>[0],
  );
  return { keyPair, jkt, handle: oauth.DPoP(client, keyPair, options) };
}

async function clientCredentials(
  app: { app: OAuthApp; secret: string },
  DPoP: oauth.DPoPHandle | undefined,
  onRequest?: (url: string, init: RequestInit) => void,
): Promise<oauth.TokenEndpointResponse> {
  const client: oauth.Client = { client_id: app.app.id };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretBasic(app.secret),
    new URLSearchParams({ orgId }),
    {
      ...insecure,
      ...(DPoP ? { DPoP } : {}),
      [oauth.customFetch]: (url: string, init: RequestInit) => {
        onRequest?.(url, init);
        return fetch(url, init);
      },
    },
  );
  return oauth.processClientCredentialsResponse(as, client, response);
}

const orgUrl = () => new URL(`${server.url}/api/v1/orgs/${orgId}`);

/** GET the org with a DPoP-bound token and a proof; `onRequest` sees the request as sent. */
function callApi(token: string, DPoP: oauth.DPoPHandle, onRequest?: (init: RequestInit) => void) {
  return oauth.protectedResourceRequest(token, 'GET', orgUrl(), new Headers(), null, {
    ...insecure,
    DPoP,
    [oauth.customFetch]: (url: string, init: RequestInit) => {
      onRequest?.(init);
      return fetch(url, init);
    },
  });
}

/** What Keyward's API answered a refused call (oauth4webapi throws on its WWW-Authenticate challenge). */
async function apiRefusal(
  promise: Promise<Response>,
): Promise<{ status: number; challenge: string; body: { code: string; message: string } }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
  const { response } = error as oauth.WWWAuthenticateChallengeError;
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate') ?? '',
    body: (await response.json()) as { code: string; message: string },
  };
}

/** The OAuth error a refused token request carried. */
async function refusal(promise: Promise<unknown>): Promise<{ error: string; description: string }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(oauth.ResponseBodyError);
  const body = error as oauth.ResponseBodyError;
  return { error: body.error, description: body.error_description ?? '' };
}

describe('binding', () => {
  it('discovery lists the DPoP proof algorithms', () => {
    expect(as.dpop_signing_alg_values_supported).toEqual(['ES256', 'PS256', 'RS256', 'EdDSA', 'Ed25519']);
  });

  it('a token request with a proof gets token_type DPoP and an access token with cnf.jkt of the key', async () => {
    const { handle, jkt } = await dpopKey({ client_id: service.app.id });
    const tokens = await clientCredentials(service, handle);
    expect(tokens.token_type).toBe('dpop');
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt });
    // Without a proof, the same app gets a bearer token, as before.
    const bearer = await clientCredentials(service, undefined);
    expect(bearer.token_type).toBe('bearer');
    expect(decodeJwt(bearer.access_token).cnf).toBeUndefined();
  });

  it('Keyward’s API takes the bound token with Authorization: DPoP and a proof, and refuses it as Bearer', async () => {
    const { handle } = await dpopKey({ client_id: service.app.id });
    const tokens = await clientCredentials(service, handle);
    const response = await callApi(tokens.access_token, handle);
    expect(response.status).toBe(200);
    expect((await response.json()) as { id: string }).toMatchObject({ id: orgId });

    const asBearer = await fetch(orgUrl(), { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_token"/);
    expect(await asBearer.json()).toMatchObject({ code: 'auth.invalid_token' });
    // And a bearer token under the DPoP scheme is no better.
    const bearer = await clientCredentials(service, undefined);
    const wrongScheme = await fetch(orgUrl(), { headers: { authorization: `DPoP ${bearer.access_token}` } });
    expect(wrongScheme.status).toBe(401);
  });

  it('introspection shows the token as DPoP-bound, with cnf', async () => {
    const { handle, jkt } = await dpopKey({ client_id: service.app.id });
    const tokens = await clientCredentials(service, handle);
    const webClient: oauth.Client = { client_id: web.app.id };
    const answer = await oauth.processIntrospectionResponse(
      as,
      webClient,
      await oauth.introspectionRequest(
        as,
        webClient,
        oauth.ClientSecretBasic(web.secret),
        tokens.access_token,
        insecure,
      ),
    );
    expect(answer).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt } });
  });
});

describe('refused proofs', () => {
  it('a proof replayed at the token endpoint', async () => {
    const { handle } = await dpopKey({ client_id: service.app.id });
    let sent: { url: string; init: RequestInit } | undefined;
    await clientCredentials(service, handle, (url, init) => {
      sent = { url, init };
    });
    if (!sent) throw new Error('no request seen');
    const replay = await fetch(sent.url, sent.init);
    expect(replay.status).toBe(400);
    const body = (await replay.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_dpop_proof');
    expect(body.error_description).toMatch(/already used/);
  });

  it('a proof replayed at Keyward’s API', async () => {
    const { handle } = await dpopKey({ client_id: service.app.id });
    const tokens = await clientCredentials(service, handle);
    let sent: RequestInit | undefined;
    expect(
      (
        await callApi(tokens.access_token, handle, (init) => {
          sent = init;
        })
      ).status,
    ).toBe(200);
    const replay = await fetch(orgUrl(), sent);
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    const body = (await replay.json()) as { code: string; message: string };
    expect(body).toMatchObject({ code: 'auth.invalid_dpop_proof' });
    expect(body.message).toMatch(/already used/);
  });

  it('a proof for another URL (htu), at the token endpoint and at the API', async () => {
    const elsewhere = await dpopKey(
      { client_id: service.app.id },
      {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload.htu = `${server.url}/oauth/introspect`;
        },
      },
    );
    const refused = await refusal(clientCredentials(service, elsewhere.handle));
    expect(refused.error).toBe('invalid_dpop_proof');
    expect(refused.description).toMatch(/\/oauth\/introspect", not .*\/oauth\/token/);

    const { keyPair } = await dpopKey({ client_id: service.app.id });
    const tokens = await clientCredentials(service, oauth.DPoP({}, keyPair));
    const otherPath = oauth.DPoP({}, keyPair, {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.htu = `${server.url}/api/v1/orgs`;
      },
    });
    const response = await apiRefusal(callApi(tokens.access_token, otherPath));
    expect(response).toMatchObject({ status: 401, body: { code: 'auth.invalid_dpop_proof' } });
    expect(response.challenge).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
  });

  it('a proof for another method (htm)', async () => {
    const { handle } = await dpopKey(
      { client_id: service.app.id },
      {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload.htm = 'GET';
        },
      },
    );
    const refused = await refusal(clientCredentials(service, handle));
    expect(refused.error).toBe('invalid_dpop_proof');
    expect(refused.description).toMatch(/"GET" requests, not POST/);
  });

  it('a proof signed by another key than the token’s, at the API', async () => {
    const { handle } = await dpopKey({ client_id: service.app.id });
    const tokens = await clientCredentials(service, handle);
    const other = await dpopKey({ client_id: service.app.id });
    const response = await apiRefusal(callApi(tokens.access_token, other.handle));
    expect(response).toMatchObject({ status: 401, body: { code: 'auth.invalid_dpop_proof' } });
    expect(response.body.message).toMatch(/another key/);
  });
});

describe('API-token exchange', () => {
  it('an API token exchanged with a proof (RFC 8693) gives a DPoP-bound access token', async () => {
    const admin = (await server.container.users.list(system, { pageStart: 1, pageLimit: 10 })).items.find(
      (user) => user.email === ADMIN.email,
    );
    const caller = {
      ...system,
      principal: {
        ...system.principal,
        kind: 'user' as const,
        subjectId: admin?.id as string,
        platformRoles: [],
      },
    };
    const { token } = await server.container.apiTokens.generate(caller, {
      orgId,
      name: 'dpop exchange',
      scopes: { allRoles: true },
    });
    const client: oauth.Client = { client_id: 'api-token' };
    const { handle, jkt } = await dpopKey(client);
    const tokens = await oauth.processGenericTokenEndpointResponse(
      as,
      client,
      await oauth.genericTokenEndpointRequest(
        as,
        client,
        oauth.None(),
        TOKEN_EXCHANGE_GRANT,
        new URLSearchParams({ subject_token: token, subject_token_type: API_TOKEN_TYPE }),
        { ...insecure, DPoP: handle },
      ),
    );
    expect(tokens.token_type).toBe('dpop');
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt });
  });
});

describe('require DPoP', () => {
  it('an app that requires DPoP gets no bearer token, and a bound one with a proof', async () => {
    const strict = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Strict sync',
      scopes: { orgRoles: ['org_member'] },
      requireDpop: true,
    });
    const app = { app: strict.app, secret: strict.secret as string };
    const refused = await refusal(clientCredentials(app, undefined));
    expect(refused.error).toBe('invalid_request');
    expect(refused.description).toMatch(/requires DPoP/);
    const { handle } = await dpopKey({ client_id: app.app.id });
    expect((await clientCredentials(app, handle)).token_type).toBe('dpop');
  });
});

describe('refresh tokens', () => {
  /** Authorization code + PKCE with a DPoP proof at the code exchange; the tokens it gives. */
  async function authorize(
    client: oauth.Client,
    auth: oauth.ClientAuth,
    redirectUri: string,
    DPoP: oauth.DPoPHandle,
  ) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint as string);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    }).toString();
    const callback = await consentInBrowser(url, server.url, redirectUri.replace(/\/callback$/, ''));
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      redirectUri,
      verifier,
      {
        ...insecure,
        DPoP,
      },
    );
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }

  const refresh = async (
    client: oauth.Client,
    auth: oauth.ClientAuth,
    token: string,
    DPoP: oauth.DPoPHandle | undefined,
  ) =>
    oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, token, {
        ...insecure,
        ...(DPoP ? { DPoP } : {}),
      }),
    );

  it('a public client’s refresh token is bound to its DPoP key: refused without it, kept usable', async () => {
    const client: oauth.Client = { client_id: native.id };
    const own = await dpopKey(client);
    const tokens = await authorize(client, oauth.None(), 'http://127.0.0.1:53124/callback', own.handle);
    expect(tokens.token_type).toBe('dpop');
    // Userinfo is one of Keyward's own resources: the bound token is used there with a proof.
    const info = await oauth.processUserInfoResponse(
      as,
      client,
      oauth.getValidatedIdTokenClaims(tokens)?.sub as string,
      await oauth.userInfoRequest(as, client, tokens.access_token, { ...insecure, DPoP: own.handle }),
    );
    expect(info.sub).toBeDefined();
    const refreshToken = tokens.refresh_token as string;
    // The refresh token shows its binding at introspection (to its own client).
    const shown = await introspect(server.container, refreshToken, 'refresh_token', {
      kind: 'client',
      clientId: native.id,
    });
    expect(shown).toMatchObject({ active: true, cnf: { jkt: own.jkt } });

    const thief = await dpopKey(client);
    const withOtherKey = await refusal(refresh(client, oauth.None(), refreshToken, thief.handle));
    expect(withOtherKey).toMatchObject({ error: 'invalid_dpop_proof' });
    expect(withOtherKey.description).toMatch(/another key/);
    const withoutProof = await refusal(refresh(client, oauth.None(), refreshToken, undefined));
    expect(withoutProof.description).toMatch(/bound to a DPoP key/);
    // Neither attempt used the refresh token up: with its key, it still works, and the binding goes on.
    const refreshed = await refresh(client, oauth.None(), refreshToken, own.handle);
    expect(decodeJwt(refreshed.access_token).cnf).toEqual({ jkt: own.jkt });
    await expect(
      refusal(refresh(client, oauth.None(), refreshed.refresh_token as string, thief.handle)),
    ).resolves.toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('a confidential client’s refresh token is not bound (its client authentication binds it, RFC 9449 §5)', async () => {
    const client: oauth.Client = { client_id: web.app.id };
    const auth = oauth.ClientSecretBasic(web.secret);
    const first = await dpopKey(client);
    const tokens = await authorize(client, auth, 'https://rp.test/cb', first.handle);
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt: first.jkt });
    const next = await dpopKey(client);
    const refreshed = await refresh(client, auth, tokens.refresh_token as string, next.handle);
    expect(decodeJwt(refreshed.access_token).cnf).toEqual({ jkt: next.jkt });
  });
});

describe('server nonces (KEYWARD_DPOP_NONCE=true)', () => {
  let nonced: TestServer & { url: string };
  let nonceAs: oauth.AuthorizationServer;
  let app: { app: OAuthApp; secret: string };

  beforeAll(async () => {
    nonced = await startListeningServer({ env: { KEYWARD_DPOP_NONCE: 'true' } });
    nonceAs = await discover(nonced.url);
    const created = await nonced.container.apps.create(system, nonced.firstRun?.orgId as string, {
      type: 'server',
      name: 'Nonce sync',
      scopes: { orgRoles: ['org_member'] },
    });
    app = { app: created.app, secret: created.secret as string };
  });
  beforeEach(() => nonced.clock.set(Date.now()));
  afterAll(async () => nonced.close());

  const tokenRequest = async (DPoP: oauth.DPoPHandle) => {
    const client: oauth.Client = { client_id: app.app.id };
    return oauth.processClientCredentialsResponse(
      nonceAs,
      client,
      await oauth.clientCredentialsGrantRequest(
        nonceAs,
        client,
        oauth.ClientSecretBasic(app.secret),
        new URLSearchParams(),
        { ...insecure, DPoP },
      ),
    );
  };

  it('a proof without the nonce gets use_dpop_nonce and the nonce; the retry with it gets a token', async () => {
    const { keyPair } = await dpopKey({ client_id: app.app.id });
    const handle = oauth.DPoP({}, keyPair);
    const first = await tokenRequest(handle).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(oauth.isDPoPNonceError(first)).toBe(true);
    // The handle kept the DPoP-Nonce of the refusal; the same request again now passes.
    const tokens = await tokenRequest(handle);
    expect(tokens.token_type).toBe('dpop');

    // Keyward's API asks for the nonce too: a handle that has none is told it, then gets through.
    const fresh = oauth.DPoP({}, keyPair);
    const url = new URL(`${nonced.url}/api/v1/orgs`);
    const call = () =>
      oauth.protectedResourceRequest(tokens.access_token, 'GET', url, new Headers(), null, {
        ...insecure,
        DPoP: fresh,
      });
    const challenged = await call().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(oauth.isDPoPNonceError(challenged)).toBe(true);
    expect((await call()).status).toBe(200);
  });
});
