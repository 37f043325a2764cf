// Keyward as seen by OAuth 2.0 / OpenID Connect client libraries nobody here wrote — openid-client and
// oauth4webapi — over real HTTP: discovery, client_credentials, authorization code with PKCE for a web app and
// for a native app on a random loopback port, refresh with rotation, userinfo, introspection and revocation.
// Every token passes the libraries' own checks (signatures, iss, aud, nonce, RFC 9207 iss, RFC 9068).
import { createServer, type Server } from 'node:http';
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { systemCaller } from '../src/core/principal.js';
import { consentInBrowser as consent } from './support/consent.js';
import { ADMIN, startListeningServer, type TestServer } from './support/server.js';

let server: TestServer & { url: string };
let orgId: string;
let web: { app: OAuthApp; secret: string };
let service: { app: OAuthApp; secret: string };
let native: OAuthApp;
let loopback: Server;
let loopbackPort: number;

beforeAll(async () => {
  server = await startListeningServer();
  orgId = server.firstRun?.orgId as string;
  const system = systemCaller('test');
  const webApp = await server.container.apps.create(system, orgId, {
    type: 'web',
    name: 'Web portal',
    redirectUris: ['https://rp.test/cb'],
    postLogoutRedirectUris: ['https://rp.test/bye'],
    scopes: { allRoles: true },
  });
  web = { app: webApp.app, secret: webApp.secret as string };
  const serverApp = await server.container.apps.create(system, orgId, {
    type: 'server',
    name: 'Billing sync',
    scopes: { orgRoles: ['org_member'] },
  });
  service = { app: serverApp.app, secret: serverApp.secret as string };
  await server.container.appGrants.add(system, orgId, [service.app.id], {
    orgRoles: ['org_member'],
    serviceRoles: [],
  });
  native = (
    await server.container.apps.create(system, orgId, {
      type: 'native',
      name: 'Desktop CLI',
      redirectUris: ['http://127.0.0.1/callback'],
      scopes: { allRoles: true },
    })
  ).app;
  // The native app's loopback listener on a port the app picked just now (RFC 8252 §7.3).
  loopback = createServer((_request, response) => response.end('done'));
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  loopbackPort = (loopback.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => loopback.close(resolve));
  await server.close();
});

/** Signs in and consents in the browser; answers the URL the browser was sent back to, with the code. */
const consentInBrowser = (authorizationUrl: URL, redirectPrefix: string) =>
  consent(authorizationUrl, server.url, redirectPrefix);

describe('openid-client', () => {
  const discover = (clientId: string, auth: client.ClientAuth) =>
    client.discovery(new URL(server.url), clientId, undefined, auth, {
      execute: [client.allowInsecureRequests],
    });

  it('discovers the provider', async () => {
    const config = await discover(web.app.id, client.ClientSecretBasic(web.secret));
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(server.url);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('client_credentials for a server app, in the org it was added to', async () => {
    const config = await discover(service.app.id, client.ClientSecretBasic(service.secret));
    const tokens = await client.clientCredentialsGrant(config, { orgId });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    const introspection = await client.tokenIntrospection(
      await discover(web.app.id, client.ClientSecretBasic(web.secret)),
      tokens.access_token,
    );
    expect(introspection).toMatchObject({
      active: true,
      client_id: service.app.id,
      sub: service.app.id,
      context_name: orgId,
    });
  });

  it('authorization code + PKCE for a web app, then userinfo, refresh with rotation, introspection, revocation', async () => {
    const config = await discover(web.app.id, client.ClientSecretBasic(web.secret));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'https://rp.test/cb',
      scope: 'openid email profile offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const callback = await consentInBrowser(url, 'https://rp.test/cb');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: server.url,
      aud: web.app.id,
      email: ADMIN.email,
      context_name: orgId,
      nonce,
    });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(userinfo.email).toBe(ADMIN.email);
    // The granted scope, OIDC scopes included, the same at every turn (RFC 6749 §3.3).
    const granted = tokens.scope?.split(' ') ?? [];
    expect(granted.slice(0, 4)).toEqual(['openid', 'profile', 'email', 'offline_access']);
    expect((await client.tokenIntrospection(config, tokens.refresh_token as string)).scope).toBe(
      tokens.scope,
    );

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.scope).toBe(tokens.scope);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);

    await client.tokenRevocation(config, refreshed.refresh_token as string);
    expect(await client.tokenIntrospection(config, refreshed.access_token)).toEqual({ active: false });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('builds an RP-initiated logout URL the provider honours', async () => {
    const config = await discover(web.app.id, client.ClientSecretBasic(web.secret));
    const url = client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: 'https://rp.test/bye',
      state: 'bye',
    });
    const response = await fetch(url, { redirect: 'manual' });
    // Nobody is signed in in this fetch, so there is nothing to end: straight back to the registered address.
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://rp.test/bye?state=bye');
  });
});

describe('oauth4webapi', () => {
  const insecure = { [oauth.allowInsecureRequests]: true };
  let as: oauth.AuthorizationServer;

  beforeAll(async () => {
    const issuer = new URL(server.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }),
    );
  });

  it('authorization code + PKCE for a native app on a random loopback port, as a public client', async () => {
    const nativeClient: oauth.Client = { client_id: native.id };
    const redirectUri = `http://127.0.0.1:${loopbackPort}/callback`;
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint as string);
    url.search = new URLSearchParams({
      client_id: native.id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    }).toString();
    const callback = await consentInBrowser(url, redirectUri);
    expect((await fetch(callback)).status).toBe(200); // the app's own listener got the code
    const params = oauth.validateAuthResponse(as, nativeClient, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      nativeClient,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, nativeClient, response, {
      requireIdToken: true,
    });
    expect(tokens.refresh_token).toBeDefined();

    const rotated = await oauth.processRefreshTokenResponse(
      as,
      nativeClient,
      await oauth.refreshTokenGrantRequest(
        as,
        nativeClient,
        oauth.None(),
        tokens.refresh_token as string,
        insecure,
      ),
    );
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const info = await oauth.processUserInfoResponse(
      as,
      nativeClient,
      oauth.getValidatedIdTokenClaims(tokens)?.sub as string,
      await oauth.userInfoRequest(as, nativeClient, rotated.access_token, insecure),
    );
    expect(info.email).toBe(ADMIN.email);
  });

  it('client_credentials, and the access token passes RFC 9068 validation as a resource server would do it', async () => {
    const serviceClient: oauth.Client = { client_id: service.app.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      serviceClient,
      oauth.ClientSecretBasic(service.secret),
      new URLSearchParams({ orgId }),
      insecure,
    );
    const tokens = await oauth.processClientCredentialsResponse(as, serviceClient, response);
    const request = new Request(`${server.url}/api/v1/orgs/${orgId}`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const claims = await oauth.validateJwtAccessToken(as, request, server.url, insecure);
    expect(claims).toMatchObject({ client_id: service.app.id, sub: service.app.id, context_name: orgId });
    // And Keyward's own API accepts it for the app, within the roles the org gave it.
    const org = await fetch(request);
    expect(org.status).toBe(200);
    expect(((await org.json()) as { orgRoles: string[] }).orgRoles).toEqual(['org_member']);
  });

  it('client_credentials beyond the org’s grant fails as a strict client expects: invalid_scope (RFC 6749 §5.2)', async () => {
    // The app may hold any role; the org granted it org_member only.
    const system = systemCaller('test');
    const broad = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Broad sync',
      scopes: { allRoles: true },
    });
    await server.container.appGrants.add(system, orgId, [broad.app.id], {
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    const serviceClient: oauth.Client = { client_id: broad.app.id };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      serviceClient,
      oauth.ClientSecretBasic(broad.secret as string),
      new URLSearchParams({ orgId, scope: 'csp:org_owner' }),
      insecure,
    );
    await expect(oauth.processClientCredentialsResponse(as, serviceClient, response)).rejects.toMatchObject({
      error: 'invalid_scope',
    });
  });

  it('a token asked for a resource (RFC 8707) passes RFC 9068 validation at that resource, and only there', async () => {
    const system = systemCaller('test');
    await server.container.services.create(system, {
      id: 'ledger',
      name: 'Ledger',
      resource: 'https://ledger.example.com/',
      roles: [{ name: 'reader', permissions: ['read'] }],
    });
    const reader = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Ledger reader',
      scopes: { allRoles: true },
    });
    await server.container.appGrants.add(system, orgId, [reader.app.id], {
      orgRoles: ['org_member'],
      serviceRoles: ['ledger:reader'],
    });
    const readerClient: oauth.Client = { client_id: reader.app.id };
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      readerClient,
      await oauth.clientCredentialsGrantRequest(
        as,
        readerClient,
        oauth.ClientSecretBasic(reader.secret as string),
        new URLSearchParams({ orgId, resource: 'https://ledger.example.com/' }),
        insecure,
      ),
    );
    const at = (url: string) =>
      new Request(url, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(
      as,
      at('https://ledger.example.com/books'),
      'https://ledger.example.com/',
      insecure,
    );
    expect(claims).toMatchObject({
      aud: 'https://ledger.example.com/',
      perms: ['external/ledger/reader', 'external/ledger/ledger:read'],
      context_name: orgId,
    });
    // Presented to Keyward itself, the audience check fails: for the library, and for Keyward's API.
    const keyward = at(`${server.url}/api/v1/orgs/${orgId}`);
    await expect(oauth.validateJwtAccessToken(as, keyward, server.url, insecure)).rejects.toThrow();
    expect((await fetch(keyward)).status).toBe(401);
  });

  it('introspection and revocation with client authentication', async () => {
    const webClient: oauth.Client = { client_id: web.app.id };
    const serviceClient: oauth.Client = { client_id: service.app.id };
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      serviceClient,
      await oauth.clientCredentialsGrantRequest(
        as,
        serviceClient,
        oauth.ClientSecretBasic(service.secret),
        new URLSearchParams({ orgId }),
        insecure,
      ),
    );
    const look = async () =>
      oauth.processIntrospectionResponse(
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
    expect((await look()).active).toBe(true);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(
        as,
        serviceClient,
        oauth.ClientSecretBasic(service.secret),
        tokens.access_token,
        insecure,
      ),
    );
    expect((await look()).active).toBe(false);
  });
});
