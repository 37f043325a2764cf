import { expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { aUser, seedMember } from '../../test/support/fixtures.js';
import { useStorage } from '../../test/support/stores.js';
import { newId } from '../core/ids-and-secrets.js';
import { createStores, type Stores } from '../stores.js';
import type { ApiToken } from './store.js';

function aToken(userId: string, orgId: string, overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: newId(),
    userId,
    orgId,
    name: 'ci',
    tokenHash: `hash-${newId()}`,
    scopes: { allRoles: false, orgRoles: ['org_member'], serviceRoles: ['billing:viewer'], permissions: [] },
    openid: true,
    createdAt: 1_000,
    expiresAt: 100_000,
    lastUsedAt: null,
    notifyDaysBeforeExpiry: null,
    remindAt: null,
    remindedAt: null,
    revokedAt: null,
    deactivatedAt: null,
    deactivatedBy: null,
    replacesId: null,
    ...overrides,
  };
}

async function seed(stores: Stores) {
  const { user, org } = await seedMember(stores);
  return { userId: user.id, orgId: org.id, email: user.email };
}

describeEachDatabase('ApiTokenStore and OrgPolicyStore contract', (kind) => {
  const storage = useStorage(kind);

  it('finds a token by id and by hash, with its scopes and flags intact', async () => {
    const { stores } = storage();
    const { userId, orgId } = await seed(stores);
    const token = aToken(userId, orgId, { expiresAt: null, notifyDaysBeforeExpiry: 7 });
    await stores.apiTokens.insert(token);
    expect(await stores.apiTokens.findById(token.id)).toEqual(token);
    expect(await stores.apiTokens.findByHash(token.tokenHash)).toEqual(token);
    expect(await stores.apiTokens.findByHash('nope')).toBeUndefined();
  });

  it('lists a user’s unrevoked tokens newest first, and an org’s with their owners', async () => {
    const { stores } = storage();
    const { userId, orgId, email } = await seed(stores);
    const older = aToken(userId, orgId, { createdAt: 1 });
    const newer = aToken(userId, orgId, { createdAt: 2 });
    const revoked = aToken(userId, orgId, { createdAt: 3, revokedAt: 4 });
    for (const token of [older, newer, revoked]) await stores.apiTokens.insert(token);
    const mine = await stores.apiTokens.listByUser(userId, { pageStart: 1, pageLimit: 10 });
    expect(mine.items.map((t) => t.id)).toEqual([newer.id, older.id]);
    expect(mine.total).toBe(2);
    const org = await stores.apiTokens.listByOrg(orgId, { pageStart: 2, pageLimit: 1 });
    expect(org).toEqual({ items: [{ ...older, ownerEmail: email }], total: 2 });
  });

  it('counts live tokens: not revoked, not expired', async () => {
    const { stores } = storage();
    const { userId, orgId } = await seed(stores);
    await stores.apiTokens.insert(aToken(userId, orgId, { expiresAt: null }));
    await stores.apiTokens.insert(aToken(userId, orgId, { expiresAt: 5_000 }));
    await stores.apiTokens.insert(aToken(userId, orgId, { expiresAt: 4_000 }));
    await stores.apiTokens.insert(aToken(userId, orgId, { revokedAt: 10 }));
    expect(await stores.apiTokens.countLive(userId, orgId, 4_000)).toBe(2);
    expect(await stores.apiTokens.countLive(userId, orgId, 5_000)).toBe(1);
  });

  it('revokes once, deactivates and reactivates', async () => {
    const { stores } = storage();
    const { userId, orgId } = await seed(stores);
    const token = aToken(userId, orgId);
    await stores.apiTokens.insert(token);
    expect(await stores.apiTokens.revoke(token.id, 7)).toBe(true);
    expect(await stores.apiTokens.revoke(token.id, 8)).toBe(false);
    await stores.apiTokens.setDeactivated(token.id, 9, userId);
    expect(await stores.apiTokens.findById(token.id)).toMatchObject({
      revokedAt: 7,
      deactivatedAt: 9,
      deactivatedBy: userId,
    });
    await stores.apiTokens.setDeactivated(token.id, null, null);
    expect(await stores.apiTokens.findById(token.id)).toMatchObject({
      deactivatedAt: null,
      deactivatedBy: null,
    });
  });

  it('records last use in batches, never moving a stamp backwards', async () => {
    const { stores } = storage();
    const { userId, orgId } = await seed(stores);
    const a = aToken(userId, orgId);
    const b = aToken(userId, orgId, { lastUsedAt: 50 });
    await stores.apiTokens.insert(a);
    await stores.apiTokens.insert(b);
    await stores.apiTokens.recordUsage([
      { id: a.id, at: 30 },
      { id: b.id, at: 40 },
    ]);
    expect((await stores.apiTokens.findById(a.id))?.lastUsedAt).toBe(30);
    expect((await stores.apiTokens.findById(b.id))?.lastUsedAt).toBe(50);
  });

  it('stamps a batch larger than one statement takes, each row with its own time', async () => {
    const { stores } = storage();
    const { userId, orgId } = await seed(stores);
    const tokens = Array.from({ length: 1_201 }, () => aToken(userId, orgId));
    for (const token of tokens) await stores.apiTokens.insert(token);
    await stores.apiTokens.recordUsage(tokens.map((token, index) => ({ id: token.id, at: 1_000 + index })));
    for (const index of [0, 499, 500, 1_000, 1_200]) {
      expect((await stores.apiTokens.findById(tokens[index]?.id ?? ''))?.lastUsedAt).toBe(1_000 + index);
    }
  });

  it('hands each due reminder to one claimer only, across connections', async () => {
    const { stores, db } = storage();
    const { userId, orgId } = await seed(stores);
    const due = Array.from({ length: 6 }, () => aToken(userId, orgId, { remindAt: 500, expiresAt: 10_000 }));
    const notYet = aToken(userId, orgId, { remindAt: 5_000, expiresAt: 10_000 });
    const expired = aToken(userId, orgId, { remindAt: 100, expiresAt: 900 });
    for (const token of [...due, notYet, expired]) await stores.apiTokens.insert(token);
    const claimAndMark = (executor: typeof db) =>
      executor.kysely.transaction().execute(async (trx) => {
        const trxStores = createStores(trx, executor.dialect);
        const claimed = await trxStores.apiTokens.claimDueReminders(1_000, 100);
        for (const token of claimed) await trxStores.apiTokens.markReminded(token.id, 1_000);
        return claimed.map((token) => token.id).filter((id) => due.some((t) => t.id === id));
      });
    const [first, second] = await withSecondPool(db, (other) =>
      Promise.all([claimAndMark(db), claimAndMark(other)]),
    );
    expect([...first, ...second].sort()).toEqual(due.map((t) => t.id).sort());
    expect(await stores.apiTokens.claimDueReminders(1_000, 100)).toEqual([]);
  });

  it('stores an org policy and replaces it', async () => {
    const { stores } = storage();
    const { orgId } = await seed(stores);
    expect(await stores.orgPolicies.find(orgId)).toBeUndefined();
    await stores.orgPolicies.put({
      orgId,
      apiTokenMaxTtlSeconds: 3600,
      apiTokenIdleTtlSeconds: null,
      updatedAt: 1,
    });
    await stores.orgPolicies.put({
      orgId,
      apiTokenMaxTtlSeconds: null,
      apiTokenIdleTtlSeconds: 600,
      updatedAt: 2,
    });
    expect(await stores.orgPolicies.find(orgId)).toEqual({
      orgId,
      apiTokenMaxTtlSeconds: null,
      apiTokenIdleTtlSeconds: 600,
      updatedAt: 2,
    });
  });

  it('deletes a user’s tokens with the user', async () => {
    const { stores, db } = storage();
    const user = aUser();
    const { orgId } = await seed(stores);
    await stores.users.insert(user);
    const token = aToken(user.id, orgId);
    await stores.apiTokens.insert(token);
    await db.kysely.deleteFrom('users').where('id', '=', user.id).execute();
    expect(await stores.apiTokens.findById(token.id)).toBeUndefined();
  });
});
