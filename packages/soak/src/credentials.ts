/**
 * The credential-issuing steps the soak drives, each through the public HTTP surface as a client or a browser
 * would, each recording what it was answered in the ledger the moment the answer arrives.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type Answer,
  ApiSession,
  Browser,
  expectStatus,
  formAction,
  hiddenFields,
  type OvhKeys,
  send,
  signedCall,
} from './http.js';
import type { SecretLedger } from './ledger.js';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const API_TOKEN_TYPE = 'urn:keyward:params:oauth:token-type:api_token';
export const WEB_REDIRECT = 'https://soak.example/callback';

/** A password that meets any sensible policy, unique to this run. */
export function newPassword(): string {
  return `soak ${randomBytes(12).toString('base64url')} passphrase`;
}

export interface Operator {
  email: string;
  password: string;
}

/**
 * The platform operator the soak acts as: the first-run operator, its password given in KEYWARD_ADMIN_PASSWORD
 * (so none is generated and printed).
 */
export function newOperator(ledger: SecretLedger): Operator {
  const operator = {
    email: `soak-operator-${randomBytes(3).toString('hex')}@example.test`,
    password: newPassword(),
  };
  ledger.add('password', operator.password, 'the soak operator');
  return operator;
}

/** Signs in through the API; the session cookie and CSRF token are secrets too. */
export async function signIn(base: string, user: Operator, ledger: SecretLedger): Promise<ApiSession> {
  const session = await ApiSession.signIn(base, user.email, user.password);
  for (const value of session.browser.cookies.values())
    ledger.add('session', value, `session of ${user.email}`);
  ledger.add('csrf_token', session.csrfToken, `session of ${user.email}`);
  return session;
}

export async function createOrg(session: ApiSession, name: string): Promise<string> {
  return (await session.must<{ id: string }>('POST', '/api/v1/orgs', { name })).id;
}

export interface IssuedApiToken {
  id: string;
  token: string;
}

export async function generateApiToken(
  session: ApiSession,
  orgId: string,
  ledger: SecretLedger,
  origin: string,
): Promise<IssuedApiToken> {
  const body = await session.must<IssuedApiToken>('POST', '/api/v1/me/api-tokens', {
    orgId,
    name: `soak ${randomBytes(3).toString('hex')}`,
    ttlSeconds: null,
    scopes: { allRoles: true },
  });
  ledger.add('api_token', body.token, origin);
  return body;
}

export async function regenerateApiToken(
  session: ApiSession,
  tokenId: string,
  ledger: SecretLedger,
  origin: string,
): Promise<IssuedApiToken> {
  const body = await session.must<IssuedApiToken>('POST', `/api/v1/me/api-tokens/${tokenId}/regenerate`);
  ledger.add('api_token', body.token, origin);
  return body;
}

/** RFC 8693 exchange of an API token at /oauth/token (the answer, whatever it is). */
export function exchangeApiToken(base: string, token: string): Promise<Answer> {
  return send(base, 'POST', '/oauth/token', {
    form: { grant_type: TOKEN_EXCHANGE, subject_token_type: API_TOKEN_TYPE, subject_token: token },
  });
}

/** The access token of a successful token answer, recorded. */
export function accessTokenOf(answer: Answer, ledger: SecretLedger, origin: string): string {
  const body = answer.json<{ access_token: string; refresh_token?: string; id_token?: string }>();
  ledger.add('access_token', body.access_token, origin);
  ledger.add('refresh_token', body.refresh_token, origin);
  ledger.add('id_token', body.id_token, origin);
  return body.access_token;
}

export interface IssuedApp {
  id: string;
  secret: string;
}

export async function createApp(
  session: ApiSession,
  orgId: string,
  kind: 'server' | 'web',
  ledger: SecretLedger,
  origin: string,
  clientId?: string,
): Promise<IssuedApp> {
  const body = await session.must<IssuedApp>('POST', `/api/v1/orgs/${orgId}/apps`, {
    type: kind,
    name: `soak ${kind} ${randomBytes(3).toString('hex')}`,
    scopes: kind === 'server' ? { orgRoles: ['org_member'] } : { allRoles: true },
    ...(kind === 'web'
      ? { redirectUris: [WEB_REDIRECT], grantTypes: ['authorization_code', 'refresh_token'] }
      : {}),
    ...(clientId ? { clientId } : {}),
  });
  recordClientSecret(ledger, body.id, body.secret, origin);
  return body;
}

function recordClientSecret(ledger: SecretLedger, clientId: string, secret: string, origin: string): void {
  // HTTP Basic carries it as base64 of `id:secret`; a logged Authorization header would show it that way.
  ledger.add('client_secret', secret, origin, [Buffer.from(`${clientId}:${secret}`).toString('base64')]);
}

/** POST …/secret (every previous secret ends) or …/secret/rotate (they keep working for the overlap). */
export async function newAppSecret(
  session: ApiSession,
  orgId: string,
  appId: string,
  how: 'regenerate' | 'rotate',
  ledger: SecretLedger,
  origin: string,
): Promise<string> {
  const path = `/api/v1/orgs/${orgId}/apps/${encodeURIComponent(appId)}/secret${how === 'rotate' ? '/rotate' : ''}`;
  const body = await session.must<{ secret: string }>('POST', path, how === 'rotate' ? {} : undefined);
  recordClientSecret(ledger, appId, body.secret, origin);
  return body.secret;
}

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export function clientCredentials(base: string, app: IssuedApp, orgId: string): Promise<Answer> {
  return send(base, 'POST', '/oauth/token', {
    headers: { authorization: basicAuth(app.id, app.secret) },
    form: { grant_type: 'client_credentials', orgId },
  });
}

export interface IssuedConsumerApp {
  applicationId: number;
  applicationKey: string;
  applicationSecret: string;
}

export async function createConsumerApp(
  session: ApiSession,
  ledger: SecretLedger,
  origin: string,
): Promise<IssuedConsumerApp> {
  const body = await session.must<IssuedConsumerApp>('POST', '/api/v1/me/consumer-apps', {
    name: `soak ${randomBytes(3).toString('hex')}`,
    description: 'made by npm run soak',
  });
  ledger.add('consumer_secret', body.applicationSecret, origin);
  return body;
}

export const EVERY_METHOD_RULES = ['GET', 'POST', 'PUT', 'DELETE'].map((method) => ({ method, path: '/*' }));

/** POST /1.0/auth/credential: a pending consumer key and its validation link (a secret until used). */
export async function requestConsumerKey(
  base: string,
  applicationKey: string,
  ledger: SecretLedger,
  origin: string,
): Promise<{ consumerKey: string; validationUrl: string }> {
  const answer = expectStatus(
    'POST /1.0/auth/credential',
    await send(base, 'POST', '/1.0/auth/credential', {
      headers: { 'x-ovh-application': applicationKey },
      json: { accessRules: EVERY_METHOD_RULES },
    }),
    200,
  );
  const body = answer.json<{ consumerKey: string; validationUrl: string }>();
  ledger.add('consumer_key', body.consumerKey, origin);
  ledger.add('validation_token', new URL(body.validationUrl).searchParams.get('credentialToken'), origin);
  return body;
}

/** The user approves the key on the validation page, as a browser with their session does. */
export async function validateConsumerKey(session: ApiSession, validationUrl: string): Promise<void> {
  const url = new URL(validationUrl);
  const page = expectStatus(
    'the validation page',
    await session.browser.send('GET', url.pathname + url.search),
    200,
  );
  const answer = await session.browser.send('POST', formAction(page.text), {
    form: { ...hiddenFields(page.text), validity: 'unlimited', decision: 'authorize' },
  });
  expectStatus('authorize the consumer key', answer, 200, 303);
}

/** A signed call that needs a validated key: GET /1.0/auth/currentCredential. */
export function currentCredential(base: string, keys: OvhKeys): Promise<Answer> {
  return signedCall(base, keys, 'GET', '/1.0/auth/currentCredential');
}

export async function createUser(
  session: ApiSession,
  orgId: string,
  ledger: SecretLedger,
  origin: string,
): Promise<Operator> {
  const user = { email: `soak-${randomBytes(5).toString('hex')}@example.test`, password: newPassword() };
  ledger.add('password', user.password, origin);
  await session.must('POST', '/api/v1/users', {
    email: user.email,
    password: user.password,
    name: 'Soak user',
  });
  await session.must('POST', `/api/v1/orgs/${orgId}/members`, {
    email: user.email,
    orgRoles: ['org_member'],
  });
  return user;
}

/** The tokens a web app gets for a user: code → access + refresh token (the code is recorded too). */
export interface CodeGrant {
  code: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * The authorization-code flow with PKCE for a signed-in browser, in the org given: /oauth/authorize, the
 * consent page, the code at the redirect URI, redeemed at the token endpoint.
 */
export async function authorizationCode(
  session: ApiSession,
  app: IssuedApp,
  orgId: string,
  ledger: SecretLedger,
  origin: string,
): Promise<CodeGrant> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: app.id,
    redirect_uri: WEB_REDIRECT,
    response_type: 'code',
    scope: 'openid offline_access',
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    orgId,
  });
  const browser = session.browser;
  let answer = await browser.send('GET', `/oauth/authorize?${query}`);
  while (answer.status === 303 && (answer.headers.get('location') ?? '').startsWith('/')) {
    answer = await browser.send('GET', answer.headers.get('location') ?? '');
  }
  if (answer.status === 200) {
    answer = await browser.send('POST', formAction(answer.text, '/consent'), {
      form: { ...hiddenFields(answer.text), decision: 'allow' },
    });
  }
  const location = expectStatus('the consent answer', answer, 303).headers.get('location') ?? '';
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  ledger.add('authorization_code', code, origin);
  const tokens = expectStatus(
    'redeem the code',
    await send(session.browser.base, 'POST', '/oauth/token', {
      headers: { authorization: basicAuth(app.id, app.secret) },
      form: { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, code_verifier: verifier },
    }),
    200,
  );
  const accessToken = accessTokenOf(tokens, ledger, origin);
  const refreshToken = tokens.json<{ refresh_token?: string }>().refresh_token ?? '';
  if (!refreshToken) throw new Error('the code grant gave no refresh token');
  return { code, accessToken, refreshToken };
}

/** A refresh: the answer (a rotated refresh token on success). */
export function refresh(base: string, app: IssuedApp, refreshToken: string): Promise<Answer> {
  return send(base, 'POST', '/oauth/token', {
    headers: { authorization: basicAuth(app.id, app.secret) },
    form: { grant_type: 'refresh_token', refresh_token: refreshToken },
  });
}

export { Browser };
