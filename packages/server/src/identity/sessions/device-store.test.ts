import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { insertUserRow, useDatabase } from '../../../test/support/store-database.js';
import { newId } from '../../core/ids-and-secrets.js';
import { createDeviceCookieStore } from './device-store.js';

describeEachDatabase('DeviceCookieStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createDeviceCookieStore(database().kysely);

  it('finds a live device cookie of the user among hashes, never another user’s or an expired one', async () => {
    const db = database();
    const [user, other] = [await insertUserRow(db), await insertUserRow(db)];
    const [mine, theirs, expired] = [newId(), newId(), newId()];
    await store().insert({ idHash: mine, userId: user, createdAt: 1, expiresAt: 1000 });
    await store().insert({ idHash: theirs, userId: other, createdAt: 1, expiresAt: 1000 });
    await store().insert({ idHash: expired, userId: user, createdAt: 1, expiresAt: 10 });
    expect(await store().findForUser(user, [theirs, mine], 500)).toEqual({
      idHash: mine,
      userId: user,
      createdAt: 1,
      expiresAt: 1000,
    });
    expect(await store().findForUser(user, [theirs], 500)).toBeUndefined();
    expect(await store().findForUser(user, [expired], 500)).toBeUndefined();
    expect(await store().findForUser(user, [], 500)).toBeUndefined();
    expect(await store().deleteExpired(500)).toBeGreaterThanOrEqual(1);
    await store().delete(mine);
    expect(await store().findForUser(user, [mine], 500)).toBeUndefined();
  });
});
