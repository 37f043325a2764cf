// GET /api/v1/signing-keys and POST /api/v1/signing-keys/rotate: the operator's `keyward keys list|rotate` over
// the management API. A rotation signs with the new key at once and keeps the old one in the JWKS.
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, type Session, signIn } from './support/http.js';
import { ADMIN, operatorCaller, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'a long and careful passphrase';

let server: TestServer;
let operator: Session;
let plain: Session;

interface SigningKey {
  kid: string;
  alg: string;
  state: 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
  publishedUntil: string | null;
}

beforeAll(async () => {
  server = await startTestServer();
  operator = await signIn(server.app, ADMIN.email, ADMIN.password);
  await server.container.users.create(operatorCaller(), { email: 'plain@example.test', password: PASSWORD });
  plain = await signIn(server.app, 'plain@example.test', PASSWORD);
});
afterAll(async () => server.close());

const jwksKids = async () =>
  (
    (await server.app.inject({ method: 'GET', url: '/oauth/jwks' })).json() as { keys: { kid: string }[] }
  ).keys.map((key) => key.kid);

describe('signing keys', () => {
  it('lists the active key, the one the JWKS publishes and tokens are signed with', async () => {
    const listed = await call(server.app, operator, 'GET', '/api/v1/signing-keys');
    expect(listed.statusCode, listed.body).toBe(200);
    const { keys } = listed.json<{ keys: SigningKey[] }>();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ state: 'active', retiredAt: null, publishedUntil: null });
    expect(await jwksKids()).toEqual([keys[0]?.kid]);
    expect(decodeProtectedHeader(server.container.keys.signJwt({}, 'JWT')).kid).toBe(keys[0]?.kid);
  });

  it('rotates: the new key signs at once, the old one stays published until its tokens expire', async () => {
    const before = (await call(server.app, operator, 'GET', '/api/v1/signing-keys')).json<{
      keys: SigningKey[];
    }>().keys[0] as SigningKey;
    // Later than the first key was made: the list is newest first (two keys made in one millisecond sort by kid).
    server.clock.advance(60_000);
    const rotated = await call(server.app, operator, 'POST', '/api/v1/signing-keys/rotate');
    expect(rotated.statusCode, rotated.body).toBe(201);
    const created = rotated.json<SigningKey>();
    expect(created.kid).not.toBe(before.kid);
    expect(created).toMatchObject({ state: 'active', alg: before.alg });

    const { keys } = (await call(server.app, operator, 'GET', '/api/v1/signing-keys')).json<{
      keys: SigningKey[];
    }>();
    expect(keys.map((key) => [key.kid, key.state])).toEqual([
      [created.kid, 'active'],
      [before.kid, 'retired'],
    ]);
    const retired = keys[1] as SigningKey;
    expect(Date.parse(retired.publishedUntil ?? '')).toBe(
      Date.parse(retired.retiredAt ?? '') + 24 * 3600 * 1000,
    );
    expect((await jwksKids()).sort()).toEqual([before.kid, created.kid].sort());
    expect(decodeProtectedHeader(server.container.keys.signJwt({}, 'JWT')).kid).toBe(created.kid);

    const audit = await call(server.app, operator, 'GET', '/api/v1/audit-events?action=signing_key.rotated');
    expect(audit.statusCode, audit.body).toBe(200);
    const events = audit.json<{ results: { target: { id: string } | null }[] }>().results;
    expect(events.map((event) => event.target?.id)).toContain(created.kid);
  });

  it('is for platform operators only', async () => {
    expectError(await call(server.app, plain, 'GET', '/api/v1/signing-keys'), 403, 'auth.forbidden');
    expectError(await call(server.app, plain, 'POST', '/api/v1/signing-keys/rotate'), 403, 'auth.forbidden');
    expectError(await call(server.app, null, 'GET', '/api/v1/signing-keys'), 401, 'auth.required');
    const { keys } = (await call(server.app, operator, 'GET', '/api/v1/signing-keys')).json<{
      keys: SigningKey[];
    }>();
    expect(keys.filter((key) => key.state === 'active')).toHaveLength(1);
    expect(keys).toHaveLength(2); // the refused rotation added nothing
  });
});
