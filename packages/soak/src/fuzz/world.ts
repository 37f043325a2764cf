import { randomBytes } from 'node:crypto';
import {
  accessTokenOf,
  authorizationCode,
  clientCredentials,
  createApp,
  createConsumerApp,
  createOrg,
  createUser,
  currentCredential,
  exchangeApiToken,
  generateApiToken,
  type IssuedApiToken,
  type IssuedApp,
  type IssuedConsumerApp,
  type Operator,
  refresh,
  requestConsumerKey,
  signIn,
  validateConsumerKey,
  WEB_REDIRECT,
} from '../credentials.js';
import { type ApiSession, expectStatus, formAction, hiddenFields, send } from '../http.js';
import type { SecretLedger } from '../ledger.js';
import type { OpenApiDocument } from './openapi.js';

/** The client id of the app allowed to call /api/v1/signed-request-checks (KEYWARD_SIGNED_REQUEST_CHECKERS). */
export const CHECKER_CLIENT_ID = 'soak-checker';

/**
 * What the fuzzer knows of the server it attacks: valid credentials of every kind and real ids, so mutated
 * requests get past authentication and reach the code behind it. Requests may revoke or spend any of these;
 * `heal` puts back whatever stopped working.
 */
export interface FuzzWorld {
  base: string;
  port: number;
  operator: Operator;
  session: ApiSession;
  orgId: string;
  /** A second user: the one sign-in forms are fuzzed with (so throttling locks out no one the soak needs). */
  member: Operator & { id: string };
  serviceId: string;
  apiToken: IssuedApiToken;
  accessToken: string;
  serverApp: IssuedApp;
  webApp: IssuedApp;
  refreshToken: string;
  checker: IssuedApp;
  consumer: IssuedConsumerApp & { consumerKey: string; credentialId: number };
  /** A validation link nobody answered yet. */
  pendingToken: string;
  /** An authorization request waiting on its consent page. */
  interaction: { path: string; csrfToken: string };
  openapi: OpenApiDocument;
}

export async function buildWorld(base: string, operator: Operator, ledger: SecretLedger): Promise<FuzzWorld> {
  const origin = 'fuzz set-up';
  const session = await signIn(base, operator, ledger);
  const orgId = await createOrg(session, `Soak fuzz ${randomBytes(3).toString('hex')}`);
  const serviceId = `soak-${randomBytes(3).toString('hex')}`;
  await session.must('POST', '/api/v1/services', {
    id: serviceId,
    name: 'Soak service',
    permissions: [{ id: 'read' }],
    roles: [{ name: 'viewer', permissions: ['read'] }],
  });
  const member = await createUser(session, orgId, ledger, origin);
  const memberId = (
    await session.must<{ results: { userId?: string; id?: string; email?: string }[] }>(
      'GET',
      `/api/v1/orgs/${orgId}/members?pageLimit=100`,
    )
  ).results.find((row) => row.email === member.email);
  const openapi = expectStatus(
    'GET /docs/json',
    await send(base, 'GET', '/docs/json'),
    200,
  ).json<OpenApiDocument>();
  const world: FuzzWorld = {
    base,
    port: Number(new URL(base).port),
    operator,
    session,
    orgId,
    member: { ...member, id: memberId?.userId ?? memberId?.id ?? '' },
    serviceId,
    apiToken: await generateApiToken(session, orgId, ledger, origin),
    accessToken: '',
    serverApp: await createApp(session, orgId, 'server', ledger, origin),
    webApp: await createApp(session, orgId, 'web', ledger, origin),
    refreshToken: '',
    checker: await createApp(session, orgId, 'server', ledger, origin, CHECKER_CLIENT_ID),
    consumer: {
      applicationId: 0,
      applicationKey: '',
      applicationSecret: '',
      consumerKey: '',
      credentialId: 0,
    },
    pendingToken: '',
    interaction: { path: '', csrfToken: '' },
    openapi,
  };
  await healWorld(world, ledger);
  return world;
}

/**
 * Checks each credential of the world and replaces those a fuzzed request revoked, spent or broke. Runs between
 * batches of cases, never during one.
 */
export async function healWorld(world: FuzzWorld, ledger: SecretLedger): Promise<string[]> {
  const origin = 'fuzz set-up';
  const replaced: string[] = [];
  const base = world.base;
  if ((await world.session.call('GET', '/api/v1/me')).status !== 200) {
    world.session = await signIn(base, world.operator, ledger);
    replaced.push('session');
  }
  const { session, orgId } = world;

  let exchanged = await exchangeApiToken(base, world.apiToken.token);
  if (exchanged.status !== 200) {
    world.apiToken = await generateApiToken(session, orgId, ledger, origin);
    exchanged = expectStatus(
      'exchange a new API token',
      await exchangeApiToken(base, world.apiToken.token),
      200,
    );
    replaced.push('API token');
  }
  world.accessToken = accessTokenOf(exchanged, ledger, origin);

  for (const key of ['serverApp', 'checker'] as const) {
    const answer = await clientCredentials(base, world[key], orgId);
    if (answer.status === 200) accessTokenOf(answer, ledger, origin);
    else {
      world[key] =
        key === 'checker'
          ? await replaceChecker(world, ledger)
          : await createApp(session, orgId, 'server', ledger, origin);
      replaced.push(key);
    }
  }

  const refreshed = world.refreshToken ? await refresh(base, world.webApp, world.refreshToken) : null;
  if (refreshed?.status === 200) {
    world.refreshToken = refreshed.json<{ refresh_token: string }>().refresh_token;
    accessTokenOf(refreshed, ledger, origin);
  } else {
    if (refreshed) replaced.push('refresh token');
    let grant = await authorizationCode(session, world.webApp, orgId, ledger, origin).catch(() => null);
    if (!grant) {
      world.webApp = await createApp(session, orgId, 'web', ledger, origin);
      grant = await authorizationCode(session, world.webApp, orgId, ledger, origin);
      replaced.push('web app');
    }
    world.refreshToken = grant.refreshToken;
  }

  const keys = world.consumer;
  const current = keys.consumerKey ? await currentCredential(base, keys) : null;
  if (current?.status !== 200) {
    if (current) replaced.push('consumer key');
    const known =
      keys.applicationId > 0 &&
      (await session.call('GET', `/api/v1/me/consumer-apps/${keys.applicationId}`)).status === 200;
    const app = known ? keys : await createConsumerApp(session, ledger, origin);
    const requested = await requestConsumerKey(base, app.applicationKey, ledger, origin);
    await validateConsumerKey(session, requested.validationUrl);
    const validated = { ...app, consumerKey: requested.consumerKey, credentialId: 0 };
    const details = expectStatus('the new consumer key', await currentCredential(base, validated), 200);
    validated.credentialId = details.json<{ credentialId: number }>().credentialId;
    world.consumer = validated;
  }

  const pending = await requestConsumerKey(base, world.consumer.applicationKey, ledger, origin);
  world.pendingToken = new URL(pending.validationUrl).searchParams.get('credentialToken') ?? '';
  world.interaction = await openInteraction(world);
  return replaced;
}

/** A checker app whose client id is taken by the broken one: a new secret for it, or the app anew. */
async function replaceChecker(world: FuzzWorld, ledger: SecretLedger): Promise<IssuedApp> {
  const path = `/api/v1/orgs/${world.orgId}/apps/${world.checker.id}/secret`;
  const answer = await world.session.call('POST', path);
  if (answer.status === 200 || answer.status === 201) {
    const secret = answer.json<{ secret: string }>().secret;
    ledger.add('client_secret', secret, 'fuzz set-up');
    return { id: world.checker.id, secret };
  }
  return createApp(world.session, world.orgId, 'server', ledger, 'fuzz set-up', CHECKER_CLIENT_ID);
}

/** Starts an authorization request that stops at its consent page (prompt=consent), for the page fuzzing. */
async function openInteraction(world: FuzzWorld): Promise<{ path: string; csrfToken: string }> {
  const query = new URLSearchParams({
    client_id: world.webApp.id,
    redirect_uri: WEB_REDIRECT,
    response_type: 'code',
    scope: 'openid',
    state: 'fuzz',
    prompt: 'consent',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    orgId: world.orgId,
  });
  const browser = world.session.browser;
  const started = await browser.send('GET', `/oauth/authorize?${query}`);
  const path = started.headers.get('location') ?? '';
  if (started.status !== 303 || !path.startsWith('/oauth/interaction/')) {
    return { path: '/oauth/interaction/00000000-0000-4000-8000-000000000000', csrfToken: '' };
  }
  const page = await browser.send('GET', path);
  const fields = page.status === 200 ? hiddenFields(page.text) : {};
  if (page.status === 200) formAction(page.text, '/consent');
  return { path, csrfToken: fields.csrf_token ?? '' };
}
