// Refusing tokens whose credential was revoked before they expire: a synchronous revocation source (which
// Keyward's revocation feed will fill), and for routes marked immediate, introspection (RFC 7662) at Keyward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../server/src/core/principal.js';
import { expressGuard } from '../src/express.js';
import { createRevocationSet, createVerifier, fetchGuard, VerifyError } from '../src/index.js';
import { movableClock } from './support/clock.js';
import { type Keyward, startKeyward } from './support/keyward.js';

let keyward: Keyward;

beforeAll(async () => {
  keyward = await startKeyward();
});
afterAll(async () => keyward.close());

/** The global fetch, counting introspection requests. */
function countingFetch() {
  const counter = { introspections: 0 };
  const counted: typeof fetch = (input, init) => {
    if (String(input).endsWith('/oauth/introspect')) counter.introspections++;
    return fetch(input, init);
  };
  return { counter, fetch: counted };
}

describe('introspection for routes marked immediate', () => {
  it('reports a revoked API token inactive at once, where local verification still accepts it', async () => {
    const { counter, fetch } = countingFetch();
    const clock = movableClock();
    // The resource server's own app: confidential, added to no org, holding no role.
    const { app, secret } = await keyward.server.container.apps.create(systemCaller('test'), keyward.orgId, {
      type: 'server',
      name: 'Billing API (introspection)',
      scopes: {},
    });
    const verifier = createVerifier({
      issuer: keyward.url,
      introspection: { clientId: app.id, clientSecret: secret as string, cacheMs: 1000 },
      // Without the feed (on by default with these credentials), local checks cannot know of the revocation.
      revocations: false,
      fetch,
      now: clock.now,
    });
    const { accessToken, apiTokenId } = await keyward.apiTokenAccess();
    await expect(verifier.verify(accessToken, { immediate: true })).resolves.toMatchObject({ kind: 'user' });
    await verifier.verify(accessToken, { immediate: true });
    expect(counter.introspections).toBe(1); // the answer is reused for cacheMs

    await keyward.server.container.apiTokens.revoke(keyward.member.caller, apiTokenId);
    await expect(verifier.verify(accessToken)).resolves.toBeDefined(); // local checks cannot know yet
    clock.advance(1000);
    const error = await verifier.verify(accessToken, { immediate: true }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(VerifyError);
    expect(error).toMatchObject({ code: 'token_invalid', reason: 'inactive', status: 401 });
    expect((error as Error).message).toMatch(/inactive/);
    expect(counter.introspections).toBe(2);
  });

  it('asks once for many concurrent requests with one token; cacheMs 0 asks every time', async () => {
    const { counter, fetch } = countingFetch();
    const client = { clientId: keyward.serverApp.app.id, clientSecret: keyward.serverApp.secret };
    const { accessToken } = await keyward.apiTokenAccess();
    const cached = createVerifier({ issuer: keyward.url, introspection: client, fetch });
    await Promise.all(Array.from({ length: 10 }, () => cached.verify(accessToken, { immediate: true })));
    expect(counter.introspections).toBe(1);
    const uncached = createVerifier({ issuer: keyward.url, introspection: { ...client, cacheMs: 0 }, fetch });
    await uncached.verify(accessToken, { immediate: true });
    await uncached.verify(accessToken, { immediate: true });
    expect(counter.introspections).toBe(3);
  });

  it('fails closed (503) when Keyward refuses the introspection client, and says why', async () => {
    const verifier = createVerifier({
      issuer: keyward.url,
      introspection: { clientId: keyward.serverApp.app.id, clientSecret: 'S3cretNotIssued42' },
    });
    const { accessToken } = await keyward.apiTokenAccess();
    const error = await verifier.verify(accessToken, { immediate: true }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'introspection_unavailable', status: 503 });
    expect((error as Error).message).toMatch(/HTTP 401.*invalid_client/);
    expect((error as Error).message).not.toContain('S3cretNotIssued42');
  });

  it('a guard marked immediate needs introspection credentials, checked when the guard is made', () => {
    const verifier = createVerifier({ issuer: keyward.url });
    expect(() => fetchGuard(verifier, {}, { immediate: true })).toThrow(/introspection option/);
    expect(() => expressGuard(verifier, {}, { immediate: true })).toThrow(/introspection option/);
  });
});

describe('revocation source', () => {
  it('refuses tokens of a revoked credential, subject or token id; newer tokens of a re-activated one pass', async () => {
    const revocations = createRevocationSet();
    const verifier = createVerifier({ issuer: keyward.url, revocations });
    const first = await keyward.apiTokenAccess();
    const second = await keyward.apiTokenAccess();
    const principal = await verifier.verify(first.accessToken);
    const keepUntil = principal.claims.exp;

    revocations.add({
      credential: { type: 'api_token', id: first.apiTokenId },
      keepUntil,
      reason: 'API token revoked',
    });
    const error = await verifier.verify(first.accessToken).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'token_invalid', reason: 'revoked' });
    expect((error as Error).message).toMatch(/API token revoked/);
    await expect(verifier.verify(second.accessToken)).resolves.toBeDefined();

    // Deactivated then activated again: tokens minted after issuedBefore are good.
    const revokedAt = principal.claims.iat - 1;
    revocations.add({
      credential: { type: 'api_token', id: first.apiTokenId },
      keepUntil,
      issuedBefore: revokedAt,
    });
    await expect(verifier.verify(first.accessToken)).resolves.toBeDefined();

    // A member removed from the org: every token of theirs there.
    revocations.add({
      subject: keyward.member.id,
      orgId: keyward.orgId,
      keepUntil,
      reason: 'removed from the org',
    });
    await expect(verifier.verify(second.accessToken)).rejects.toMatchObject({ reason: 'revoked' });
    await expect(verifier.verify(await keyward.clientCredentialsAccess())).resolves.toMatchObject({
      kind: 'app',
    });

    expect(revocations.size).toBe(2);
    expect(revocations.prune(keepUntil + 1)).toBe(2);
    await expect(verifier.verify(second.accessToken)).resolves.toBeDefined();

    revocations.add({ token: principal.claims.jti, keepUntil });
    await expect(verifier.verify(first.accessToken)).rejects.toMatchObject({ reason: 'revoked' });
  });

  it('a source that cannot answer fails the request closed', async () => {
    const verifier = createVerifier({
      issuer: keyward.url,
      revocations: {
        check: () => {
          throw new Error('feed disconnected for 45 s');
        },
      },
    });
    const error = await verifier
      .verify(await keyward.clientCredentialsAccess())
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'revocations_unavailable', status: 503 });
    expect((error as Error).message).toMatch(/feed disconnected/);
  });
});
