// Pushed authorization requests (RFC 9126) and the issuer in authorization responses (RFC 9207), as
// oauth4webapi sees them over real HTTP: the request pushed to /oauth/par, the browser sent with client_id and
// request_uri alone, the code redeemed. A request_uri works once, for its own client, for 60 seconds; an app
// that requires PAR has plain requests refused; every response, error or not, carries `iss`, which
// oauth4webapi checks because the metadata says it is supported.
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { Browser } from './support/browser.js';
import { ADMIN, operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const insecure = { [oauth.allowInsecureRequests]: true };
const CALLBACK = 'https://rp.test/cb';

let server: TestServer & { url: string };
let as: oauth.AuthorizationServer;
let web: { app: OAuthApp; secret: string };
let strict: { app: OAuthApp; secret: string };
let native: OAuthApp;

beforeAll(async () => {
  server = await startListeningServer();
  const orgId = server.firstRun?.orgId as string;
  const operator = operatorCaller();
  const create = async (input: Parameters<typeof server.container.apps.create>[2]) => {
    const created = await server.container.apps.create(operator, orgId, input);
    return { app: created.app, secret: created.secret as string };
  };
  web = await create({ type: 'web', name: 'Portal', redirectUris: [CALLBACK], scopes: { allRoles: true } });
  strict = await create({
    type: 'web',
    name: 'Bank portal',
    redirectUris: [CALLBACK],
    scopes: { allRoles: true },
    requirePar: true,
  });
  native = (
    await create({
      type: 'native',
      name: 'Desktop',
      redirectUris: ['http://127.0.0.1/cb'],
      scopes: { allRoles: true },
    })
  ).app;
  const issuer = new URL(server.url);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }),
  );
});

afterEach(() => server.clock.set(Date.now()));
afterAll(() => server.close());

async function pkce() {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

/** Pushes an authorization request for `client` and answers oauth4webapi's view of the response. */
async function push(client: { app: OAuthApp; secret?: string }, extra: Record<string, string> = {}) {
  const { challenge } = await pkce();
  const response = await oauth.pushedAuthorizationRequest(
    as,
    { client_id: client.app.id },
    client.secret ? oauth.ClientSecretBasic(client.secret) : oauth.None(),
    new URLSearchParams({
      redirect_uri: client.app.redirectUris[0] as string,
      response_type: 'code',
      scope: 'openid',
      state: oauth.generateRandomState(),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    }),
    insecure,
  );
  return response;
}

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(as.authorization_endpoint as string);
  url.search = new URLSearchParams(params).toString();
  return url.href;
}

/** Signs in and answers the consent page; the URL the browser was sent back to. */
async function answerInBrowser(url: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const browser = new Browser();
  let step = await browser.follow(url, server.url);
  for (let pages = 0; step.page && pages < 4; pages++) {
    const { page } = step;
    expect(page.status, page.html.slice(0, 600)).toBe(200);
    const fields: Record<string, string> = page.html.includes('name="password"')
      ? { email: ADMIN.email, password: ADMIN.password }
      : { decision };
    const form = page.form(fields);
    step = await browser.follow(form.action, server.url, { form: form.fields });
  }
  expect(step.leftTo?.startsWith(CALLBACK), step.leftTo).toBe(true);
  return new URL(step.leftTo as string);
}

/** What a browser is shown at `url`: the page's status and text. */
async function pageAt(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

describe('pushed authorization requests (RFC 9126)', () => {
  it('are in the discovery document, not required server-wide', () => {
    expect(as.pushed_authorization_request_endpoint).toBe(`${server.url}/oauth/par`);
    expect(as.require_pushed_authorization_requests).toBe(false);
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('end to end: push, authorize with client_id and request_uri, redeem; iss checked by the client', async () => {
    const { verifier, challenge } = await pkce();
    const state = oauth.generateRandomState();
    const client = { client_id: web.app.id };
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      await oauth.pushedAuthorizationRequest(
        as,
        client,
        oauth.ClientSecretBasic(web.secret),
        new URLSearchParams({
          redirect_uri: CALLBACK,
          response_type: 'code',
          scope: 'openid email',
          state,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        insecure,
      ),
    );
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    expect(pushed.expires_in).toBe(60);
    const url = authorizeUrl({ client_id: web.app.id, request_uri: pushed.request_uri });
    const callback = await answerInBrowser(url);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic(web.secret),
        params,
        CALLBACK,
        verifier,
        insecure,
      ),
      { requireIdToken: true },
    );
    expect(oauth.getValidatedIdTokenClaims(tokens)?.email).toBe(ADMIN.email);

    // Used once: the same link again is an error page, never a redirect.
    const again = await pageAt(url);
    expect(again.status).toBe(400);
    expect(again.location).toBeNull();
    expect(again.html).toContain('already used, or has expired');
  });

  it('a request_uri expires after 60 seconds', async () => {
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      { client_id: web.app.id },
      await push(web),
    );
    server.clock.advance(61_000);
    const page = await pageAt(authorizeUrl({ client_id: web.app.id, request_uri: pushed.request_uri }));
    expect(page.status).toBe(400);
    expect(page.html).toContain('This sign-in link cannot be used');
  });

  it('a request_uri works only for the client that pushed it, and only on its own', async () => {
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      { client_id: web.app.id },
      await push(web),
    );
    const foreign = await pageAt(authorizeUrl({ client_id: strict.app.id, request_uri: pushed.request_uri }));
    expect(foreign.status).toBe(400);
    expect(foreign.html).toContain('This sign-in link cannot be used');
    const mixed = await pageAt(
      authorizeUrl({
        client_id: web.app.id,
        request_uri: pushed.request_uri,
        scope: 'openid offline_access',
      }),
    );
    expect(mixed.status).toBe(400);
    expect(mixed.html).toContain('with client_id and request_uri alone, not with scope');
    // Neither attempt used it up: the real one still works.
    const callback = await answerInBrowser(
      authorizeUrl({ client_id: web.app.id, request_uri: pushed.request_uri }),
    );
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('an app that requires PAR: a plain request goes back as invalid_request, a pushed one works', async () => {
    const state = oauth.generateRandomState();
    const { challenge } = await pkce();
    const plain = await pageAt(
      authorizeUrl({
        client_id: strict.app.id,
        redirect_uri: CALLBACK,
        response_type: 'code',
        scope: 'openid',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    expect(plain.status).toBe(303);
    const back = new URL(plain.location as string);
    // oauth4webapi checks iss (RFC 9207) before it reports the error.
    expect(() => oauth.validateAuthResponse(as, { client_id: strict.app.id }, back, state)).toThrow(
      expect.objectContaining({
        error: 'invalid_request',
        error_description: expect.stringContaining('/oauth/par'),
      }),
    );
    const tampered = new URL(back);
    tampered.searchParams.set('iss', 'https://evil.test');
    expect(() => oauth.validateAuthResponse(as, { client_id: strict.app.id }, tampered, state)).toThrow(
      /iss/,
    );

    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      { client_id: strict.app.id },
      await push(strict),
    );
    const callback = await answerInBrowser(
      authorizeUrl({ client_id: strict.app.id, request_uri: pushed.request_uri }),
    );
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('a denial at consent comes back as access_denied with iss (RFC 9207)', async () => {
    const state = oauth.generateRandomState();
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      { client_id: web.app.id },
      await push(web, { state, prompt: 'consent' }),
    );
    const callback = await answerInBrowser(
      authorizeUrl({ client_id: web.app.id, request_uri: pushed.request_uri }),
      'deny',
    );
    expect(callback.searchParams.get('iss')).toBe(server.url);
    expect(() => oauth.validateAuthResponse(as, { client_id: web.app.id }, callback, state)).toThrow(
      expect.objectContaining({ error: 'access_denied' }),
    );
  });

  it('refuses at the endpoint what /oauth/authorize would refuse, as OAuth errors', async () => {
    const bodyOf = async (response: Response) => ({
      status: response.status,
      ...((await response.json()) as object),
    });
    expect(await bodyOf(await push(web, { redirect_uri: 'https://evil.test/cb' }))).toMatchObject({
      status: 400,
      error: 'invalid_request',
      error_description: expect.stringContaining('redirect_uri'),
    });
    expect(await bodyOf(await push(web, { scope: 'openid csp:nonsense' }))).toMatchObject({
      status: 400,
      error: 'invalid_scope',
    });
    expect(await bodyOf(await push(web, { response_type: 'token' }))).toMatchObject({
      status: 400,
      error: 'unsupported_response_type',
    });
    expect(
      await bodyOf(await push(web, { request_uri: 'urn:ietf:params:oauth:request_uri:x' })),
    ).toMatchObject({ status: 400, error: 'invalid_request' });
    // A confidential client must authenticate; a public one sends its client_id.
    expect((await push({ app: web.app })).status).toBe(401);
    expect((await push({ app: native })).status).toBe(201);
    const wrongMethod = await fetch(`${server.url}/oauth/par`);
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { error: string }).error).toBe('invalid_request');
  });
});
