// DPoP-bound tokens (RFC 9449 §7) against a real Keyward: the token is minted by Keyward's token endpoint for a
// proof of the client's key, then presented to a resource server with `Authorization: DPoP` and a fresh proof.
// What the verifier accepts, what it refuses (and why: `reason`), and the challenge it answers with.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastifyGuard } from '../src/fastify.js';
import {
  createVerifier,
  fetchGuard,
  type InvalidTokenReason,
  type Verifier,
  VerifyError,
} from '../src/index.js';
import {
  ath,
  type DpopKey,
  dpopKey,
  proofFor as makeProof,
  boundToken as mintBound,
} from './support/dpop.js';
import { type Keyward, startKeyward } from './support/keyward.js';

const API = 'https://billing.example.com/invoices';

let keyward: Keyward;
let verifier: Verifier;

const now = () => Math.floor(keyward.server.clock.now() / 1000);

/** A proof for `method url` carrying the token's hash, made at Keyward's (the verifier's) time. */
const proofFor = (
  key: DpopKey,
  token: string,
  method = 'GET',
  url = API,
  extra: Record<string, unknown> = {},
) => makeProof(key, token, method, url, { iat: now(), ...extra });

const boundToken = (key: DpopKey) => mintBound(keyward, key);

async function refusedWith(promise: Promise<unknown>, reason: InvalidTokenReason, message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VerifyError);
  expect(error).toMatchObject({ code: 'token_invalid', reason, status: 401 });
  if (message) expect((error as VerifyError).message).toMatch(message);
}

beforeAll(async () => {
  keyward = await startKeyward();
  verifier = createVerifier({
    issuer: keyward.url,
    audience: 'billing',
    now: () => keyward.server.clock.now(),
  });
});
afterAll(async () => keyward.close());

describe('verify', () => {
  it('accepts a bound token with a proof of its key for this request; the principal carries cnf', async () => {
    const key = await dpopKey();
    const token = await boundToken(key);
    const principal = await verifier.verify(token, {
      dpop: { proof: await proofFor(key, token), method: 'GET', url: `${API}?page=2` },
    });
    expect(principal).toMatchObject({ kind: 'app', subject: keyward.serverApp.app.id });
    expect(principal.claims.cnf).toEqual({ jkt: key.jkt });
  });

  it('refuses the bound token without a proof, as a bearer token would be used', async () => {
    const token = await boundToken(await dpopKey());
    await refusedWith(verifier.verify(token), 'dpop_required', /Authorization: DPoP/);
  });

  it('refuses a replayed proof within the window', async () => {
    const key = await dpopKey();
    const token = await boundToken(key);
    const dpop = { proof: await proofFor(key, token), method: 'GET', url: API };
    await verifier.verify(token, { dpop });
    await refusedWith(verifier.verify(token, { dpop }), 'dpop_replayed', /already used/);
  });

  it('refuses a proof for another URL, another method, another token, or signed by another key', async () => {
    const key = await dpopKey();
    const token = await boundToken(key);
    const check = async (proof: string, method = 'GET', url = API) =>
      verifier.verify(token, { dpop: { proof, method, url } });
    await refusedWith(
      check(await proofFor(key, token, 'GET', 'https://billing.example.com/other')),
      'dpop_proof',
      /\/other/,
    );
    await refusedWith(check(await proofFor(key, token, 'GET'), 'DELETE'), 'dpop_proof', /not DELETE/);
    await refusedWith(check(await proofFor(key, 'another token')), 'dpop_proof', /another access token/);
    await refusedWith(check(await proofFor(await dpopKey(), token)), 'dpop_proof', /another key/);
    await refusedWith(
      check(await proofFor(key, token, 'GET', API, { iat: now() - 3600 })),
      'dpop_proof',
      /too old/,
    );
    await refusedWith(
      check(
        await key.sign({ htm: 'GET', htu: API, iat: now(), jti: 'x', ath: await ath(token) }, { typ: 'JWT' }),
      ),
      'dpop_proof',
      /typ/,
    );
  });
});

describe('guards', () => {
  it('the Fetch guard takes Authorization: DPoP with its proof, and answers DPoP challenges', async () => {
    const guard = fetchGuard(verifier, { permission: 'billing:read' });
    const key = await dpopKey();
    const token = await boundToken(key);
    const request = async (authorization: string, proof?: string) =>
      guard(new Request(API, { headers: { authorization, ...(proof ? { dpop: proof } : {}) } }));

    const allowed = await request(`DPoP ${token}`, await proofFor(key, token));
    expect(allowed).not.toBeInstanceOf(Response);

    const asBearer = (await request(`Bearer ${token}`)) as Response;
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toMatch(
      /^DPoP realm="billing", algs="[^"]*ES256[^"]*", error="invalid_token"/,
    );

    const replayed = await proofFor(key, token);
    await request(`DPoP ${token}`, replayed);
    const again = (await request(`DPoP ${token}`, replayed)) as Response;
    expect(again.status).toBe(401);
    expect(again.headers.get('www-authenticate')).toMatch(/error="invalid_dpop_proof"/);
    expect(await again.json()).toMatchObject({ error: 'invalid_dpop_proof' });

    // A bearer token under the DPoP scheme is refused too.
    const bearerToken = await keyward.clientCredentialsAccess();
    const unbound = (await request(`DPoP ${bearerToken}`, await proofFor(key, bearerToken))) as Response;
    expect(unbound.status).toBe(401);
    expect(String(((await unbound.json()) as { error_description: string }).error_description)).toMatch(
      /not bound/,
    );
  });

  it('the Fastify guard checks the proof against the URL the client addressed (publicOrigin behind a proxy)', async () => {
    const proxied = createVerifier({
      issuer: keyward.url,
      audience: 'billing',
      now: () => keyward.server.clock.now(),
      dpop: { publicOrigin: 'https://billing.example.com' },
    });
    const app = Fastify();
    app.get(
      '/invoices',
      { preHandler: fastifyGuard(proxied, { permission: 'billing:read' }) },
      async (request) => ({
        subject: request.keyward?.subject,
      }),
    );
    const key = await dpopKey();
    const token = await boundToken(key);
    // The request arrives at the service's own address; the proof names the public one.
    const response = await app.inject({
      method: 'GET',
      url: '/invoices?page=1',
      headers: { authorization: `DPoP ${token}`, dpop: await proofFor(key, token) },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ subject: keyward.serverApp.app.id });
    await app.close();
  });
});
