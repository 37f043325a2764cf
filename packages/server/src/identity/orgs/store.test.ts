import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { anOrg, aUser, seedMember } from '../../../test/support/fixtures.js';
import { useStorage } from '../../../test/support/stores.js';
import { newId } from '../../core/ids-and-secrets.js';

describeEachDatabase('OrgStore contract', (kind) => {
  const storage = useStorage(kind);

  it('inserts, finds and updates an organization', async () => {
    const { orgs } = storage().stores;
    const org = anOrg();
    await orgs.insert(org);
    expect(await orgs.findById(org.id)).toEqual(org);
    await orgs.update(org.id, { displayName: 'Acme Corporation' }, 5_000);
    expect(await orgs.findById(org.id)).toEqual({
      ...org,
      displayName: 'Acme Corporation',
      updatedAt: 5_000,
    });
    expect(await orgs.findById(newId())).toBeUndefined();
  });

  it('lists only the orgs a user belongs to, with their roles there', async () => {
    const { stores } = storage();
    const { user, org } = await seedMember(stores, ['org_admin', 'developer']);
    await stores.orgs.insert(anOrg()); // someone else's
    const page = await stores.orgs.listForUser(user.id, { pageStart: 1, pageLimit: 10 });
    expect(page.total).toBe(1);
    expect(page.items).toEqual([{ ...org, orgRoles: ['org_admin', 'developer'], serviceRoles: [] }]);
    const stranger = aUser();
    await stores.users.insert(stranger);
    expect(await stores.orgs.listForUser(stranger.id, { pageStart: 1, pageLimit: 10 })).toEqual({
      items: [],
      total: 0,
    });
  });

  it('lists only the orgs a server app was added to, with the roles each gave it', async () => {
    const { stores } = storage();
    const owner = anOrg({ name: 'Owner' });
    const partner = anOrg({ name: 'Partner' });
    for (const org of [owner, partner, anOrg({ name: 'Stranger' })]) await stores.orgs.insert(org);
    const appId = newId();
    await stores.apps.insert({
      id: appId,
      ownerOrgId: owner.id,
      type: 'server',
      name: 'sync',
      description: '',
      redirectUris: [],
      postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: { allRoles: true, orgRoles: [], serviceRoles: [], permissions: [] },
      accessTokenTtl: 600,
      refreshTokenTtl: 600,
      requirePkce: false,
      requirePar: false,
      createdAt: 1,
      updatedAt: 1,
      createdBy: 'test',
      tokenEndpointAuthMethod: 'client_secret_basic',
      jwks: null,
      jwksUri: null,
      requireDpop: false,
    });
    const grant = { appId, createdAt: 1, createdBy: 'test' };
    await stores.appGrants.put({ ...grant, orgId: owner.id, orgRoles: ['org_member'], serviceRoles: [] });
    await stores.appGrants.put({
      ...grant,
      orgId: partner.id,
      orgRoles: ['developer'],
      serviceRoles: ['billing:viewer'],
    });
    expect(await stores.orgs.listForApp(appId, { pageStart: 1, pageLimit: 10 })).toEqual({
      items: [
        { ...owner, orgRoles: ['org_member'], serviceRoles: [] },
        { ...partner, orgRoles: ['developer'], serviceRoles: ['billing:viewer'] },
      ],
      total: 2,
    });
    expect(await stores.orgs.listForApp(newId(), { pageStart: 1, pageLimit: 10 })).toEqual({
      items: [],
      total: 0,
    });
  });

  it('takes the row lock inside a transaction', async () => {
    const org = anOrg();
    await storage().stores.orgs.insert(org);
    await storage().transaction(async (stores) => {
      await stores.orgs.lock(org.id);
      expect(await stores.orgs.findById(org.id)).toEqual(org);
    });
  });
});
