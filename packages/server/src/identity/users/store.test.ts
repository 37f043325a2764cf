import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { aUser } from '../../../test/support/fixtures.js';
import { useStorage } from '../../../test/support/stores.js';
import { newId } from '../../core/ids-and-secrets.js';

describeEachDatabase('UserStore contract', (kind) => {
  const storage = useStorage(kind);

  it('inserts and finds a user by id and by e-mail', async () => {
    const { users } = storage().stores;
    const user = aUser({ platformRoles: ['platform_operator'] });
    await users.insert(user);
    const { passwordHash, ...publicUser } = user;
    expect(await users.findById(user.id)).toEqual(publicUser);
    expect(await users.findByEmail(user.email)).toEqual({ ...publicUser, passwordHash });
    expect(await users.findById(newId())).toBeUndefined();
    expect(await users.findByEmail('nobody@example.test')).toBeUndefined();
  });

  it('refuses a second account with the same e-mail as user.email_taken', async () => {
    const { users } = storage().stores;
    const user = aUser();
    await users.insert(user);
    await expect(users.insert(aUser({ email: user.email }))).rejects.toMatchObject({
      code: 'user.email_taken',
    });
  });

  it('keeps millisecond timestamps as numbers and updates password hash and disabled state', async () => {
    const { users } = storage().stores;
    const user = aUser({ createdAt: 1_763_700_000_123 });
    await users.insert(user);
    await users.updatePasswordHash(user.id, '$argon2id$new', 2_000);
    await users.updateDisabledAt(user.id, 3_000, 3_000);
    const found = await users.findWithPasswordById(user.id);
    expect(found).toMatchObject({ passwordHash: '$argon2id$new', disabledAt: 3_000, updatedAt: 3_000 });
    expect(found?.createdAt).toBe(1_763_700_000_123);
    await users.updateDisabledAt(user.id, null, 4_000);
    expect((await users.findById(user.id))?.disabledAt).toBeNull();
  });

  it('pages in e-mail order and counts every user', async () => {
    const { users } = storage().stores;
    const before = await users.count();
    const mine = [
      aUser({ email: `zz-${newId()}@example.test` }),
      aUser({ email: `zz-${newId()}@example.test` }),
    ];
    for (const user of mine) await users.insert(user);
    expect(await users.count()).toBe(before + 2);
    const page = await users.list({ pageStart: before + 1, pageLimit: 10 });
    expect(page.total).toBe(before + 2);
    expect(page.items.map((u) => u.email)).toEqual(mine.map((u) => u.email).sort());
  });

  it("verifies an address only while it is the account's, and a new address starts unverified", async () => {
    const { users } = storage().stores;
    const user = aUser();
    const other = aUser();
    await users.insert(user);
    await users.insert(other);
    expect(await users.markEmailVerified(user.id, 'old@example.test', 2_000)).toBe(false);
    expect(await users.markEmailVerified(user.id, user.email, 2_000)).toBe(true);
    expect((await users.findById(user.id))?.emailVerified).toBe(true);
    const moved = `moved-${newId()}@example.test`;
    await users.updateEmail(user.id, moved, 3_000);
    expect(await users.findById(user.id)).toMatchObject({
      email: moved,
      emailVerified: false,
      updatedAt: 3_000,
    });
    await expect(users.updateEmail(user.id, other.email, 4_000)).rejects.toMatchObject({
      code: 'user.email_taken',
    });
  });
});
