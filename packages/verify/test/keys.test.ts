// The JWKS cache against a real Keyward behind a proxy that can be broken: one fetch in flight, a rotated key
// picked up without a restart, refetches on unknown kids limited by the cooldown, and stale-if-error — the
// last good keys keep verifying through an outage for a bounded time, then verification fails closed.
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCaller } from '../../server/src/core/principal.js';
import { createVerifier, fetchGuard, type VerifierEvent, VerifyError } from '../src/index.js';
import { movableClock } from './support/clock.js';
import { type Keyward, keywardLikeClaims, startKeyward } from './support/keyward.js';
import { type BreakableProxy, startProxy } from './support/proxy.js';

const MINUTE = 60_000;
let keyward: Keyward;
let proxy: BreakableProxy;
let jwksUri: string;

beforeAll(async () => {
  keyward = await startKeyward();
  proxy = await startProxy(keyward.url);
  jwksUri = `${proxy.url}/oauth/jwks`;
});
afterAll(async () => {
  await proxy.close();
  await keyward.close();
});

const jwksFetches = () => proxy.hitsOf('/oauth/jwks');

describe('fetching', () => {
  it('a cold verifier facing many requests at once fetches the key set once', async () => {
    const verifier = createVerifier({ issuer: keyward.url, jwksUri });
    const { accessToken } = await keyward.apiTokenAccess();
    const before = jwksFetches();
    const principals = await Promise.all(Array.from({ length: 25 }, () => verifier.verify(accessToken)));
    expect(principals).toHaveLength(25);
    expect(jwksFetches() - before).toBe(1);
    // And none more while the copy is fresh.
    await verifier.verify(accessToken);
    expect(jwksFetches() - before).toBe(1);
  });

  it('finds the JWKS through discovery when no jwksUri is given', async () => {
    const events: VerifierEvent[] = [];
    const verifier = createVerifier({ issuer: keyward.url, onEvent: (event) => events.push(event) });
    await verifier.verify((await keyward.apiTokenAccess()).accessToken);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'jwks_fetched', url: `${keyward.url}/oauth/jwks` }),
    );
  });
});

describe('rotation', () => {
  it('a key added by `keyward keys rotate` verifies at once, without restarting the verifier', async () => {
    const verifier = createVerifier({ issuer: keyward.url, jwksUri });
    const before = await keyward.apiTokenAccess();
    await verifier.verify(before.accessToken);
    const fetches = jwksFetches();

    // What `keyward keys rotate` runs: a new active key; the old one stays published.
    const rotated = await keyward.server.container.keys.rotate(systemCaller('cli:keys-rotate'), 'ES256');
    const after = await keyward.apiTokenAccess();
    const principal = await verifier.verify(after.accessToken);
    expect(principal.kind).toBe('user');
    expect(jwksFetches() - fetches).toBe(1);
    expect(verifier.keyStatus().kids).toContain(rotated.kid);
    await expect(verifier.verify(before.accessToken)).resolves.toBeDefined();

    // Switching algorithm (KEYWARD_SIGNING_ALG=RS256): the allow-list follows the published keys.
    await keyward.server.container.keys.rotate(systemCaller('cli:keys-rotate'), 'RS256');
    const rsa = await keyward.apiTokenAccess();
    await expect(verifier.verify(rsa.accessToken)).resolves.toMatchObject({ kind: 'user' });
    await keyward.server.container.keys.rotate(systemCaller('cli:keys-rotate'), 'ES256');
  });

  it('unknown kids cause one refetch per cooldown, not one per request', async () => {
    const clock = movableClock();
    const verifier = createVerifier({
      issuer: keyward.url,
      jwksUri,
      now: clock.now,
      refetchCooldownMs: 10_000,
    });
    await verifier.ready();
    const foreign = await generateKeyPair('ES256');
    const stranger = await new SignJWT(keywardLikeClaims(keyward))
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'made-up' })
      .sign(foreign.privateKey);
    const fetches = jwksFetches();
    for (let i = 0; i < 5; i++) {
      await expect(verifier.verify(stranger)).rejects.toMatchObject({ reason: 'unknown_key' });
    }
    expect(jwksFetches() - fetches).toBe(1);
    clock.advance(10_000);
    await expect(verifier.verify(stranger)).rejects.toMatchObject({ reason: 'unknown_key' });
    expect(jwksFetches() - fetches).toBe(2);
  });
});

describe('Keyward outage (stale-if-error)', () => {
  it('keeps verifying with the last good keys within the bound, fails closed beyond it, recovers after', async () => {
    const clock = movableClock();
    const events: VerifierEvent[] = [];
    const verifier = createVerifier({
      issuer: keyward.url,
      jwksUri,
      now: clock.now,
      cacheMaxAgeMs: MINUTE,
      staleIfErrorMs: 5 * MINUTE,
      onEvent: (event) => events.push(event),
    });
    const { accessToken } = await keyward.apiTokenAccess();
    await verifier.verify(accessToken);

    try {
      // Keyward unreachable: past the cache age, each use tries a background refetch; the old keys still verify.
      proxy.mode = 'drop';
      clock.advance(2 * MINUTE);
      await expect(verifier.verify(accessToken)).resolves.toMatchObject({ kind: 'user' });
      await vi.waitFor(() =>
        expect(events.at(-1)).toMatchObject({
          type: 'jwks_fetch_failed',
          servingStaleUntil: expect.any(Number),
        }),
      );
      // Keyward up but failing.
      proxy.mode = 'unavailable';
      clock.advance(3 * MINUTE);
      await expect(verifier.verify(accessToken)).resolves.toMatchObject({ kind: 'user' });
      await vi.waitFor(() => expect(String((events.at(-1) as { error?: string }).error)).toMatch(/HTTP 503/));

      // Beyond cacheMaxAge + staleIfError (6 minutes): fail closed, with a clear error and a 503.
      clock.advance(1.5 * MINUTE);
      const error = await verifier.verify(accessToken).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(VerifyError);
      expect(error).toMatchObject({ code: 'keys_unavailable', status: 503 });
      expect((error as Error).message).toMatch(/older than the 360 s they may be used/);
      expect((error as Error).message).toMatch(/HTTP 503/);
      const guard = fetchGuard(verifier);
      const response = await guard(
        new Request('http://rs.test/x', { headers: { authorization: `Bearer ${accessToken}` } }),
      );
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(503);
      expect((response as Response).headers.get('retry-after')).toBe('5');
      expect(await (response as Response).json()).toMatchObject({ error: 'temporarily_unavailable' });
    } finally {
      proxy.mode = 'pass';
    }
    // Keyward back: the next attempt after the cooldown succeeds, without a restart.
    clock.advance(10_000);
    await expect(verifier.verify(accessToken)).resolves.toMatchObject({ kind: 'user' });
  });

  it('a verifier that never reached Keyward fails closed at once, and retries only after the cooldown', async () => {
    const clock = movableClock();
    const verifier = createVerifier({ issuer: keyward.url, jwksUri, now: clock.now });
    const { accessToken } = await keyward.apiTokenAccess();
    proxy.mode = 'drop';
    try {
      const fetches = jwksFetches();
      await expect(verifier.verify(accessToken)).rejects.toMatchObject({ code: 'keys_unavailable' });
      await expect(verifier.verify(accessToken)).rejects.toMatchObject({ code: 'keys_unavailable' });
      expect(jwksFetches() - fetches).toBe(1);
      await expect(verifier.ready()).rejects.toMatchObject({ code: 'keys_unavailable' });
    } finally {
      proxy.mode = 'pass';
    }
    clock.advance(5_000);
    await expect(verifier.verify(accessToken)).resolves.toBeDefined();
  });

  it('a key Keyward stops publishing stops verifying at the next fetch', async () => {
    const verifier = createVerifier({ issuer: keyward.url, jwksUri });
    const old = await keyward.apiTokenAccess();
    await verifier.verify(old.accessToken);
    const { container, clock } = keyward.server;
    await container.keys.rotate(systemCaller('test'), 'ES256');
    // A day later the retired keys are pruned (the server's clock moves; the verifier's does not).
    clock.advance(25 * 60 * MINUTE);
    await container.keys.reload();
    await container.keys.pruneRetired();
    await container.keys.reload();
    await verifier.ready();
    await expect(verifier.verify(old.accessToken)).rejects.toMatchObject({ reason: 'unknown_key' });
    clock.advance(-25 * 60 * MINUTE);
  });
});
