// The revocation feed (issue 14 part 2): every revocation path appends an entry, read as a snapshot from a
// position (GET /api/v1/revocations) or pushed as Server-Sent Events with resume (GET /api/v1/revocations/stream).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/http.js';
import { grantConsumerKey, userCaller } from './support/ovh.js';
import { operatorCaller, startListeningServer, type TestServer } from './support/server.js';

const READER = { id: 'feed-reader', secret: '' };
let server: TestServer & { url: string };
let orgId: string;
let userId: string;

const basic = (client: { id: string; secret: string }) =>
  `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;

async function snapshot(after = 0, client = READER) {
  return server.app.inject({
    method: 'GET',
    url: `/api/v1/revocations?after=${after}`,
    headers: { authorization: basic(client) },
  });
}

async function head(): Promise<number> {
  return (await server.container.storage.stores.revocations.positions()).head;
}

/** The entries appended by `work`, as the snapshot shows them. */
async function appendedBy(work: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const before = await head();
  await work();
  const response = await snapshot(before);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().entries;
}

beforeAll(async () => {
  server = await startListeningServer();
  const system = operatorCaller();
  orgId = server.firstRun?.orgId as string;
  const user = await server.container.users.create(system, {
    email: 'feed-user@example.test',
    password: 'a long feed passphrase',
  });
  userId = user.id;
  await server.container.members.add(system, orgId, {
    email: user.email,
    orgRoles: ['org_member'],
    serviceRoles: [],
  });
  const made = await server.container.apps.create(system, orgId, {
    type: 'server',
    name: 'Feed reader',
    clientId: READER.id,
    scopes: { allRoles: true },
  });
  READER.secret = made.secret as string;
});
afterAll(async () => server?.close());

describe('every revocation path appends to the feed', () => {
  it('API token revoked, deactivated, regenerated', async () => {
    const caller = userCaller(userId);
    const generated = await server.container.apiTokens.generate(caller, {
      orgId,
      name: 'feed',
      scopes: { allRoles: true },
    });
    const id = generated.record.id;
    const deactivated = await appendedBy(() =>
      server.container.apiTokens.setActive(operatorCaller(), orgId, [id], false),
    );
    expect(deactivated).toEqual([
      expect.objectContaining({ credential: { type: 'api_token', id }, reason: 'API token deactivated' }),
    ]);
    await server.container.apiTokens.setActive(operatorCaller(), orgId, [id], true);
    const regenerated = await appendedBy(() => server.container.apiTokens.regenerate(caller, id));
    expect(regenerated).toEqual([expect.objectContaining({ credential: { type: 'api_token', id } })]);
    const other = await server.container.apiTokens.generate(caller, {
      orgId,
      name: 'feed 2',
      scopes: { allRoles: true },
    });
    const revoked = await appendedBy(() => server.container.apiTokens.revoke(caller, other.record.id));
    const [entry] = revoked;
    expect(entry).toMatchObject({
      credential: { type: 'api_token', id: other.record.id },
      reason: 'API token revoked',
    });
    // Tokens minted up to the revocation are refused; the entry lasts past the longest access-token lifetime.
    expect(entry?.issuedBefore).toBe(server.clock.now() / 1000);
    expect(entry?.keepUntil).toBeGreaterThan(Math.floor(server.clock.now() / 1000) + 24 * 3600);
  });

  it('app secret regenerated, app removed from an org, app deleted', async () => {
    const system = operatorCaller();
    const app = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Doomed',
      scopes: { allRoles: true },
    });
    const appId = app.app.id;
    expect(await appendedBy(() => server.container.apps.regenerateSecret(system, orgId, appId))).toEqual([
      expect.objectContaining({
        credential: { type: 'client', id: appId },
        reason: 'app secret regenerated',
      }),
    ]);
    expect(await appendedBy(() => server.container.appGrants.remove(system, orgId, appId))).toEqual([
      expect.objectContaining({ subject: appId, orgId }),
    ]);
    expect(await appendedBy(() => server.container.apps.delete(system, orgId, appId))).toEqual([
      expect.objectContaining({ clientId: appId, reason: 'app deleted' }),
    ]);
  });

  it('consumer key revoked', async () => {
    const key = await grantConsumerKey(server.container, {
      developerId: userId,
      userId,
      rules: [{ method: 'GET', path: '/*' }],
    });
    const entries = await appendedBy(() =>
      server.container.consumerKeys.revokeGranted(userCaller(userId), key.credentialId),
    );
    expect(entries).toEqual([
      expect.objectContaining({ credential: { type: 'consumer_key', id: String(key.credentialId) } }),
    ]);
  });

  it('member removed, user disabled', async () => {
    const system = operatorCaller();
    const user = await server.container.users.create(system, {
      email: 'leaving@example.test',
      password: 'a long leaving passphrase',
    });
    await server.container.members.add(system, orgId, {
      email: user.email,
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    expect(await appendedBy(() => server.container.members.remove(system, orgId, user.id))).toEqual([
      expect.objectContaining({ subject: user.id, orgId, reason: `removed from organization ${orgId}` }),
    ]);
    const disabled = await appendedBy(() => server.container.users.setDisabled(system, user.id, true));
    expect(disabled).toEqual([
      expect.objectContaining({ subject: user.id, reason: 'user account disabled' }),
    ]);
    expect(disabled[0]).not.toHaveProperty('orgId');
  });
});

describe("Keyward's own checks", () => {
  it('refuse what the feed names: a client_credentials token after its app secret is regenerated', async () => {
    const system = operatorCaller();
    const made = await server.container.apps.create(system, orgId, {
      type: 'server',
      name: 'Introspected',
      scopes: { allRoles: true },
    });
    await server.container.appGrants.add(system, orgId, [made.app.id], { orgRoles: [], serviceRoles: [] });
    const token = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: basic({ id: made.app.id, secret: made.secret as string }),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=client_credentials',
    });
    const accessToken = token.json().access_token as string;
    const introspect = async () =>
      (
        await server.app.inject({
          method: 'POST',
          url: '/oauth/introspect',
          headers: { authorization: basic(READER), 'content-type': 'application/x-www-form-urlencoded' },
          payload: `token=${accessToken}`,
        })
      ).json().active;
    expect(await introspect()).toBe(true);
    // 100 ms into a second, so the token below is minted in the same second as the revocation.
    server.clock.set(Math.floor(server.clock.now() / 1000) * 1000 + 1100);
    const regenerated = await server.container.apps.regenerateSecret(system, orgId, made.app.id);
    expect(await introspect()).toBe(false);

    // The new secret, used 200 ms later in the same second: its token is not taken for one minted before.
    server.clock.advance(200);
    const fresh = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: basic({ id: made.app.id, secret: regenerated }),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=client_credentials',
    });
    expect(fresh.statusCode, fresh.body).toBe(200);
    const freshToken = fresh.json().access_token as string;
    const active = await server.app.inject({
      method: 'POST',
      url: '/oauth/introspect',
      headers: { authorization: basic(READER), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${freshToken}`,
    });
    expect(active.json().active).toBe(true);
  });
});

describe('GET /api/v1/revocations', () => {
  it('is read by a confidential app only', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/revocations' });
    expectError(anonymous, 401, 'auth.required');
    expectError(await snapshot(0, { id: READER.id, secret: 'wrong' }), 401, 'auth.required');
  });

  it('pages from a position and resets a reader that is ahead of the feed', async () => {
    const current = await head();
    const first = (await snapshot(0)).json();
    expect(first.reset).toBe(false);
    expect(first.entries.at(-1).position).toBe(current);
    expect(first.next).toBe(current);
    const none = (await snapshot(current)).json();
    expect(none).toEqual({ entries: [], reset: false, next: current, more: false });
    const ahead = (await snapshot(current + 1000)).json();
    expect(ahead.reset).toBe(true);
    expect(ahead.entries.length).toBe(first.entries.length);
  });
});

describe('GET /api/v1/revocations/stream', () => {
  /** Reads events until `until` says stop; returns them. */
  async function readEvents(
    headers: Record<string, string>,
    until: (events: { event: string; id?: string; data: string }[]) => boolean,
    during: () => Promise<unknown> = async () => {},
  ) {
    const abort = new AbortController();
    const response = await fetch(`${server.url}/api/v1/revocations/stream`, {
      headers: { authorization: basic(READER), ...headers },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: { event: string; id?: string; data: string }[] = [];
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let started = false;
    try {
      while (reader && !until(events)) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
          );
          if (fields.event) events.push({ event: fields.event, id: fields.id, data: fields.data ?? '' });
          end = buffer.indexOf('\n\n');
        }
        if (!started && events.some((event) => event.event === 'heartbeat')) {
          started = true;
          await during();
        }
      }
    } finally {
      abort.abort();
    }
    return events;
  }

  it('sends the backlog after Last-Event-ID, then revocations as they commit', async () => {
    const before = await head();
    const caller = userCaller(userId);
    const token = await server.container.apiTokens.generate(caller, {
      orgId,
      name: 'streamed',
      scopes: { allRoles: true },
    });
    const events = await readEvents(
      { 'last-event-id': String(before - 1) },
      (seen) => seen.filter((event) => event.event === 'revocation').length >= 2,
      () => server.container.apiTokens.revoke(caller, token.record.id),
    );
    const revocations = events.filter((event) => event.event === 'revocation');
    expect(revocations.map((event) => Number(event.id))).toEqual([before, before + 1]);
    expect(JSON.parse(revocations[1]?.data ?? '{}')).toMatchObject({
      position: before + 1,
      credential: { type: 'api_token', id: token.record.id },
    });
  });

  it('tells a reader that cannot resume to start over', async () => {
    const events = await readEvents({ 'last-event-id': String((await head()) + 50) }, (seen) =>
      seen.some((event) => event.event === 'revocation'),
    );
    expect(events[0]?.event).toBe('reset');
    expect(events.find((event) => event.event === 'revocation')?.id).toBe('1');
  });

  it('refuses a malformed Last-Event-ID', async () => {
    const response = await fetch(`${server.url}/api/v1/revocations/stream`, {
      headers: { authorization: basic(READER), 'last-event-id': 'yesterday' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('request.invalid');
  });
});
