// OVH-signed requests at a resource server: Keyward checks the signature (it holds the application secret) and
// answers who signed it with the consumer key's rules, which `require(principal, { method, path })` then
// matches. Against a real Keyward listening on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../server/src/core/principal.js';
import { type GrantedKey, grantConsumerKey, ovhHeaders } from '../../server/test/support/ovh.js';
import {
  createVerifier,
  isVerifyError,
  type Requirement,
  type SignedPrincipal,
  type Verifier,
  VerifyError,
} from '../src/index.js';
import { type Keyward, startKeyward } from './support/keyward.js';

const CHECKER = { id: 'billing-service', secret: '' };
const BILLING: Requirement = { anyOf: [{ permission: 'billing:read' }, { method: 'GET', path: '/billing' }] };

let keyward: Keyward;
let key: GrantedKey;
let verifier: Verifier;
let checks = 0;

function signedRequest(options: { method?: string; path: string; body?: string; signedUrl?: string }) {
  const url = `${keyward.url}${options.path}`;
  const method = options.method ?? 'GET';
  const headers = ovhHeaders({
    applicationKey: key.applicationKey,
    applicationSecret: key.applicationSecret,
    consumerKey: key.consumerKey,
    method,
    url: options.signedUrl ?? url,
    body: options.body ?? '',
    timestamp: Math.floor(Date.now() / 1000),
  });
  return { method, url, headers, clientIp: '127.0.0.1', ...(options.body ? { body: options.body } : {}) };
}

beforeAll(async () => {
  keyward = await startKeyward({ env: { KEYWARD_SIGNED_REQUEST_CHECKERS: CHECKER.id } });
  const { container } = keyward.server;
  // The resource server's own app: it needs no grant in any org, only the operator's listing.
  const made = await container.apps.create(systemCaller('verify-test'), keyward.orgId, {
    type: 'server',
    name: 'Billing service',
    clientId: CHECKER.id,
    scopes: { allRoles: true },
  });
  CHECKER.secret = made.secret as string;
  key = await grantConsumerKey(container, {
    developerId: keyward.member.id,
    userId: keyward.member.id,
    rules: [{ method: 'GET', path: '/billing' }],
  });
  const counting: typeof fetch = (input, init) => {
    if (String(input).endsWith('/api/v1/signed-request-checks')) checks++;
    return fetch(input, init);
  };
  verifier = createVerifier({
    issuer: keyward.url,
    audience: 'billing',
    signedRequests: { clientId: CHECKER.id, clientSecret: CHECKER.secret },
    fetch: counting,
  });
});
afterAll(async () => keyward?.close());

describe('verifySigned', () => {
  it('gives the user who validated the key, their permissions in their org, and the key’s rules', async () => {
    const principal = await verifier.verifySigned(signedRequest({ path: '/billing' }));
    expect(principal).toMatchObject({
      kind: 'user',
      subject: keyward.member.id,
      orgId: keyward.orgId,
      credential: { type: 'consumer_key', id: String(key.credentialId) },
      applicationId: key.applicationId,
      rules: [{ method: 'GET', path: '/billing' }],
      request: { method: 'GET', path: '/billing', allowed: true },
    });
    expect(principal.permissions).toContain('billing:read');
    expect(principal.roles).toEqual(expect.arrayContaining(['org_member', 'billing:viewer']));
  });

  it('makes require(principal, { method, path }) match the rules that came back with it', async () => {
    const principal = await verifier.verifySigned(signedRequest({ path: '/billing' }));
    expect(verifier.require(principal, { method: 'GET', path: '/billing' })).toEqual({ allowed: true });
    expect(verifier.require(principal, BILLING)).toEqual({ allowed: true });
    const refused = verifier.require(principal, { method: 'PUT', path: '/me/password' });
    expect(refused).toMatchObject({ allowed: false, rule: 'request_rule', missing: ['PUT /me/password'] });
    expect(verifier.require(principal, { method: 'GET', path: '/billing/7' })).toMatchObject({
      allowed: false,
    });
    expect(verifier.require(principal, { permission: 'billing:write' })).toMatchObject({
      allowed: false,
      missing: ['billing:write'],
    });
  });

  it('checks every signature with Keyward, never from a cache', async () => {
    const request = signedRequest({ path: '/billing' });
    const before = checks;
    await verifier.verifySigned(request);
    await verifier.verifySigned(request);
    expect(checks - before).toBe(2);
  });

  it('refuses a forged signature with Keyward’s reason and the OVH-shaped body', async () => {
    const request = signedRequest({ path: '/billing', signedUrl: `${keyward.url}/somewhere-else` });
    const error = await verifier.verifySigned(request).catch((e: unknown) => e);
    expect(isVerifyError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'signature_invalid',
      status: 400,
      keywardCode: 'consumer_key.invalid_signature',
      ovh: { errorCode: 'INVALID_SIGNATURE', message: 'Invalid signature' },
    });
    const rendered = verifier.render(error as VerifyError, 'ovh');
    expect(rendered.status).toBe(400);
    expect(rendered.body).toMatchObject({ class: 'Client::BadRequest', errorCode: 'INVALID_SIGNATURE' });
  });

  it('covers the body bytes', async () => {
    const request = signedRequest({ method: 'POST', path: '/billing', body: '{"a":"é"}' });
    await expect(verifier.verifySigned(request)).resolves.toMatchObject({ request: { allowed: false } });
    await expect(verifier.verifySigned({ ...request, body: '{"a":"e"}' })).rejects.toMatchObject({
      code: 'signature_invalid',
    });
  });

  it('fails closed (503) when Keyward will not check for this app, and needs the option to be used', async () => {
    const stranger = createVerifier({
      issuer: keyward.url,
      signedRequests: { clientId: keyward.serverApp.app.id, clientSecret: keyward.serverApp.secret },
    });
    const error = await stranger.verifySigned(signedRequest({ path: '/billing' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'signed_check_unavailable', status: 503 });
    expect((error as Error).message).toContain('signed_request_check.not_allowed');
    await expect(
      createVerifier({ issuer: keyward.url }).verifySigned(signedRequest({ path: '/billing' })),
    ).rejects.toThrow(TypeError);
  });
});

describe('checkRequest: any of the three credential kinds', () => {
  it('lets a signed call through when its rules allow the request and the requirement holds', async () => {
    const outcome = await verifier.checkRequest(signedRequest({ path: '/billing' }), BILLING);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && (outcome.principal as SignedPrincipal).credential.type).toBe('consumer_key');
  });

  it('refuses a signed call outside its rules as NOT_GRANTED_CALL, whatever the requirement', async () => {
    const outcome = await verifier.checkRequest(signedRequest({ method: 'PUT', path: '/me/password' }), {});
    expect(outcome).toMatchObject({ ok: false, dialect: 'ovh', failure: { rule: 'request_rule' } });
    if (outcome.ok) return;
    const rendered = verifier.render(outcome.failure, outcome.dialect);
    expect(rendered.status).toBe(403);
    expect(rendered.body).toMatchObject({
      class: 'Client::Forbidden',
      errorCode: 'NOT_GRANTED_CALL',
      message: 'This call has not been granted',
      httpCode: '403 Forbidden',
    });
    expect(rendered.headers['www-authenticate']).toBeUndefined();
  });

  it('takes access tokens as before', async () => {
    const { accessToken } = await keyward.apiTokenAccess();
    const outcome = await verifier.checkRequest(
      {
        method: 'GET',
        url: `${keyward.url}/billing`,
        headers: { authorization: `Bearer ${accessToken}` },
        clientIp: '127.0.0.1',
      },
      BILLING,
    );
    expect(outcome).toMatchObject({
      ok: true,
      dialect: 'bearer',
      principal: { credential: { type: 'api_token' } },
    });
    const missing = await verifier.checkRequest(
      { method: 'GET', url: `${keyward.url}/billing`, headers: {}, clientIp: '127.0.0.1' },
      BILLING,
    );
    expect(missing).toMatchObject({ ok: false, failure: { code: 'token_missing' } });
    expect((missing as { failure: unknown }).failure).toBeInstanceOf(VerifyError);
  });
});
