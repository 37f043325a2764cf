import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { anOrg, aUser } from '../../../test/support/fixtures.js';
import { insertAppRow } from '../../../test/support/store-database.js';
import { useStorage } from '../../../test/support/stores.js';
import type { Service } from './store.js';

const billing = (id: string, resource: string | null = null): Service => ({
  id,
  name: 'Billing',
  description: 'Invoices',
  permissions: [
    { id: `${id}:read`, description: 'Read invoices' },
    { id: `${id}:write`, description: '' },
  ],
  roles: [{ name: 'viewer', description: '', permissions: [`${id}:read`] }],
  resource,
  createdAt: 1,
  updatedAt: 1,
});

describeEachDatabase('ServiceStore contract', (kind) => {
  const storage = useStorage(kind);

  it('round-trips permissions and roles', async () => {
    const { services } = storage().stores;
    await services.insert(billing('billing'));
    expect(await services.findById('billing')).toEqual(billing('billing'));
    expect(await services.findById('nope')).toBeUndefined();
  });

  it('refuses a duplicate id as service.exists', async () => {
    const { services } = storage().stores;
    await services.insert(billing('dup'));
    await expect(services.insert(billing('dup'))).rejects.toMatchObject({ code: 'service.exists' });
  });

  it('keeps a resource URI, unique among services, and many services without one', async () => {
    const { services } = storage().stores;
    await services.insert(billing('invoices', 'https://invoices.example.com/'));
    expect((await services.findById('invoices'))?.resource).toBe('https://invoices.example.com/');
    await expect(
      services.insert(billing('invoices-2', 'https://invoices.example.com/')),
    ).rejects.toMatchObject({
      code: 'service.resource_taken',
    });
    await expect(services.insert(billing('invoices', 'https://other.example.com/'))).rejects.toMatchObject({
      code: 'service.exists',
    });
    await services.insert(billing('plain-1'));
    await services.insert(billing('plain-2'));
    expect((await services.findById('plain-2'))?.resource).toBeNull();
  });

  it('finds several by id and pages in id order', async () => {
    const { services } = storage().stores;
    await services.insert(billing('zeta'));
    await services.insert(billing('alpha'));
    expect((await services.findByIds(['zeta', 'alpha', 'none'])).map((s) => s.id).sort()).toEqual([
      'alpha',
      'zeta',
    ]);
    expect(await services.findByIds([])).toEqual([]);
    const page = await services.list({ pageStart: 1, pageLimit: 2 });
    expect(page.items.map((s) => s.id)).toEqual(['alpha', 'billing']);
    expect(page.total).toBeGreaterThanOrEqual(4);
  });

  it('updates the name, description, permissions and roles, keeping the id, resource and creation time', async () => {
    const { services } = storage().stores;
    await services.insert(billing('edited', 'https://edited.example.com/'));
    const changed: Service = {
      ...billing('edited', 'https://edited.example.com/'),
      name: 'Invoicing',
      description: '',
      roles: [{ name: 'admin', description: 'All', permissions: ['edited:read', 'edited:write'] }],
      updatedAt: 5,
    };
    await services.update(changed);
    expect(await services.findById('edited')).toEqual(changed);
  });

  it('counts the memberships and app grants holding each role, exactly (not a role whose name contains it)', async () => {
    const storageNow = storage();
    const { services, users, orgs, members, appGrants } = storageNow.stores;
    await services.insert(billing('held'));
    const org = anOrg();
    await orgs.insert(org);
    for (const serviceRoles of [['held:viewer'], ['held:viewer', 'held:admin'], ['held:viewer_x'], []]) {
      const user = aUser();
      await users.insert(user);
      await members.insert({
        orgId: org.id,
        userId: user.id,
        orgRoles: ['org_member'],
        serviceRoles,
        createdAt: 1,
        updatedAt: 1,
      });
    }
    const appId = await insertAppRow(storageNow.db, org.id);
    await appGrants.put({
      appId,
      orgId: org.id,
      orgRoles: ['org_member'],
      serviceRoles: ['held:admin'],
      createdAt: 1,
      createdBy: 'user-1',
    });
    expect(await services.roleHolders('held', ['held:viewer', 'held:admin', 'held:auditor'])).toEqual([
      { role: 'held:viewer', members: 2, apps: 0 },
      { role: 'held:admin', members: 1, apps: 1 },
    ]);
    expect(await services.roleHolders('held', [])).toEqual([]);
  });
});
