// Lockouts on hot paths (issue 13 item 4): client secrets per (client, address), never refusing a correct
// secret from where the client last succeeded; API-token lookups and OVH-signed requests per address. The
// counters are in the database, shared by every node; the check is a memory lookup. Frozen clock.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OAuthApp } from '../src/apps/store.js';
import { SECOND } from '../src/core/clock.js';
import { systemCaller } from '../src/core/principal.js';
import { postgresUrl } from './support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';

const system = systemCaller('test');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { KEYWARD_TRUST_PROXY: 'true' } });
});
afterAll(async () => server.close());

async function newClient(on: TestServer): Promise<{ app: OAuthApp; secret: string }> {
  const { app, secret } = await on.container.apps.create(system, on.firstRun?.orgId as string, {
    type: 'web',
    name: 'Ledger',
    redirectUris: ['https://rp.test/cb'],
    scopes: { allRoles: true },
  });
  return { app, secret: secret as string };
}

/** Client authentication at the introspection endpoint, from `ip`. */
function introspect(on: TestServer, clientId: string, secret: string, ip: string) {
  return on.app.inject({
    method: 'POST',
    url: '/oauth/introspect',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': ip,
    },
    payload: 'token=not-a-token',
  });
}

describe('client secrets', () => {
  it('lock (client, address) after 100 failures, but never the client’s correct secret from where it last succeeded', async () => {
    const client = await newClient(server);
    expect((await introspect(server, client.app.id, client.secret, '10.20.0.1')).statusCode).toBe(200);
    for (let i = 0; i < 100; i++) {
      expect((await introspect(server, client.app.id, `wrong-${i}`, '10.20.0.1')).statusCode).toBe(401);
    }
    const wrong = await introspect(server, client.app.id, 'wrong again', '10.20.0.1');
    expect(wrong.statusCode).toBe(429);
    expect(wrong.headers['retry-after']).toBe('60');
    // The real client, at its usual address (behind the same NAT as the attacker): still served.
    expect((await introspect(server, client.app.id, client.secret, '10.20.0.1')).statusCode).toBe(200);
    // The same correct secret from elsewhere is served too: that (client, address) is not locked.
    expect((await introspect(server, client.app.id, client.secret, '10.20.0.2')).statusCode).toBe(200);
    // Now the last success came from 10.20.0.2: at the locked address the correct secret waits like the rest.
    expect((await introspect(server, client.app.id, client.secret, '10.20.0.1')).statusCode).toBe(429);
    server.clock.advance(61 * SECOND);
    expect((await introspect(server, client.app.id, client.secret, '10.20.0.1')).statusCode).toBe(200);
  });

  it('double the lockout each time in a row', async () => {
    const client = await newClient(server);
    const waits: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100; i++) await introspect(server, client.app.id, `wrong-${i}`, '10.21.0.1');
      const refused = await introspect(server, client.app.id, 'wrong', '10.21.0.1');
      waits.push(refused.headers['retry-after'] as string);
      server.clock.advance(Number(refused.headers['retry-after']) * SECOND);
    }
    expect(waits).toEqual(['60', '120', '240']);
  });
});

describe('API-token lookups', () => {
  it('lock an address after 100 unknown tokens, and not another address', async () => {
    const exchange = (ip: string) =>
      server.app.inject({
        method: 'POST',
        url: '/csp/gateway/am/api/auth/api-tokens/authorize',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
        payload: `refresh_token=${'kwt'.padEnd(65, 'A')}`,
      });
    for (let i = 0; i < 100; i++) expect((await exchange('10.22.0.1')).statusCode).not.toBe(429);
    expect((await exchange('10.22.0.1')).statusCode).toBe(429);
    expect((await exchange('10.22.0.2')).statusCode).not.toBe(429);
    const locked = await server.container.storage.stores.lockouts.listLocked(server.clock.now());
    expect(locked).toContainEqual(
      expect.objectContaining({ scope: 'api_token_address', address: '10.22.0.1', lockoutCount: 1 }),
    );
  });
});

describe.skipIf(!postgresUrl)('two nodes on one PostgreSQL database', { timeout: 120_000 }, () => {
  it('count client-secret failures together, and both refuse once the bucket is locked', async () => {
    const first = await startTestServer({ database: 'postgres', env: { KEYWARD_TRUST_PROXY: 'true' } });
    const second = await startTestServer({
      sharing: first,
      clock: first.clock,
      env: { KEYWARD_TRUST_PROXY: 'true' },
    });
    try {
      const client = await newClient(first);
      for (let i = 0; i < 50; i++) {
        expect((await introspect(first, client.app.id, `wrong-${i}`, '10.23.0.1')).statusCode).toBe(401);
        expect((await introspect(second, client.app.id, `again-${i}`, '10.23.0.1')).statusCode).toBe(401);
      }
      // The hundredth failure, on the second node, locked the bucket: 50 + 50 counted in one place.
      expect((await introspect(second, client.app.id, 'wrong', '10.23.0.1')).statusCode).toBe(429);
      // The first node reads the lock in the background (or hears of it): it refuses from then on.
      first.clock.advance(2 * SECOND);
      await vi.waitFor(async () => {
        expect((await introspect(first, client.app.id, 'wrong', '10.23.0.1')).statusCode).toBe(429);
      });
    } finally {
      await second.close();
      await first.close();
    }
  });
});
