// Keyward's own API as an RFC 9728 protected resource: its metadata at /.well-known/oauth-protected-resource,
// read with oauth4webapi, names the issuer as both resource and authorization server; every 401 of /api/v1
// carries `resource_metadata` in its Bearer challenge, so a client that knows only the API's URL finds where to
// get a token; and `resource=<issuer>` at the token endpoint asks for the token it describes.
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const insecure = { [oauth.allowInsecureRequests]: true };

let server: TestServer & { url: string };
let service: { app: OAuthApp; secret: string };
let orgId: string;

beforeAll(async () => {
  server = await startListeningServer();
  orgId = server.firstRun?.orgId as string;
  const created = await server.container.apps.create(operatorCaller(), orgId, {
    type: 'server',
    name: 'Reporting',
    scopes: { orgRoles: ['org_member'] },
  });
  service = { app: created.app, secret: created.secret as string };
});

afterAll(() => server.close());

function token(form: Record<string, string> | string) {
  return fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${service.app.id}:${service.secret}`).toString('base64')}`,
    },
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
  });
}

describe('protected resource metadata (RFC 9728)', () => {
  it('describes Keyward’s API: the issuer as resource and authorization server', async () => {
    const resource = new URL(server.url);
    const metadata = await oauth.processResourceDiscoveryResponse(
      resource,
      await oauth.resourceDiscoveryRequest(resource, insecure),
    );
    expect(metadata).toMatchObject({
      resource: server.url,
      authorization_servers: [server.url],
      bearer_methods_supported: ['header'],
      resource_documentation: `${server.url}/docs`,
    });
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'org_member', 'org_owner']));
  });

  it('every 401 of the management API names the metadata in its Bearer challenge', async () => {
    const metadataUrl = `${server.url}/.well-known/oauth-protected-resource`;
    const anonymous = await fetch(`${server.url}/api/v1/orgs`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(
      `Bearer realm="keyward", resource_metadata="${metadataUrl}"`,
    );
    // As oauth4webapi reads it from a protected resource's answer to a bad token.
    const refused = await oauth
      .protectedResourceRequest(
        'not.a.token',
        'GET',
        new URL(`${server.url}/api/v1/orgs`),
        undefined,
        undefined,
        insecure,
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect((refused as oauth.WWWAuthenticateChallengeError).cause).toEqual([
      {
        scheme: 'bearer',
        parameters: { realm: 'keyward', error: 'invalid_token', resource_metadata: metadataUrl },
      },
    ]);
    // A session that ended has no challenge of its own; it gets one too (RFC 9110 §15.5.2).
    const ended = await fetch(`${server.url}/api/v1/orgs`, { headers: { cookie: 'keyward_session=gone' } });
    expect(ended.status).toBe(401);
    expect(ended.headers.get('www-authenticate')).toContain(`resource_metadata="${metadataUrl}"`);
    // A wrong password at sign-in is no bearer matter.
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password here' }),
    });
    expect(signIn.status).toBe(401);
    expect(signIn.headers.get('www-authenticate')).toBeNull();
  });

  it('resource=<issuer> asks for the token it describes; mixed with another resource it is refused', async () => {
    const plain = await token({ grant_type: 'client_credentials', orgId });
    const forIssuer = await token({ grant_type: 'client_credentials', orgId, resource: server.url });
    expect(forIssuer.status).toBe(200);
    const claims = decodeJwt(((await forIssuer.json()) as { access_token: string }).access_token);
    expect(claims.aud).toEqual(
      decodeJwt(((await plain.json()) as { access_token: string }).access_token).aud,
    );
    const ok = await fetch(`${server.url}/api/v1/orgs/${orgId}`, {
      headers: {
        authorization: `Bearer ${((await (await token({ grant_type: 'client_credentials', orgId, audience: server.url })).json()) as { access_token: string }).access_token}`,
      },
    });
    expect(ok.status).toBe(200);
    const mixed = await token(
      `grant_type=client_credentials&resource=${encodeURIComponent(server.url)}&resource=${encodeURIComponent('https://billing.example.com/')}`,
    );
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toMatchObject({ error: 'invalid_target' });
  });
});
