import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { insertOrgRow, useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { createOrgPolicyStore } from './policy-store.js';

describeEachDatabase('OrgPolicyStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createOrgPolicyStore(database().kysely);

  it('finds nothing for an org that never set a policy', async () => {
    const orgId = await insertOrgRow(database());
    expect(await store().find(orgId)).toBeUndefined();
    expect(await store().find(newId())).toBeUndefined();
  });

  it('put creates the policy, then replaces it whole', async () => {
    const orgId = await insertOrgRow(database());
    const policy = {
      orgId,
      apiTokenMaxTtlSeconds: 90 * 86400,
      apiTokenIdleTtlSeconds: 30 * 86400,
      updatedAt: 5,
    };
    await store().put(policy);
    expect(await store().find(orgId)).toEqual(policy);
    const lifted = { orgId, apiTokenMaxTtlSeconds: null, apiTokenIdleTtlSeconds: 7 * 86400, updatedAt: 9 };
    await store().put(lifted);
    expect(await store().find(orgId)).toEqual(lifted);
  });

  it('keeps each org its own policy', async () => {
    const [a, b] = [await insertOrgRow(database()), await insertOrgRow(database())];
    await store().put({ orgId: a, apiTokenMaxTtlSeconds: 3600, apiTokenIdleTtlSeconds: null, updatedAt: 1 });
    expect(await store().find(b)).toBeUndefined();
    await store().put({ orgId: b, apiTokenMaxTtlSeconds: null, apiTokenIdleTtlSeconds: null, updatedAt: 2 });
    expect((await store().find(a))?.apiTokenMaxTtlSeconds).toBe(3600);
  });

  it('is removed with its org', async () => {
    const db = database();
    const orgId = await insertOrgRow(db);
    await store().put({ orgId, apiTokenMaxTtlSeconds: 60, apiTokenIdleTtlSeconds: 60, updatedAt: 1 });
    await db.kysely.deleteFrom('orgs').where('id', '=', orgId).execute();
    expect(await store().find(orgId)).toBeUndefined();
  });

  it('refuses a policy for an org that does not exist', async () => {
    await expect(
      store().put({ orgId: newId(), apiTokenMaxTtlSeconds: 60, apiTokenIdleTtlSeconds: null, updatedAt: 1 }),
    ).rejects.toThrow();
  });
});
