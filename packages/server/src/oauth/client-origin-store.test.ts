import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { createClientOriginStore } from './client-origin-store.js';

describeEachDatabase('ClientOriginStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createClientOriginStore(database().kysely);

  it('keeps the last address each client authenticated from', async () => {
    const [client, other] = [newId(), newId()];
    expect(await store().lastAddress(client)).toBeUndefined();
    await store().record(client, '10.0.0.1', 1);
    await store().record(other, '10.0.0.9', 1);
    expect(await store().lastAddress(client)).toBe('10.0.0.1');
    await store().record(client, '2001:db8::1', 2);
    expect(await store().lastAddress(client)).toBe('2001:db8::1');
    expect(await store().lastAddress(other)).toBe('10.0.0.9');
  });
});
