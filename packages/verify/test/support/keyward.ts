// A real Keyward for the verifier's tests: the server in-process, listening on 127.0.0.1 (its issuer names that
// port), with the seed's cast: a `billing` service (viewer → billing:read, admin → billing:read, billing:write)
// and an `accounts` service (self → accounts:password), a member with an API token, a server-to-server app added
// to the org, and a web app through which the operator signs in. Tokens are minted over HTTP as clients do.
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthApp } from '../../../server/src/apps/store.js';
import type { Caller } from '../../../server/src/core/principal.js';
import { systemCaller } from '../../../server/src/core/principal.js';
import { parseScope } from '../../../server/src/oauth/scope.js';
import { ADMIN, startListeningServer, type TestServer } from '../../../server/test/support/server.js';

export interface Keyward {
  server: TestServer;
  /** The issuer and base URL, `http://127.0.0.1:<port>`. */
  url: string;
  orgId: string;
  /** A member holding billing:viewer (and accounts:self), who made `apiTokenId`. */
  member: { id: string; caller: Caller };
  /** The operator: org owner, billing:admin and accounts:self; signs in to `web`. */
  operatorId: string;
  /** Server-to-server app added to the org with billing:viewer; also the resource server's introspection client. */
  serverApp: { app: OAuthApp; secret: string };
  webApp: { app: OAuthApp; secret: string };
  /** Mints an access token from a fresh API token of the member (CSP's exchange). */
  apiTokenAccess(): Promise<{ accessToken: string; apiTokenId: string }>;
  /** client_credentials as the server app. */
  clientCredentialsAccess(): Promise<string>;
  /** Authorization code (PKCE) for the operator through the web app: an access token and its ID token. */
  authorizationCodeAccess(): Promise<{ accessToken: string; idToken: string }>;
  /** Signs arbitrary claims with Keyward's active key (for wrong-issuer and similar tokens). */
  sign(claims: Record<string, unknown>, typ?: string): string;
  close(): Promise<void>;
}

const system = systemCaller('verify-test');

export async function startKeyward(
  options: { env?: Record<string, string>; database?: 'sqlite' | 'postgres' } = {},
): Promise<Keyward> {
  const server = await startListeningServer({
    ...(options.env ? { env: options.env } : {}),
    ...(options.database ? { database: options.database } : {}),
  });
  const { container } = server;
  const url = server.url;
  const orgId = server.firstRun?.orgId as string;
  const operatorId = (await container.users.list(system, { pageStart: 1, pageLimit: 10 })).items.find(
    (user) => user.email === ADMIN.email,
  )?.id as string;

  await container.services.create(system, {
    id: 'billing',
    name: 'Billing',
    roles: [
      { name: 'viewer', permissions: ['billing:read'] },
      { name: 'admin', permissions: ['billing:read', 'billing:write'] },
    ],
  });
  await container.services.create(system, {
    id: 'accounts',
    name: 'Accounts',
    roles: [{ name: 'self', permissions: ['accounts:password'] }],
  });
  await container.members.update(system, orgId, operatorId, {
    orgRoles: ['org_owner'],
    serviceRoles: ['billing:admin', 'accounts:self'],
  });
  const memberEmail = 'ada@example.test';
  await container.users.create(system, { email: memberEmail, password: 'a long member passphrase' });
  const added = await container.members.add(system, orgId, {
    email: memberEmail,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer', 'accounts:self'],
  });
  const memberId = added.userId;
  const member: Caller = {
    principal: {
      kind: 'user',
      subjectId: memberId,
      orgId: null,
      platformRoles: [],
      credential: { type: 'session', id: 'verify-test' },
      scope: null,
    },
    ip: null,
    requestId: null,
  };

  const server2server = await container.apps.create(system, orgId, {
    type: 'server',
    name: 'Billing exporter',
    scopes: { allRoles: true },
  });
  await container.appGrants.add(system, orgId, [server2server.app.id], {
    orgRoles: [],
    serviceRoles: ['billing:viewer'],
  });
  const web = await container.apps.create(system, orgId, {
    type: 'web',
    name: 'Billing console',
    redirectUris: ['https://rp.test/cb'],
    scopes: { allRoles: true },
  });
  const serverApp = { app: server2server.app, secret: server2server.secret as string };
  const webApp = { app: web.app, secret: web.secret as string };
  const basic = (client: { app: OAuthApp; secret: string }) =>
    `Basic ${Buffer.from(`${client.app.id}:${client.secret}`).toString('base64')}`;

  async function postForm(path: string, form: Record<string, string>, authorization?: string) {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
    const body = (await response.json()) as Record<string, string>;
    if (response.status !== 200)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }

  return {
    server,
    url,
    orgId,
    member: { id: memberId, caller: member },
    operatorId,
    serverApp,
    webApp,
    async apiTokenAccess() {
      const generated = await container.apiTokens.generate(member, {
        orgId,
        name: `t-${randomBytes(4).toString('hex')}`,
        scopes: { allRoles: true },
      });
      const answer = await postForm('/csp/gateway/am/api/auth/api-tokens/authorize', {
        refresh_token: generated.token,
      });
      return { accessToken: answer.access_token as string, apiTokenId: generated.record.id };
    },
    async clientCredentialsAccess() {
      const answer = await postForm('/oauth/token', { grant_type: 'client_credentials' }, basic(serverApp));
      return answer.access_token as string;
    },
    async authorizationCodeAccess() {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const services = await container.identity.services();
      const scope = parseScope('openid', services);
      const code = await container.oauth.issueAuthorizationCode({
        app: webApp.app,
        userId: operatorId,
        orgId,
        authTime: server.clock.now(),
        scope,
        request: {
          clientId: webApp.app.id,
          redirectUri: 'https://rp.test/cb',
          redirectUriSent: true,
          state: 's',
          nonce: 'n',
          scope,
          codeChallenge: challenge,
          prompt: [],
          orgId,
        },
      });
      const answer = await postForm(
        '/oauth/token',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'https://rp.test/cb',
          code_verifier: verifier,
        },
        basic(webApp),
      );
      return { accessToken: answer.access_token as string, idToken: answer.id_token as string };
    },
    sign(claims, typ = 'at+jwt') {
      return container.keys.signJwt(claims, typ);
    },
    close: () => server.close(),
  };
}

/** Claims like Keyward's own, for hand-signed variants. Times from Keyward's clock. */
export function keywardLikeClaims(
  keyward: Keyward,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const iat = Math.floor(keyward.server.clock.now() / 1000);
  return {
    iss: keyward.url,
    sub: keyward.member.id,
    aud: [keyward.url, 'billing'],
    iat,
    exp: iat + 600,
    jti: randomBytes(8).toString('hex'),
    client_id: 'api-token',
    scope: 'external/billing/viewer external/billing/billing:read',
    context_name: keyward.orgId,
    perms: ['external/billing/viewer', 'external/billing/billing:read'],
    cred: { type: 'api_token', id: 'hand-made' },
    ...overrides,
  };
}
