import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { aUser, seedMember } from '../../../test/support/fixtures.js';
import { useStorage } from '../../../test/support/stores.js';

describeEachDatabase('MemberStore contract', (kind) => {
  const storage = useStorage(kind);

  it('finds, updates and deletes a membership', async () => {
    const { stores } = storage();
    const { user, org } = await seedMember(stores, ['org_member']);
    expect(await stores.members.find(org.id, user.id)).toMatchObject({
      orgRoles: ['org_member'],
      serviceRoles: [],
    });
    await stores.members.updateRoles(
      org.id,
      user.id,
      { orgRoles: ['developer'], serviceRoles: ['billing:viewer'] },
      9,
    );
    expect(await stores.members.find(org.id, user.id)).toMatchObject({
      orgRoles: ['developer'],
      serviceRoles: ['billing:viewer'],
      updatedAt: 9,
    });
    await stores.members.delete(org.id, user.id);
    expect(await stores.members.find(org.id, user.id)).toBeUndefined();
  });

  it('counts owners exactly (org_owner only, not roles that merely contain the word)', async () => {
    const { stores } = storage();
    const { org, user } = await seedMember(stores, ['org_owner']);
    const admin = aUser();
    await stores.users.insert(admin);
    await stores.members.insert({
      orgId: org.id,
      userId: admin.id,
      orgRoles: ['org_admin'],
      serviceRoles: ['x:org_owner'],
      createdAt: 1,
      updatedAt: 1,
    });
    expect(await stores.members.countOwners(org.id)).toBe(1);
    expect(await stores.members.countOwnedBy(user.id)).toBe(1);
    expect(await stores.members.countOwnedBy(admin.id)).toBe(0);
  });

  it('lists members with their profile, in e-mail order', async () => {
    const { stores } = storage();
    const { org, user } = await seedMember(stores);
    const other = aUser({ email: `0-${user.email}`, disabledAt: 5 });
    await stores.users.insert(other);
    await stores.members.insert({
      orgId: org.id,
      userId: other.id,
      orgRoles: ['org_member'],
      serviceRoles: [],
      createdAt: 2,
      updatedAt: 2,
    });
    const page = await stores.members.listByOrg(org.id, { pageStart: 1, pageLimit: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      expect.objectContaining({ userId: other.id, email: other.email, disabled: true }),
    ]);
  });

  it('removes memberships when the user is deleted (cascade)', async () => {
    const { stores, db } = storage();
    const { org, user } = await seedMember(stores);
    await db.kysely.deleteFrom('users').where('id', '=', user.id).execute();
    expect(await stores.members.find(org.id, user.id)).toBeUndefined();
  });
});
