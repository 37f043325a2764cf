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
  const origin = ORIGIN;
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
  const { notes } = await healWorld(world, ledger);
  if (notes.length > 0) throw new Error(`the fuzzer's set-up failed: ${notes.join('; ')}`);
  return world;
}

/**
 * Checks each credential of the world and replaces those a fuzzed request revoked, spent or broke (a policy it
 * set, an app it deleted). Runs between batches of cases, never during one. Each step stands alone: one that
 * cannot be restored leaves the fuzzer with less to reach deep with, which the report notes.
 */
export async function healWorld(
  world: FuzzWorld,
  ledger: SecretLedger,
): Promise<{ replaced: string[]; notes: string[] }> {
  const replaced: string[] = [];
  const notes: string[] = [];
  for (const [name, step] of Object.entries(HEAL_STEPS)) {
    try {
      if (await step(world, ledger)) replaced.push(name);
    } catch (error) {
      notes.push(`could not restore the ${name}: ${(error as Error).message.slice(0, 300)}`);
    }
  }
  return { replaced, notes };
}

const ORIGIN = 'fuzz set-up';

/** Each step: true when it had to replace something. */
const HEAL_STEPS: Record<string, (world: FuzzWorld, ledger: SecretLedger) => Promise<boolean>> = {
  session: async (world, ledger) => {
    if ((await world.session.call('GET', '/api/v1/me')).status === 200) return false;
    world.session = await signIn(world.base, world.operator, ledger);
    return true;
  },
  'API token': async (world, ledger) => {
    let exchanged = await exchangeApiToken(world.base, world.apiToken.token);
    const broken = exchanged.status !== 200;
    if (broken) {
      // A fuzzed policy may cap token lifetimes, or idle time; lift it for the fuzzer's own org.
      await world.session.must('PUT', `/api/v1/orgs/${world.orgId}/policies`, {
        apiTokenMaxTtl: null,
        apiTokenIdleTtl: null,
      });
      world.apiToken = await generateApiToken(world.session, world.orgId, ledger, ORIGIN);
      exchanged = expectStatus(
        'exchange a new API token',
        await exchangeApiToken(world.base, world.apiToken.token),
        200,
      );
    }
    world.accessToken = accessTokenOf(exchanged, ledger, ORIGIN);
    return broken;
  },
  'server app': async (world, ledger) => {
    const answer = await clientCredentials(world.base, world.serverApp, world.orgId);
    if (answer.status === 200) {
      accessTokenOf(answer, ledger, ORIGIN);
      return false;
    }
    world.serverApp = await createApp(world.session, world.orgId, 'server', ledger, ORIGIN);
    return true;
  },
  'checker app': async (world, ledger) => {
    const answer = await clientCredentials(world.base, world.checker, world.orgId);
    if (answer.status === 200) {
      accessTokenOf(answer, ledger, ORIGIN);
      return false;
    }
    world.checker = await replaceChecker(world, ledger);
    return true;
  },
  'refresh token': async (world, ledger) => {
    const refreshed = world.refreshToken ? await refresh(world.base, world.webApp, world.refreshToken) : null;
    if (refreshed?.status === 200) {
      world.refreshToken = refreshed.json<{ refresh_token: string }>().refresh_token;
      accessTokenOf(refreshed, ledger, ORIGIN);
      return false;
    }
    const grant = await authorizationCode(world.session, world.webApp, world.orgId, ledger, ORIGIN).catch(
      async () => {
        world.webApp = await createApp(world.session, world.orgId, 'web', ledger, ORIGIN);
        return authorizationCode(world.session, world.webApp, world.orgId, ledger, ORIGIN);
      },
    );
    world.refreshToken = grant.refreshToken;
    return refreshed !== null;
  },
  'consumer key': async (world, ledger) => {
    const keys = world.consumer;
    const current = keys.consumerKey ? await currentCredential(world.base, keys) : null;
    if (current?.status === 200) return false;
    const known =
      keys.applicationId > 0 &&
      (await world.session.call('GET', `/api/v1/me/consumer-apps/${keys.applicationId}`)).status === 200;
    const app = known ? keys : await createConsumerApp(world.session, ledger, ORIGIN);
    const requested = await requestConsumerKey(world.base, app.applicationKey, ledger, ORIGIN);
    await validateConsumerKey(world.session, requested.validationUrl);
    const validated = { ...app, consumerKey: requested.consumerKey, credentialId: 0 };
    const details = expectStatus('the new consumer key', await currentCredential(world.base, validated), 200);
    validated.credentialId = details.json<{ credentialId: number }>().credentialId;
    world.consumer = validated;
    return current !== null;
  },
  'validation link': async (world, ledger) => {
    const pending = await requestConsumerKey(world.base, world.consumer.applicationKey, ledger, ORIGIN);
    world.pendingToken = new URL(pending.validationUrl).searchParams.get('credentialToken') ?? '';
    return false;
  },
  'consent page': async (world) => {
    world.interaction = await openInteraction(world);
    return false;
  },
};

/** A checker app whose client id is taken by the broken one: a new secret for it, or the app anew. */
async function replaceChecker(world: FuzzWorld, ledger: SecretLedger): Promise<IssuedApp> {
  const path = `/api/v1/orgs/${world.orgId}/apps/${world.checker.id}/secret`;
  const answer = await world.session.call('POST', path);
  if (answer.status === 200 || answer.status === 201) {
    const secret = answer.json<{ secret: string }>().secret;
    ledger.add('client_secret', secret, ORIGIN);
    return { id: world.checker.id, secret };
  }
  return createApp(world.session, world.orgId, 'server', ledger, ORIGIN, CHECKER_CLIENT_ID);
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
