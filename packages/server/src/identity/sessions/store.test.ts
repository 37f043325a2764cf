import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { aUser } from '../../../test/support/fixtures.js';
import { useStorage } from '../../../test/support/stores.js';
import type { Session } from './store.js';

const session = (userId: string, idHash: string, overrides: Partial<Session> = {}): Session => ({
  idHash,
  userId,
  createdAt: 1_000,
  lastSeenAt: 1_000,
  expiresAt: 100_000,
  ip: '10.0.0.1',
  userAgent: 'test',
  amr: ['pwd'],
  authenticatedAt: 1_000,
  pendingFactor: false,
  ...overrides,
});

describeEachDatabase('SessionStore and RateLimitStore contract', (kind) => {
  const storage = useStorage(kind);

  it('stores, touches and ends sessions, one user at a time', async () => {
    const { stores } = storage();
    const user = aUser();
    await stores.users.insert(user);
    await stores.sessions.insert(session(user.id, `${user.id}-a`));
    await stores.sessions.insert(session(user.id, `${user.id}-b`));
    await stores.sessions.touch(`${user.id}-a`, 5_000);
    expect((await stores.sessions.findByHash(`${user.id}-a`))?.lastSeenAt).toBe(5_000);
    expect(await stores.sessions.deleteForUser(user.id, `${user.id}-a`)).toBe(1);
    expect(await stores.sessions.findByHash(`${user.id}-b`)).toBeUndefined();
    expect(await stores.sessions.findByHash(`${user.id}-a`)).toBeDefined();
  });

  it('lists a user’s signed-in sessions, newest use first, without pending ones or other users’', async () => {
    const { stores } = storage();
    const [user, other] = [aUser(), aUser()];
    await stores.users.insert(user);
    await stores.users.insert(other);
    await stores.sessions.insert(session(user.id, `${user.id}-old`, { lastSeenAt: 2_000 }));
    await stores.sessions.insert(session(user.id, `${user.id}-new`, { lastSeenAt: 3_000 }));
    await stores.sessions.insert(session(user.id, `${user.id}-pending`, { pendingFactor: true }));
    await stores.sessions.insert(session(other.id, `${other.id}-x`));
    const listed = await stores.sessions.listForUser(user.id);
    expect(listed.map((s) => s.idHash)).toEqual([`${user.id}-new`, `${user.id}-old`]);
    expect(listed[0]).toEqual(session(user.id, `${user.id}-new`, { lastSeenAt: 3_000 }));
  });

  it('deletes sessions past their lifetime or idle limit', async () => {
    const { stores } = storage();
    const user = aUser();
    await stores.users.insert(user);
    await stores.sessions.insert(
      session(user.id, `${user.id}-expired`, { expiresAt: 50_000, lastSeenAt: 49_000 }),
    );
    await stores.sessions.insert(session(user.id, `${user.id}-idle`, { lastSeenAt: 10_000 }));
    await stores.sessions.insert(session(user.id, `${user.id}-live`, { lastSeenAt: 59_000 }));
    expect(await stores.sessions.deleteExpired(60_000, 30_000)).toBeGreaterThanOrEqual(2);
    expect(await stores.sessions.findByHash(`${user.id}-live`)).toBeDefined();
    expect(await stores.sessions.findByHash(`${user.id}-idle`)).toBeUndefined();
  });

  it('keeps how the session signed in, and records a later step-up', async () => {
    const { stores } = storage();
    const user = aUser();
    await stores.users.insert(user);
    const pending = session(user.id, `${user.id}-pending`, { pendingFactor: true });
    await stores.sessions.insert(pending);
    expect(await stores.sessions.findByHash(pending.idHash)).toEqual(pending);
    const full = session(user.id, `${user.id}-full`, { amr: ['pwd', 'otp', 'mfa'] });
    await stores.sessions.insert(full);
    await stores.sessions.markAuthenticated(full.idHash, ['pwd', 'otp', 'mfa', 'hwk'], 9_000);
    expect(await stores.sessions.findByHash(full.idHash)).toEqual({
      ...full,
      amr: ['pwd', 'otp', 'mfa', 'hwk'],
      authenticatedAt: 9_000,
      lastSeenAt: 9_000,
    });
  });

  it('counts rate-limit hits atomically per window', async () => {
    const { rateLimits } = storage().stores;
    const key = `k-${Math.random()}`;
    const counts = await Promise.all(Array.from({ length: 5 }, () => rateLimits.hit(key, 1_000)));
    expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await rateLimits.peek(key, 1_000)).toBe(5);
    expect(await rateLimits.hit(key, 2_000)).toBe(1); // a new window starts over
    expect(await rateLimits.peek(key, 1_000)).toBe(0);
    expect(await rateLimits.deleteOlderThan(3_000)).toBeGreaterThanOrEqual(1);
    await rateLimits.reset(key);
  });

  it('stores a meta value once', async () => {
    const { meta } = storage().stores;
    expect(await meta.setIfAbsent('k', 'first')).toBe('first');
    expect(await meta.setIfAbsent('k', 'second')).toBe('first');
    expect(await meta.get('missing')).toBeUndefined();
  });

  it('replaces a meta value with set', async () => {
    const { meta } = storage().stores;
    await meta.set('state', 'pending');
    await meta.set('state', 'done');
    expect(await meta.get('state')).toBe('done');
  });
});
