// Caches on one node learn of changes made on another by LISTEN/NOTIFY (docs/architecture.md#hot-paths), well
// before their two-second expiry: a token revoked on node B stops working on node A at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from './support/databases.js';
import { call, signIn } from './support/http.js';
import { grantConsumerKey, ovhHeaders, userCaller } from './support/ovh.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

describe.runIf(postgresUrl)('two nodes on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer({ database: 'postgres' });
    b = await startTestServer({ sharing: a, clock: a.clock });
    await a.container.bus.start();
    await b.container.bus.start();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const exchange = (node: TestServer, token: string) =>
    node.app.inject({
      method: 'POST',
      url: '/csp/gateway/am/api/auth/api-tokens/authorize',
      payload: `api_token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  /** Polls until `check` holds; the frozen test clock keeps the cache TTL from doing the work. */
  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the other node never noticed');
  }

  it('a revocation and a role change on node B reach node A’s caches', async () => {
    const session = await signIn(b.app, ADMIN.email, ADMIN.password);
    const orgId = a.firstRun?.orgId;
    const created = (
      await call(b.app, session, 'POST', '/api/v1/me/api-tokens', {
        orgId,
        name: 'x',
        scopes: { allRoles: true },
      })
    ).json() as { id: string; token: string };

    // Node A caches the token and the membership.
    expect((await exchange(a, created.token)).json().scope).toContain('csp:org_owner');

    await call(b.app, session, 'PUT', `/api/v1/orgs/${orgId}/members/${session.userId}`, {
      orgRoles: ['org_owner', 'developer'],
    });
    await eventually(async () => (await exchange(a, created.token)).json().scope.includes('csp:developer'));

    await call(b.app, session, 'DELETE', `/api/v1/me/api-tokens/${created.id}`);
    await eventually(async () => (await exchange(a, created.token)).statusCode === 400);
    expect((await exchange(a, created.token)).json().errorCode).toBe('api_token.revoked');
  });

  it('a consumer key revoked or re-addressed on node B stops working on node A at once', async () => {
    const operator = await b.container.storage.stores.users.findByEmail(ADMIN.email);
    const userId = operator?.id ?? '';
    const key = await grantConsumerKey(b.container, {
      developerId: userId,
      userId,
      rules: [{ method: 'GET', path: '/me' }],
    });
    const me = (node: TestServer) => {
      const timestamp = Math.floor(node.clock.now() / 1000);
      const headers = ovhHeaders({ ...key, method: 'GET', url: 'http://localhost:80/1.0/me', timestamp });
      return node.app.inject({ method: 'GET', url: '/1.0/me', headers });
    };
    // Node A caches the application and the credential.
    expect((await me(a)).statusCode).toBe(200);
    await b.container.consumerKeys.setAllowedIps(userCaller(userId), key.credentialId, ['192.0.2.0/24']);
    await eventually(async () => (await me(a)).json().errorCode === 'INVALID_CREDENTIAL');
    await b.container.consumerKeys.setAllowedIps(userCaller(userId), key.credentialId, null);
    await eventually(async () => (await me(a)).statusCode === 200);
    await b.container.consumerKeys.revokeGranted(userCaller(userId), key.credentialId);
    await eventually(async () => (await me(a)).json().errorCode === 'NOT_CREDENTIAL');
  });
});
