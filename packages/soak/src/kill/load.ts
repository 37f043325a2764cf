/**
 * Credential-issuing load: workers that generate, exchange, rotate and revoke credentials of every kind as fast
 * as the server answers, writing each 2xx into the book the moment it arrives, until the server is killed.
 */
import {
  accessTokenOf,
  authorizationCode,
  clientCredentials,
  createApp,
  createUser,
  exchangeApiToken,
  generateApiToken,
  type IssuedApp,
  type IssuedConsumerApp,
  newAppSecret,
  refresh,
  regenerateApiToken,
  requestConsumerKey,
  validateConsumerKey,
} from '../credentials.js';
import { type ApiSession, expectStatus, UnexpectedAnswer } from '../http.js';
import type { SecretLedger } from '../ledger.js';
import { Rand } from '../random.js';
import type { ApiTokenRecord, ClientSecretRecord, CredentialBook, RefreshTokenRecord } from './book.js';

export interface LoadContext {
  base: string;
  session: ApiSession;
  orgId: string;
  ledger: SecretLedger;
  book: CredentialBook;
  /** For the ledger: which run and cycle a secret came from. */
  label: string;
  /** Set just before the kill: failures from then on are the kill's, not the server's. */
  killing: () => boolean;
}

/** What one worker owns between cycles (credentials it may revoke or rotate without racing another). */
export interface WorkerState {
  consumerApp: IssuedConsumerApp;
  webApp: IssuedApp;
  tokens: ApiTokenRecord[];
  apps: { app: IssuedApp; secrets: ClientSecretRecord[] }[];
  refreshTokens: RefreshTokenRecord[];
}

type Operation = (context: LoadContext, state: WorkerState, rand: Rand) => Promise<void>;

const OPERATIONS: [Operation, number][] = [
  [issueApiToken, 6],
  [revokeApiToken, 2],
  [regenerateToken, 1],
  [issueServerApp, 2],
  [tokenForApp, 3],
  [rotateSecret, 1],
  [regenerateSecret, 1],
  [issueConsumerKey, 2],
  [issueUser, 1],
  [codeFlow, 1],
];

/**
 * Runs one worker until the kill. Any failure before the kill is the server's: a valid request refused, a
 * 5xx, a dropped connection. It is returned, not thrown, so the other workers keep the load up.
 */
export async function runWorker(
  context: LoadContext,
  state: WorkerState,
  seed: number,
): Promise<{ operations: number; failures: string[] }> {
  const rand = new Rand(seed);
  let operations = 0;
  const failures: string[] = [];
  while (!context.killing()) {
    const operation = rand.weighted(OPERATIONS);
    try {
      await operation(context, state, rand);
      operations++;
    } catch (error) {
      if (context.killing()) break;
      failures.push(
        `${operation.name}: ${error instanceof UnexpectedAnswer ? error.message : String(error)}`,
      );
      if (failures.length >= 5) break;
    }
  }
  return { operations, failures };
}

async function issueApiToken(context: LoadContext, state: WorkerState): Promise<void> {
  const issued = await generateApiToken(context.session, context.orgId, context.ledger, context.label);
  const record = context.book.add<ApiTokenRecord>({
    kind: 'api_token',
    id: issued.id,
    value: issued.token,
    expect: 'valid',
  });
  state.tokens.push(record);
  const exchanged = expectStatus('exchange', await exchangeApiToken(context.base, issued.token), 200);
  const value = accessTokenOf(exchanged, context.ledger, context.label);
  context.book.add({ kind: 'access_token', value, source: record, expect: 'valid' });
}

function liveToken(state: WorkerState, rand: Rand): ApiTokenRecord | undefined {
  const live = state.tokens.filter((token) => token.expect === 'valid');
  return live.length > 0 ? rand.pick(live) : undefined;
}

async function revokeApiToken(context: LoadContext, state: WorkerState, rand: Rand): Promise<void> {
  const token = liveToken(state, rand);
  if (!token) return;
  // From the moment the request leaves, either outcome is right until an answer says which.
  context.book.change(token, 'unknown');
  await context.session.must('DELETE', `/api/v1/me/api-tokens/${token.id}`);
  context.book.change(token, 'revoked');
}

async function regenerateToken(context: LoadContext, state: WorkerState, rand: Rand): Promise<void> {
  const token = liveToken(state, rand);
  if (!token) return;
  context.book.change(token, 'unknown');
  const issued = await regenerateApiToken(context.session, token.id, context.ledger, context.label);
  context.book.change(token, 'revoked');
  state.tokens.push(
    context.book.add<ApiTokenRecord>({
      kind: 'api_token',
      id: issued.id,
      value: issued.token,
      expect: 'valid',
    }),
  );
}

async function issueServerApp(context: LoadContext, state: WorkerState): Promise<void> {
  const app = await createApp(context.session, context.orgId, 'server', context.ledger, context.label);
  const secret = context.book.add<ClientSecretRecord>({ kind: 'client_secret', app, expect: 'valid' });
  state.apps.push({ app, secrets: [secret] });
  await tokenFor(context, app, secret);
}

async function tokenFor(context: LoadContext, app: IssuedApp, secret: ClientSecretRecord): Promise<void> {
  const answer = expectStatus(
    'client_credentials',
    await clientCredentials(context.base, app, context.orgId),
    200,
  );
  context.book.add({
    kind: 'access_token',
    value: accessTokenOf(answer, context.ledger, context.label),
    source: secret,
    expect: 'valid',
  });
}

async function tokenForApp(context: LoadContext, state: WorkerState, rand: Rand): Promise<void> {
  if (state.apps.length === 0) return issueServerApp(context, state);
  const { app, secrets } = rand.pick(state.apps);
  const current = secrets.at(-1);
  if (current) await tokenFor(context, app, current);
}

/** A new secret with overlap: the earlier ones keep working, whatever the answer. */
async function rotateSecret(context: LoadContext, state: WorkerState, rand: Rand): Promise<void> {
  if (state.apps.length === 0) return;
  const entry = rand.pick(state.apps);
  const secret = await newAppSecret(
    context.session,
    context.orgId,
    entry.app.id,
    'rotate',
    context.ledger,
    context.label,
  );
  entry.app = { id: entry.app.id, secret };
  entry.secrets.push(
    context.book.add<ClientSecretRecord>({ kind: 'client_secret', app: entry.app, expect: 'valid' }),
  );
}

/** A new secret that ends every earlier one at once. */
async function regenerateSecret(context: LoadContext, state: WorkerState, rand: Rand): Promise<void> {
  const candidates = state.apps.filter((entry) => entry.secrets.some((secret) => secret.expect === 'valid'));
  if (candidates.length === 0) return;
  const entry = rand.pick(candidates);
  const earlier = entry.secrets.filter((secret) => secret.expect === 'valid');
  for (const secret of earlier) context.book.change(secret, 'unknown');
  const value = await newAppSecret(
    context.session,
    context.orgId,
    entry.app.id,
    'regenerate',
    context.ledger,
    context.label,
  );
  for (const secret of earlier) context.book.change(secret, 'revoked');
  entry.app = { id: entry.app.id, secret: value };
  entry.secrets.push(
    context.book.add<ClientSecretRecord>({ kind: 'client_secret', app: entry.app, expect: 'valid' }),
  );
}

async function issueConsumerKey(context: LoadContext, state: WorkerState): Promise<void> {
  const requested = await requestConsumerKey(
    context.base,
    state.consumerApp.applicationKey,
    context.ledger,
    context.label,
  );
  await validateConsumerKey(context.session, requested.validationUrl);
  context.book.add({
    kind: 'consumer_key',
    keys: { ...state.consumerApp, consumerKey: requested.consumerKey },
    expect: 'valid',
  });
}

async function issueUser(context: LoadContext, _state: WorkerState, rand: Rand): Promise<void> {
  // Passwords cost an argon2 hash each: one time in four is enough to keep them in the mix.
  if (!rand.chance(0.25)) return;
  const user = await createUser(context.session, context.orgId, context.ledger, context.label);
  context.book.add({ kind: 'password', user, expect: 'valid' });
}

/** A user's grant to a web app (code, then refresh token), or a refresh of one: the used token is spent. */
async function codeFlow(context: LoadContext, state: WorkerState, rand: Rand): Promise<void> {
  const live = state.refreshTokens.filter((token) => token.expect === 'valid');
  if (live.length > 0 && rand.chance(0.5)) {
    const token = rand.pick(live);
    context.book.change(token, 'unknown');
    const answer = expectStatus('refresh', await refresh(context.base, state.webApp, token.value), 200);
    accessTokenOf(answer, context.ledger, context.label);
    // Presenting a spent refresh token revokes its whole grant (RFC 9700 §4.14): the old one is never checked.
    token.value = answer.json<{ refresh_token: string }>().refresh_token;
    context.book.change(token, 'valid');
    return;
  }
  const grant = await authorizationCode(
    context.session,
    state.webApp,
    context.orgId,
    context.ledger,
    context.label,
  );
  state.refreshTokens.push(
    context.book.add<RefreshTokenRecord>({
      kind: 'refresh_token',
      app: state.webApp,
      value: grant.refreshToken,
      expect: 'valid',
    }),
  );
}
