import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { insertOrgRow, useDatabase } from '../../../test/support/store-database.js';
import { newId } from '../../core/ids-and-secrets.js';
import { createInvitationStore, type Invitation } from './store.js';

describeEachDatabase('InvitationStore contract', (kind) => {
  const db = useDatabase(kind);
  const store = () => createInvitationStore(db().kysely);

  const anInvitation = (orgId: string, overrides: Partial<Invitation> = {}): Invitation => ({
    id: newId(),
    orgId,
    email: `${newId()}@example.test`,
    orgRoles: ['org_member'],
    serviceRoles: ['billing:viewer'],
    tokenHash: `hash-${newId()}`,
    invitedBy: newId(),
    createdAt: 1_763_700_000_123,
    expiresAt: 1_764_304_800_123,
    acceptedAt: null,
    revokedAt: null,
    ...overrides,
  });

  it('finds by org and id, by token hash, and the open one for an address', async () => {
    const orgId = await insertOrgRow(db());
    const invitation = anInvitation(orgId);
    await store().insert(invitation);
    expect(await store().find(orgId, invitation.id)).toEqual(invitation);
    expect(await store().find(await insertOrgRow(db()), invitation.id)).toBeUndefined();
    expect(await store().findByTokenHash(invitation.tokenHash)).toEqual(invitation);
    expect(await store().findOpenByEmail(orgId, invitation.email)).toEqual(invitation);
  });

  it('closes once, renews only open ones, and lists only open ones', async () => {
    const orgId = await insertOrgRow(db());
    const accepted = anInvitation(orgId);
    const revoked = anInvitation(orgId);
    const open = anInvitation(orgId);
    for (const invitation of [accepted, revoked, open]) await store().insert(invitation);
    const closes = await Promise.all([
      store().close(accepted.id, 'accepted', 5),
      store().close(accepted.id, 'revoked', 6),
    ]);
    expect(closes.filter(Boolean)).toHaveLength(1);
    expect(await store().close(revoked.id, 'revoked', 7)).toBe(true);
    expect(await store().renew(revoked.id, 'hash-new', 9)).toBe(false);
    expect(await store().renew(open.id, `hash-${newId()}`, 9)).toBe(true);
    expect((await store().listOpen(orgId)).map((i) => i.id)).toEqual([open.id]);
    expect((await store().find(orgId, open.id))?.expiresAt).toBe(9);
  });
});
