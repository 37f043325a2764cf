import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { insertUserRow, useDatabase } from '../../../test/support/store-database.js';
import { newId } from '../../core/ids-and-secrets.js';
import { createEmailLinkStore, type EmailLink } from './store.js';

describeEachDatabase('EmailLinkStore contract', (kind) => {
  const db = useDatabase(kind);
  const store = () => createEmailLinkStore(db().kysely);

  const aLink = (userId: string, overrides: Partial<EmailLink> = {}): EmailLink => ({
    id: newId(),
    tokenHash: `hash-${newId()}`,
    purpose: 'password_reset',
    userId,
    email: `${userId}@example.test`,
    createdAt: 1_763_700_000_123,
    expiresAt: 1_763_701_800_123,
    usedAt: null,
    ...overrides,
  });

  it('finds a link by the hash of its token, with millisecond times as numbers', async () => {
    const link = aLink(await insertUserRow(db()));
    await store().insert(link);
    expect(await store().findByTokenHash(link.tokenHash)).toEqual(link);
    expect(await store().findByTokenHash('hash-of-nothing')).toBeUndefined();
  });

  it('marks a link used once: the second and concurrent callers get false', async () => {
    const link = aLink(await insertUserRow(db()));
    await store().insert(link);
    const results = await Promise.all([store().markUsed(link.id, 5), store().markUsed(link.id, 6)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store().markUsed(link.id, 7)).toBe(false);
    expect((await store().findByTokenHash(link.tokenHash))?.usedAt).toBeOneOf([5, 6]);
  });

  it('retires the unused links of one purpose for one user only', async () => {
    const userId = await insertUserRow(db());
    const other = await insertUserRow(db());
    const reset = aLink(userId);
    const used = aLink(userId, { usedAt: 3 });
    const verification = aLink(userId, { purpose: 'email_verification' });
    const othersReset = aLink(other);
    for (const link of [reset, used, verification, othersReset]) await store().insert(link);
    expect(await store().retireForUser(userId, 'password_reset', 9)).toBe(1);
    expect((await store().findByTokenHash(reset.tokenHash))?.usedAt).toBe(9);
    expect((await store().findByTokenHash(used.tokenHash))?.usedAt).toBe(3);
    expect((await store().findByTokenHash(verification.tokenHash))?.usedAt).toBeNull();
    expect((await store().findByTokenHash(othersReset.tokenHash))?.usedAt).toBeNull();
  });

  it('deletes links that expired before a time', async () => {
    const userId = await insertUserRow(db());
    const old = aLink(userId, { expiresAt: 100 });
    const live = aLink(userId, { expiresAt: 10_000 });
    await store().insert(old);
    await store().insert(live);
    expect(await store().deleteExpired(1000)).toBeGreaterThanOrEqual(1);
    expect(await store().findByTokenHash(old.tokenHash)).toBeUndefined();
    expect(await store().findByTokenHash(live.tokenHash)).toBeDefined();
  });
});
