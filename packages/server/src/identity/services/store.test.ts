import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useStorage } from '../../../test/support/stores.js';
import type { Service } from './store.js';

const billing = (id: string): Service => ({
  id,
  name: 'Billing',
  description: 'Invoices',
  permissions: [
    { id: `${id}:read`, description: 'Read invoices' },
    { id: `${id}:write`, description: '' },
  ],
  roles: [{ name: 'viewer', description: '', permissions: [`${id}:read`] }],
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
});
