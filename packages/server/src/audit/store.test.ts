import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { useStorage } from '../../test/support/stores.js';
import { newId, newTimeOrderedId } from '../core/ids-and-secrets.js';
import type { AuditEvent } from './store.js';

const event = (orgId: string | null, at: number, action = 'member.added'): AuditEvent => ({
  id: newTimeOrderedId(at),
  at,
  orgId,
  actor: { kind: 'user', id: 'u1' },
  action,
  target: { kind: 'user', id: 'u2' },
  ip: '127.0.0.1',
  requestId: 'r1',
  details: { orgRoles: ['org_member'] },
});

describeEachDatabase('AuditStore contract', (kind) => {
  const storage = useStorage(kind);

  it('appends in batches and lists an org newest first', async () => {
    const { audit } = storage().stores;
    const orgId = newId();
    const events = [event(orgId, 1_000), event(orgId, 3_000), event(orgId, 2_000), event(newId(), 4_000)];
    await audit.insert(events);
    await audit.insert([]);
    const page = await audit.list({ pageStart: 1, pageLimit: 2 }, { orgId });
    expect(page.total).toBe(3);
    expect(page.items.map((e) => e.at)).toEqual([3_000, 2_000]);
    expect(page.items[0]).toEqual(events[1]);
  });

  it('filters the global list by action and actor', async () => {
    const { audit } = storage().stores;
    const action = `test.${newId()}`;
    await audit.insert([event(null, 10, action), event(null, 20, action), event(null, 30)]);
    const page = await audit.list({ pageStart: 1, pageLimit: 10 }, { action, actorId: 'u1' });
    expect(page.total).toBe(2);
    expect(page.items.every((e) => e.action === action)).toBe(true);
  });

  it('filters by target and by a time range: from inclusive, until exclusive', async () => {
    const { audit } = storage().stores;
    const orgId = newId();
    const other = { ...event(orgId, 200), target: { kind: 'app', id: 'app-1' } };
    await audit.insert([event(orgId, 100), other, event(orgId, 300), event(orgId, 400)]);
    const byTarget = await audit.list({ pageStart: 1, pageLimit: 10 }, { orgId, targetId: 'app-1' });
    expect(byTarget.items).toEqual([other]);
    const range = await audit.list({ pageStart: 1, pageLimit: 10 }, { orgId, since: 200, until: 400 });
    expect(range.items.map((e) => e.at)).toEqual([300, 200]);
    expect(range.total).toBe(2);
  });
});
