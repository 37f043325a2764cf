// Second factors through /api/v1: TOTP enrolment, sign-in's second step, recovery codes, throttling and step-up
// (ASVS V6.5 and V7.5.1), on a frozen clock.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/core/clock.js';
import { totpCodeAt } from '../src/identity/factors/totp.js';
import { call, expectError, type Session, signIn } from './support/http.js';
import { operatorCaller, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const password = 'a sufficiently long passphrase';
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function newUserSession(): Promise<{ email: string; session: Session }> {
  counter += 1;
  const email = `mfa-${counter}@example.test`;
  await server.container.users.create(operatorCaller(), { email, password });
  return { email, session: await signIn(server.app, email, password) };
}

/** Adds an authenticator app to the session's user; returns its secret and the recovery codes that came with it. */
async function enrolTotp(session: Session): Promise<{ secret: string; factorId: string; codes: string[] }> {
  const started = await call(server.app, session, 'POST', '/api/v1/me/factors/totp', { name: 'Phone' });
  expect(started.statusCode, started.body).toBe(201);
  const { secret, factor } = started.json();
  const confirmed = await call(server.app, session, 'POST', `/api/v1/me/factors/totp/${factor.id}/confirm`, {
    code: totpCodeAt(secret, server.clock.now()),
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, factorId: factor.id, codes: confirmed.json().recoveryCodes };
}

function cookieOf(response: LightMyRequestResponse): string {
  const setCookie = response.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!raw) throw new Error('no cookie set');
  return raw.split(';')[0] as string;
}

/** Signs in with the password: the answer asks for the second factor and sets the pending session's cookie. */
async function passwordStep(email: string): Promise<Pending> {
  const response = await call(server.app, null, 'POST', '/api/v1/session', { email, password });
  expectError(response, 401, 'auth.second_factor_required');
  const { details } = response.json();
  expect(details.methods).toEqual(['totp', 'recovery_code', 'passkey']);
  return { cookie: cookieOf(response), csrfToken: details.csrfToken };
}

interface Pending {
  cookie: string;
  csrfToken: string;
}

function secondStep(pending: Pending, code: string) {
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/session/second-factor',
    headers: { cookie: pending.cookie, 'x-csrf-token': pending.csrfToken },
    payload: { code },
  });
}

/** Moves the clock to the start of the next 30-second TOTP step. */
function nextStep(): void {
  const now = server.clock.now();
  server.clock.set(now - (now % (30 * SECOND)) + 30 * SECOND);
}

describe('adding an authenticator app', () => {
  it('shows the secret, an otpauth URI and a QR code, and confirms only with a right first code', async () => {
    const { session, email } = await newUserSession();
    const started = await call(server.app, session, 'POST', '/api/v1/me/factors/totp', {});
    expect(started.statusCode).toBe(201);
    expect(started.headers['cache-control']).toBe('no-store');
    const body = started.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.uri).toContain('otpauth://totp/');
    expect(body.uri).toContain(encodeURIComponent(email));
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    // Not a factor until confirmed.
    expect((await call(server.app, session, 'GET', '/api/v1/me/factors')).json().factors).toEqual([]);

    const url = `/api/v1/me/factors/totp/${body.factor.id}/confirm`;
    const wrong = totpCodeAt(body.secret, server.clock.now() + 5 * MINUTE);
    expectError(await call(server.app, session, 'POST', url, { code: wrong }), 400, 'factor.invalid_code');
    const confirmed = await call(server.app, session, 'POST', url, {
      code: totpCodeAt(body.secret, server.clock.now()),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { recoveryCodes } = confirmed.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);

    const listed = (await call(server.app, session, 'GET', '/api/v1/me/factors')).json();
    expect(listed.factors).toMatchObject([{ id: body.factor.id, kind: 'totp', name: 'Authenticator app' }]);
    expect(listed.recoveryCodes).toEqual({ total: 10, unused: 10 });
  });

  it('stores the secret encrypted and the recovery codes hashed', async () => {
    const { session } = await newUserSession();
    const { secret, codes } = await enrolTotp(session);
    const db = server.container.storage.db.kysely;
    const factor = await db
      .selectFrom('user_factors')
      .selectAll()
      .where('user_id', '=', session.userId)
      .executeTakeFirstOrThrow();
    expect(factor.secret_enc).not.toContain(secret);
    expect(factor.secret_enc).toMatch(/^v1\./);
    const hashes = await db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', session.userId)
      .execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) for (const code of codes) expect(code_hash).not.toContain(code);
  });
});

describe('signing in with a second factor', () => {
  it('asks for the second factor after the right password; the pending cookie signs nobody in', async () => {
    const { session, email } = await newUserSession();
    await enrolTotp(session);
    const pending = await passwordStep(email);
    expectError(
      await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: pending.cookie } }),
      401,
      'auth.required',
    );
    // The second step is a cookie-authenticated change: it needs the pending session's CSRF token.
    expectError(await secondStep({ ...pending, csrfToken: 'forged' }, '123456'), 403, 'auth.csrf_failed');
    // A wrong password still reads as one, factor or not.
    expectError(
      await call(server.app, null, 'POST', '/api/v1/session', { email, password: 'not the password at all' }),
      401,
      'auth.invalid_credentials',
    );
  });

  it('accepts a TOTP code once within its window, the previous step too, and not a code two steps old', async () => {
    const { session, email } = await newUserSession();
    const { secret } = await enrolTotp(session);
    nextStep();

    const pending = await passwordStep(email);
    const code = totpCodeAt(secret, server.clock.now());
    const done = await secondStep(pending, code);
    expect(done.statusCode, done.body).toBe(200);
    const full = cookieOf(done);
    expect(full).not.toBe(pending.cookie); // a new session id once the factor is in
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: full } });
    expect(me.statusCode).toBe(200);
    // The pending id is gone for good.
    expectError(await secondStep(pending, code), 401, 'auth.required');

    // The same code again, in the same step: refused (RFC 6238 §5.2).
    expectError(await secondStep(await passwordStep(email), code), 400, 'factor.invalid_code');

    // The previous step's code is accepted (clock drift), but not if that step was already used.
    nextStep();
    expectError(await secondStep(await passwordStep(email), code), 400, 'factor.invalid_code');
    const later = totpCodeAt(secret, server.clock.now());
    expect((await secondStep(await passwordStep(email), later)).statusCode).toBe(200);
    nextStep();
    nextStep();
    const previous = totpCodeAt(secret, server.clock.now() - 30 * SECOND);
    expect((await secondStep(await passwordStep(email), previous)).statusCode).toBe(200);
    nextStep();
    nextStep();
    const stale = totpCodeAt(secret, server.clock.now() - 2 * 30 * SECOND);
    expectError(await secondStep(await passwordStep(email), stale), 400, 'factor.invalid_code');
  });

  it('accepts each recovery code once, in any case and with or without its dash', async () => {
    const { session, email } = await newUserSession();
    const { codes } = await enrolTotp(session);
    const [first = '', second = ''] = codes;
    expect((await secondStep(await passwordStep(email), first.toUpperCase())).statusCode).toBe(200);
    expectError(await secondStep(await passwordStep(email), first), 400, 'factor.invalid_code');
    expect((await secondStep(await passwordStep(email), second.replace('-', ''))).statusCode).toBe(200);
    const signedIn = await secondStep(await passwordStep(email), codes[2] ?? '');
    const listed = await server.app.inject({
      method: 'GET',
      url: '/api/v1/me/factors',
      headers: { cookie: cookieOf(signedIn) },
    });
    expect(listed.json().recoveryCodes).toEqual({ total: 10, unused: 7 });
  });

  it('ends the pending state after five minutes', async () => {
    const { session, email } = await newUserSession();
    const { secret } = await enrolTotp(session);
    const pending = await passwordStep(email);
    server.clock.advance(5 * MINUTE + SECOND);
    expectError(await secondStep(pending, totpCodeAt(secret, server.clock.now())), 401, 'auth.required');
  });

  it('throttles wrong codes per account, and forgets them after the window', async () => {
    const { session, email } = await newUserSession();
    const { secret } = await enrolTotp(session);
    const pending = await passwordStep(email);
    for (let i = 0; i < 10; i++) {
      expectError(await secondStep(pending, `00000${i}`), 400, 'factor.invalid_code');
    }
    const limited = await secondStep(pending, totpCodeAt(secret, server.clock.now()));
    expectError(limited, 429, 'auth.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    server.clock.advance(15 * MINUTE);
    expect(
      (await secondStep(await passwordStep(email), totpCodeAt(secret, server.clock.now()))).statusCode,
    ).toBe(200);
  });
});

describe('step-up', () => {
  it('asks for a fresh factor to remove one once the window has passed, then allows it', async () => {
    const { session, email } = await newUserSession();
    const { secret, factorId } = await enrolTotp(session);
    nextStep();
    const signedIn = await secondStep(await passwordStep(email), totpCodeAt(secret, server.clock.now()));
    const full: Session = { cookie: cookieOf(signedIn), csrfToken: signedIn.json().csrfToken, userId: '' };

    server.clock.advance(16 * MINUTE);
    const refused = await call(server.app, full, 'DELETE', `/api/v1/me/factors/${factorId}`);
    expectError(refused, 403, 'auth.step_up_required');
    expect(refused.json().message).toContain('15 minutes');
    expect(refused.json().details).toEqual({ windowSeconds: 900 });
    expectError(
      await call(server.app, full, 'POST', '/api/v1/me/recovery-codes'),
      403,
      'auth.step_up_required',
    );

    // With a second factor, the password alone does not step up.
    expectError(
      await call(server.app, full, 'POST', '/api/v1/session/step-up', { password }),
      400,
      'factor.invalid_code',
    );
    nextStep();
    const stepped = await call(server.app, full, 'POST', '/api/v1/session/step-up', {
      code: totpCodeAt(secret, server.clock.now()),
    });
    expect(stepped.statusCode, stepped.body).toBe(204);

    const regenerated = await call(server.app, full, 'POST', '/api/v1/me/recovery-codes');
    expect(regenerated.statusCode).toBe(201);
    expect(regenerated.json().recoveryCodes).toHaveLength(10);
    expect((await call(server.app, full, 'DELETE', `/api/v1/me/factors/${factorId}`)).statusCode).toBe(204);
    const listed = (await call(server.app, full, 'GET', '/api/v1/me/factors')).json();
    expect(listed).toEqual({ factors: [], recoveryCodes: { total: 0, unused: 0 } });
    // Without a factor, the password alone signs in again.
    expect((await call(server.app, null, 'POST', '/api/v1/session', { email, password })).statusCode).toBe(
      200,
    );
  });

  it('steps up with the password when the account has no second factor', async () => {
    const { session } = await newUserSession();
    const started = await call(server.app, session, 'POST', '/api/v1/me/factors/totp', {});
    server.clock.advance(20 * MINUTE);
    expectError(
      await call(server.app, session, 'POST', '/api/v1/session/step-up', { password: 'wrong password here' }),
      401,
      'auth.invalid_credentials',
    );
    expect(
      (await call(server.app, session, 'POST', '/api/v1/session/step-up', { password })).statusCode,
    ).toBe(204);
    // An enrolment older than ten minutes cannot be confirmed any more.
    const { secret, factor } = started.json();
    expectError(
      await call(server.app, session, 'POST', `/api/v1/me/factors/totp/${factor.id}/confirm`, {
        code: totpCodeAt(secret, server.clock.now()),
      }),
      400,
      'factor.invalid_code',
    );
  });

  it('manages factors only from a console session', async () => {
    const { session } = await newUserSession();
    const other = await newUserSession();
    const { factorId } = await enrolTotp(other.session);
    expectError(
      await call(server.app, session, 'DELETE', `/api/v1/me/factors/${factorId}`),
      404,
      'factor.not_found',
    );
    expectError(
      await call(server.app, null, 'GET', '/api/v1/me/factors', undefined, { authorization: 'Bearer nope' }),
      401,
      'auth.invalid_token',
    );
  });
});

describe('sensitive actions ask for a fresh factor', () => {
  it('a never-expiring API token and a new app secret, once the window has passed', async () => {
    const { session } = await newUserSession();
    const created = await call(server.app, session, 'POST', '/api/v1/orgs', { name: `Step-up ${counter}` });
    const orgId = created.json().id;
    const app = await call(server.app, session, 'POST', `/api/v1/orgs/${orgId}/apps`, {
      type: 'server',
      name: 'Batch',
      scopes: { allRoles: true },
    });
    expect(app.statusCode, app.body).toBe(201);
    const token = (ttlSeconds: number | null) =>
      call(server.app, session, 'POST', '/api/v1/me/api-tokens', {
        orgId,
        name: 'ci',
        ttlSeconds,
        scopes: { allRoles: true },
      });
    const secret = () =>
      call(server.app, session, 'POST', `/api/v1/orgs/${orgId}/apps/${app.json().id}/secret`);
    expect((await token(null)).statusCode).toBe(201);

    server.clock.advance(16 * MINUTE);
    expectError(await token(null), 403, 'auth.step_up_required');
    expectError(await secret(), 403, 'auth.step_up_required');
    // A token that expires is not a sensitive action.
    expect((await token(3600)).statusCode).toBe(201);

    const stepped = await call(server.app, session, 'POST', '/api/v1/session/step-up', { password });
    expect(stepped.statusCode, stepped.body).toBe(204);
    expect((await token(null)).statusCode).toBe(201);
    expect((await secret()).statusCode).toBe(201);
  });
});

describe('an org that requires MFA', () => {
  it('is set by its owners only, and keeps members without a factor from API tokens and apps until they add one', async () => {
    const owner = await newUserSession();
    const member = await newUserSession();
    const orgId = (
      await call(server.app, owner.session, 'POST', '/api/v1/orgs', { name: `MFA ${counter}` })
    ).json().id;
    const added = await call(server.app, owner.session, 'POST', `/api/v1/orgs/${orgId}/members`, {
      email: member.email,
      orgRoles: ['org_admin', 'developer'],
    });
    expect(added.statusCode, added.body).toBe(201);

    expectError(
      await call(server.app, member.session, 'PATCH', `/api/v1/orgs/${orgId}`, { requireMfa: true }),
      403,
      'auth.forbidden',
    );
    const set = await call(server.app, owner.session, 'PATCH', `/api/v1/orgs/${orgId}`, { requireMfa: true });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().requireMfa).toBe(true);

    const me = (await call(server.app, member.session, 'GET', '/api/v1/me')).json();
    expect(me.secondFactor).toEqual({ enrolled: false, requiredBy: [orgId] });
    const tokenBody = { orgId, name: 'ci', ttlSeconds: 3600, scopes: { allRoles: true } };
    const appBody = { type: 'server', name: 'Batch', scopes: { allRoles: true } };
    const refused = await call(server.app, member.session, 'POST', '/api/v1/me/api-tokens', tokenBody);
    expectError(refused, 403, 'auth.mfa_enrolment_required');
    expect(refused.json().details).toEqual({ orgId });
    expectError(
      await call(server.app, member.session, 'POST', `/api/v1/orgs/${orgId}/apps`, appBody),
      403,
      'auth.mfa_enrolment_required',
    );

    await enrolTotp(member.session);
    expect((await call(server.app, member.session, 'GET', '/api/v1/me')).json().secondFactor.enrolled).toBe(
      true,
    );
    expect(
      (await call(server.app, member.session, 'POST', '/api/v1/me/api-tokens', tokenBody)).statusCode,
    ).toBe(201);
    expect(
      (await call(server.app, member.session, 'POST', `/api/v1/orgs/${orgId}/apps`, appBody)).statusCode,
    ).toBe(201);
  });
});
