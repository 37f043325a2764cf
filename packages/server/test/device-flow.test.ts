// The device authorization grant (RFC 8628) as a command-line tool meets it, driven with oauth4webapi over real
// HTTP: the device asks for codes, polls (authorization_pending, slow_down with the interval growing by 5 s),
// the user approves or denies on /device through the page's own forms, the device gets its tokens once; an
// expired code (with the server's clock moved on) and guessing at user codes are refused. Scope, refresh token
// and ID token follow the authorization code's rules.
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_CODE_GRANT, type OAuthApp } from '../src/apps/store.js';
import { Browser, type Page } from './support/browser.js';
import {
  ADMIN,
  operatorCaller,
  startListeningServer,
  startTestServer,
  type TestServer,
} from './support/server.js';

const insecure = { [oauth.allowInsecureRequests]: true };
const PASSWORD = 'device flow passphrase';

let server: TestServer & { url: string };
let as: oauth.AuthorizationServer;
let orgId: string;
let cli: OAuthApp;
let portal: { app: OAuthApp; secret: string };
let plain: OAuthApp;
let second: { email: string; orgs: { id: string; name: string }[] };

beforeAll(async () => {
  server = await startListeningServer();
  orgId = server.firstRun?.orgId as string;
  const operator = operatorCaller();
  const create = (input: Parameters<typeof server.container.apps.create>[2]) =>
    server.container.apps.create(operator, orgId, input);
  cli = (
    await create({
      type: 'native',
      name: 'Rocket CLI',
      grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
      scopes: { allRoles: true },
    })
  ).app;
  const created = await create({
    type: 'web',
    name: 'TV portal',
    redirectUris: ['https://tv.test/cb'],
    grantTypes: ['authorization_code', DEVICE_CODE_GRANT, 'refresh_token'],
    scopes: { allRoles: true },
  });
  portal = { app: created.app, secret: created.secret as string };
  plain = (
    await create({
      type: 'native',
      name: 'Browser-only app',
      redirectUris: ['http://127.0.0.1/cb'],
      scopes: { allRoles: true },
    })
  ).app;
  // A user in two organizations, who picks one on the page.
  const user = await server.container.users.create(operator, {
    email: 'dana@example.test',
    password: PASSWORD,
    name: 'Dana',
  });
  const admin = await server.container.storage.stores.users.findByEmail(ADMIN.email);
  const other = await server.container.orgs.create(operator, {
    name: 'lab',
    displayName: 'Lab',
    ownerUserId: admin?.id as string,
  });
  await server.container.members.add(operator, orgId, {
    email: user.email,
    orgRoles: ['org_member'],
    serviceRoles: [],
  });
  await server.container.members.add(operator, other.id, {
    email: user.email,
    orgRoles: ['developer'],
    serviceRoles: [],
  });
  second = { email: user.email, orgs: [{ id: other.id, name: 'Lab' }] };
  const issuer = new URL(server.url);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }),
  );
});

afterEach(() => server.clock.set(Date.now()));
afterAll(() => server.close());

/** A device asking for codes, as a public client (native) or a confidential one. */
async function startDevice(scope: string, client: OAuthApp = cli, secret?: string) {
  const response = await oauth.deviceAuthorizationRequest(
    as,
    { client_id: client.id },
    secret ? oauth.ClientSecretBasic(secret) : oauth.None(),
    new URLSearchParams({ scope }),
    insecure,
  );
  return oauth.processDeviceAuthorizationResponse(as, { client_id: client.id }, response);
}

/** One poll of the token endpoint: the tokens, or the error the device is told. */
async function poll(deviceCode: string, client: OAuthApp = cli, secret?: string) {
  const response = await oauth.deviceCodeGrantRequest(
    as,
    { client_id: client.id },
    secret ? oauth.ClientSecretBasic(secret) : oauth.None(),
    deviceCode,
    insecure,
  );
  try {
    return { tokens: await oauth.processDeviceCodeResponse(as, { client_id: client.id }, response) };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError)
      return { error: error.error, description: error.error_description ?? '' };
    // A 401 with a challenge (client authentication failed) is reported as the challenge.
    if (error instanceof oauth.WWWAuthenticateChallengeError)
      return { error: 'challenge', status: error.status, scheme: error.cause[0]?.scheme };
    throw error;
  }
}

/** Follows the verification link as a person would: signs in, confirms the code, picks the org, answers. */
async function answerOnPage(
  link: string,
  decision: 'allow' | 'deny',
  who: { email: string; password: string } = ADMIN,
  org?: string,
): Promise<{ consent: Page; result: Page }> {
  const browser = new Browser();
  const pageOf = (step: { page?: Page; leftTo?: string }) => {
    if (!step.page) throw new Error(`left to ${step.leftTo}`);
    return step.page;
  };
  let page = pageOf(await browser.follow(link, server.url));
  expect(page.html).toContain('to connect a device to your account');
  page = pageOf(
    await browser.follow(page.form().action, server.url, {
      form: page.form({ email: who.email, password: who.password }).fields,
    }),
  );
  expect(page.html).toContain('Check that this is the code your device shows');
  page = pageOf(await browser.follow(page.form().action, server.url, { form: page.form().fields }));
  if (page.html.includes('Choose an organization')) {
    page = pageOf(
      await browser.follow(page.form().action, server.url, { form: page.form({ org: org ?? orgId }).fields }),
    );
  }
  expect(page.status, page.html.slice(0, 600)).toBe(200);
  const consent = page;
  const result = pageOf(
    await browser.follow(page.form().action, server.url, { form: page.form({ decision }).fields }),
  );
  return { consent, result };
}

describe('the device authorization grant (RFC 8628)', () => {
  it('is in the discovery document', () => {
    expect(as.device_authorization_endpoint).toBe(`${server.url}/oauth/device_authorization`);
    expect(as.grant_types_supported).toContain(DEVICE_CODE_GRANT);
  });

  it('end to end: codes, authorization_pending, slow_down, approval on the page, tokens once', async () => {
    const started = await startDevice('openid profile offline_access');
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(started).toMatchObject({
      verification_uri: `${server.url}/device`,
      verification_uri_complete: `${server.url}/device?user_code=${started.user_code}`,
      expires_in: 600,
      interval: 5,
    });

    expect(await poll(started.device_code)).toMatchObject({ error: 'authorization_pending' });
    // Polled again at once: slow down, and the interval grows by 5 s for good (RFC 8628 §3.5).
    expect(await poll(started.device_code)).toMatchObject({
      error: 'slow_down',
      description: expect.stringMatching(/wait 10 seconds/),
    });
    server.clock.advance(6_000);
    expect(await poll(started.device_code)).toMatchObject({
      error: 'slow_down',
      description: expect.stringMatching(/wait 15 seconds/),
    });
    server.clock.advance(15_000);
    expect(await poll(started.device_code)).toMatchObject({ error: 'authorization_pending' });

    const { consent, result } = await answerOnPage(started.verification_uri_complete as string, 'allow');
    expect(consent.html).toContain('Allow <strong>Rocket CLI</strong> to use your account?');
    expect(consent.html).toContain(started.user_code);
    expect(consent.html).toContain('See your name');
    expect(consent.html).toContain('It may renew its access without asking you');
    expect(result.html).toContain('Device connected');

    const answer = await poll(started.device_code);
    const tokens = answer.tokens as oauth.TokenEndpointResponse;
    expect(tokens.scope?.split(' ').slice(0, 3)).toEqual(['openid', 'profile', 'offline_access']);
    expect(tokens.refresh_token).toMatch(/^kwr/);
    const idToken = oauth.getValidatedIdTokenClaims(tokens);
    expect(idToken).toMatchObject({ aud: cli.id, context_name: orgId });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ client_id: cli.id, context_name: orgId });

    // A device code yields tokens once; presenting it again revokes what it gave (as a replayed code does).
    expect(await poll(started.device_code)).toMatchObject({
      error: 'invalid_grant',
      description: expect.stringMatching(/already used/),
    });
    const refreshed = await oauth.refreshTokenGrantRequest(
      as,
      { client_id: cli.id },
      oauth.None(),
      tokens.refresh_token as string,
      insecure,
    );
    await expect(
      oauth.processRefreshTokenResponse(as, { client_id: cli.id }, refreshed),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a denial: the device is told access_denied', async () => {
    const started = await startDevice('openid');
    const { result } = await answerOnPage(started.verification_uri_complete as string, 'deny');
    expect(result.html).toContain('You denied <strong>Rocket CLI</strong> access');
    expect(await poll(started.device_code)).toMatchObject({ error: 'access_denied' });
  });

  it('in the org the user chose, with no refresh token without offline_access, for a confidential web app', async () => {
    const started = await startDevice('openid developer', portal.app, portal.secret);
    await answerOnPage(
      started.verification_uri_complete as string,
      'allow',
      { email: second.email, password: PASSWORD },
      second.orgs[0]?.id,
    );
    const { tokens } = await poll(started.device_code, portal.app, portal.secret);
    expect(tokens?.refresh_token).toBeUndefined();
    expect(tokens?.id_token).toBeDefined();
    expect(decodeJwt(tokens?.access_token as string)).toMatchObject({
      context_name: second.orgs[0]?.id,
      perms: ['csp:developer'],
    });
    // Without its secret the confidential app is not believed (RFC 8628 §3.1: client authentication as at the token endpoint).
    expect(await poll(started.device_code, portal.app)).toMatchObject({ status: 401, scheme: 'basic' });
  });

  it('an expired device code: expired_token at the token endpoint, and the page says so', async () => {
    const started = await startDevice('openid');
    server.clock.advance(601_000);
    expect(await poll(started.device_code)).toMatchObject({ error: 'expired_token' });
    const browser = new Browser();
    const signIn = (await browser.follow(started.verification_uri_complete as string, server.url))
      .page as Page;
    const entry = (
      await browser.follow(signIn.form().action, server.url, {
        form: signIn.form({ email: ADMIN.email, password: ADMIN.password }).fields,
      })
    ).page as Page;
    const refused = (await browser.follow(entry.form().action, server.url, { form: entry.form().fields }))
      .page as Page;
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('That code has expired. Start again on your device to get a new code.');
  });

  it('refuses the codes of other clients, apps without the grant type, and unknown device codes', async () => {
    const started = await startDevice('openid');
    expect(await poll(started.device_code, plain)).toMatchObject({ error: 'unauthorized_client' });
    expect(await poll(started.device_code, portal.app, portal.secret)).toMatchObject({
      error: 'invalid_grant',
      description: 'this device code was not issued to this client',
    });
    expect(await poll('kwd-not-a-code')).toMatchObject({ error: 'invalid_grant' });
    await expect(startDevice('openid', plain)).rejects.toMatchObject({ error: 'unauthorized_client' });
    await expect(startDevice('openid csp:nonsense')).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('limits wrong user codes per user and address, whatever is typed next (RFC 8628 §5.1)', async () => {
    const started = await startDevice('openid');
    const browser = new Browser();
    const signIn = (await browser.follow(`${server.url}/device`, server.url)).page as Page;
    let page = (
      await browser.follow(signIn.form().action, server.url, {
        form: signIn.form({ email: second.email, password: PASSWORD }).fields,
      })
    ).page as Page;
    const entryAction = page.form().action;
    const fields = page.form().fields;
    for (let attempt = 0; attempt < 10; attempt++) {
      page = (
        await browser.follow(entryAction, server.url, {
          form: { ...fields, user_code: `BBBB-BBB${'CDFGHJKLMN'[attempt]}` },
        })
      ).page as Page;
      expect(page.status).toBe(400);
      expect(page.html).toContain('That code is not valid.');
    }
    const response = await browser.request(entryAction, {
      form: { ...fields, user_code: started.user_code },
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.text()).toContain('Too many wrong codes; try again in');
  });
});

describe('device authorizations on several nodes', () => {
  it('an approval on one node is redeemed on another, sharing only the database', async () => {
    const first = await startTestServer();
    const other = await startTestServer({ sharing: first });
    try {
      const orgOfFirst = first.firstRun?.orgId as string;
      const { app } = await first.container.apps.create(operatorCaller(), orgOfFirst, {
        type: 'native',
        name: 'Shared CLI',
        grantTypes: [DEVICE_CODE_GRANT],
        scopes: { allRoles: true },
      });
      const form = (fields: Record<string, string>) => ({
        payload: new URLSearchParams({ client_id: app.id, ...fields }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const started = (
        await first.app.inject({
          method: 'POST',
          url: '/oauth/device_authorization',
          ...form({ scope: 'openid' }),
        })
      ).json();
      const pollOn = (node: TestServer) =>
        node.app.inject({
          method: 'POST',
          url: '/oauth/token',
          ...form({ grant_type: DEVICE_CODE_GRANT, device_code: started.device_code }),
        });
      expect((await pollOn(other)).json().error).toBe('authorization_pending');
      // Polled on the first node at once: the pace is kept in the database, so every node sees it.
      expect((await pollOn(first)).json().error).toBe('slow_down');
      const session = await first.container.sessions.signIn(ADMIN, {
        ip: '127.0.0.1',
        requestId: 't',
        userAgent: null,
        previousSessionId: null,
        deviceTokens: [],
      });
      const caller = {
        principal: (await first.container.sessions.resolve(session.sessionId))?.principal as never,
        ip: '127.0.0.1',
        requestId: 't',
      };
      expect(
        (
          await first.container.deviceFlow.approve(caller, started.user_code, {
            orgId: orgOfFirst,
            authTime: first.clock.now(),
          })
        ).kind,
      ).toBe('pending');
      const tokens = await pollOn(other);
      expect(tokens.statusCode, tokens.body).toBe(200);
      expect(tokens.json()).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) });
      expect(tokens.json().refresh_token).toBeUndefined();
    } finally {
      await other.close();
      await first.close();
    }
  });
});
