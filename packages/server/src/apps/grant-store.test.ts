import { expect, it } from 'vitest';
import { describeEachDatabase, withSecondPool } from '../../test/support/databases.js';
import { insertAppRow, insertOrgRow, useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { type AppGrant, createAppGrantStore } from './grant-store.js';

describeEachDatabase('AppGrantStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createAppGrantStore(database().kysely);
  const page = (pageStart: number, pageLimit: number) => ({ pageStart, pageLimit });

  /** An app owned by a fresh org, and another org to add it to. */
  async function appAndOrg(): Promise<{ appId: string; ownerOrgId: string; orgId: string }> {
    const ownerOrgId = await insertOrgRow(database());
    return {
      appId: await insertAppRow(database(), ownerOrgId),
      ownerOrgId,
      orgId: await insertOrgRow(database()),
    };
  }

  function aGrant(appId: string, orgId: string, overrides: Partial<AppGrant> = {}): AppGrant {
    return {
      appId,
      orgId,
      orgRoles: ['org_member'],
      serviceRoles: ['billing:viewer'],
      createdAt: 1_000,
      createdBy: 'user-1',
      ...overrides,
    };
  }

  it('put adds a grant (true), find reads it back', async () => {
    const { appId, orgId } = await appAndOrg();
    const grant = aGrant(appId, orgId);
    expect(await store().put(grant)).toBe(true);
    expect(await store().find(appId, orgId)).toEqual(grant);
    expect(await store().find(appId, await insertOrgRow(database()))).toBeUndefined();
    expect(await store().find(newId(), orgId)).toBeUndefined();
  });

  it('put again replaces the roles (false), leaving one grant', async () => {
    const { appId, orgId } = await appAndOrg();
    await store().put(aGrant(appId, orgId));
    const regranted = aGrant(appId, orgId, {
      orgRoles: ['developer', 'org_admin'],
      serviceRoles: [],
      createdAt: 2_000,
      createdBy: 'user-2',
    });
    expect(await store().put(regranted)).toBe(false);
    expect(await store().find(appId, orgId)).toEqual(regranted);
    expect((await store().listByOrg(orgId, page(1, 10))).total).toBe(1);
  });

  it('keeps one app’s grants in several orgs apart', async () => {
    const { appId, ownerOrgId, orgId } = await appAndOrg();
    await store().put(aGrant(appId, ownerOrgId, { orgRoles: ['org_owner'] }));
    await store().put(aGrant(appId, orgId, { orgRoles: ['org_member'] }));
    expect((await store().find(appId, ownerOrgId))?.orgRoles).toEqual(['org_owner']);
    expect((await store().find(appId, orgId))?.orgRoles).toEqual(['org_member']);
    expect(await store().delete(appId, orgId)).toBe(true);
    expect(await store().find(appId, ownerOrgId)).toBeDefined();
  });

  it('lists an org’s grants newest first with each app’s name, description and owner, paged', async () => {
    const orgId = await insertOrgRow(database());
    const grants: AppGrant[] = [];
    for (let n = 1; n <= 3; n++) {
      const owner = await insertOrgRow(database());
      const appId = await insertAppRow(database(), owner);
      await database()
        .kysely.updateTable('oauth_apps')
        .set({ name: `App ${n}` })
        .where('id', '=', appId)
        .execute();
      const grant = aGrant(appId, orgId, { createdAt: n * 1_000 });
      grants.push(grant);
      await store().put(grant);
    }
    const { appId: elsewhere, orgId: otherOrg } = await appAndOrg();
    await store().put(aGrant(elsewhere, otherOrg, { createdAt: 9_000 }));

    const first = await store().listByOrg(orgId, page(1, 2));
    expect(first.total).toBe(3);
    expect(first.items.map((g) => g.appName)).toEqual(['App 3', 'App 2']);
    const [newest] = first.items;
    const owner = await database()
      .kysely.selectFrom('oauth_apps')
      .select('owner_org_id')
      .where('id', '=', grants[2]?.appId ?? '')
      .executeTakeFirstOrThrow();
    expect(newest).toEqual({
      ...grants[2],
      appName: 'App 3',
      appDescription: '',
      appOwnerOrgId: owner.owner_org_id,
    });
    expect((await store().listByOrg(orgId, page(3, 2))).items.map((g) => g.appName)).toEqual(['App 1']);
    expect(await store().listByOrg(await insertOrgRow(database()), page(1, 10))).toEqual({
      items: [],
      total: 0,
    });
  });

  it('pages grants made at the same moment in one stable order', async () => {
    const orgId = await insertOrgRow(database());
    for (let n = 0; n < 5; n++) {
      const appId = await insertAppRow(database(), await insertOrgRow(database()));
      await store().put(aGrant(appId, orgId, { createdAt: 4_000 }));
    }
    const whole = (await store().listByOrg(orgId, page(1, 5))).items.map((g) => g.appId);
    const paged = [];
    for (const start of [1, 3, 5]) paged.push(...(await store().listByOrg(orgId, page(start, 2))).items);
    expect(paged.map((g) => g.appId)).toEqual(whole);
    expect(new Set(whole).size).toBe(5);
  });

  it('delete says whether there was a grant to remove', async () => {
    const { appId, orgId } = await appAndOrg();
    await store().put(aGrant(appId, orgId));
    expect(await store().delete(appId, orgId)).toBe(true);
    expect(await store().find(appId, orgId)).toBeUndefined();
    expect(await store().delete(appId, orgId)).toBe(false);
  });

  it('grants go with their app and with their org', async () => {
    const db = database();
    const { appId, orgId } = await appAndOrg();
    await store().put(aGrant(appId, orgId));
    await db.kysely.deleteFrom('oauth_apps').where('id', '=', appId).execute();
    expect(await store().find(appId, orgId)).toBeUndefined();

    const second = await appAndOrg();
    await store().put(aGrant(second.appId, second.orgId));
    await db.kysely.deleteFrom('orgs').where('id', '=', second.orgId).execute();
    expect(await store().find(second.appId, second.orgId)).toBeUndefined();
  });

  it('two nodes adding the same app at once leave one grant, with one of their role sets', async () => {
    const db = database();
    const { appId, orgId } = await appAndOrg();
    const roleSets: AppGrant['orgRoles'][] = [['org_member'], ['developer']];
    await withSecondPool(db, (other) =>
      Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          createAppGrantStore((i % 2 ? other : db).kysely).put(
            aGrant(appId, orgId, { orgRoles: roleSets[i % 2] }),
          ),
        ),
      ),
    );
    const page1 = await store().listByOrg(orgId, page(1, 10));
    expect(page1.total).toBe(1);
    expect(roleSets).toContainEqual(page1.items[0]?.orgRoles);
  });
});
