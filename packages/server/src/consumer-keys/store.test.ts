import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { aUser } from '../../test/support/fixtures.js';
import { useStorage } from '../../test/support/stores.js';
import type { Stores } from '../stores.js';
import { newNumericId } from './format.js';
import { type ConsumerApp, type ConsumerCredential, DuplicateKeyError } from './store.js';

function anApp(ownerUserId: string, overrides: Partial<ConsumerApp> = {}): ConsumerApp {
  const id = newNumericId();
  return {
    id,
    appKey: `AK${id}`.padEnd(16, 'x').slice(0, 16),
    secretEnc: 'v1.sealed.secret',
    ownerUserId,
    name: 'Marketplace',
    description: 'my little marketplace',
    status: 'active',
    createdAt: 1_000,
    ...overrides,
  };
}

function aCredential(appId: number, overrides: Partial<ConsumerCredential> = {}): ConsumerCredential {
  const id = newNumericId();
  return {
    id,
    appId,
    keyHash: `ck-${id}`,
    userId: null,
    rules: [
      { method: 'GET', path: '/me' },
      { method: 'POST', path: '/domain/zone/*/record' },
    ],
    state: 'pendingValidation',
    validationTokenHash: `token-${id}`,
    validationExpiresAt: 90_000,
    redirection: 'https://app.example/cb',
    allowedIps: null,
    createdAt: 2_000,
    validatedAt: null,
    expiresAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

async function twoUsers(stores: Stores) {
  const developer = aUser();
  const customer = aUser();
  await stores.users.insert(developer);
  await stores.users.insert(customer);
  return { developerId: developer.id, customerId: customer.id };
}

describeEachDatabase('ConsumerKeyStore contract', (kind) => {
  const storage = useStorage(kind);

  it('stores applications by numeric id and key, listed per owner newest first', async () => {
    const { stores } = storage();
    const { developerId, customerId } = await twoUsers(stores);
    const older = anApp(developerId, { createdAt: 1 });
    const newer = anApp(developerId, { createdAt: 2 });
    const other = anApp(customerId);
    for (const app of [older, newer, other]) await stores.consumerKeys.insertApp(app);
    expect(await stores.consumerKeys.findApp(older.id)).toEqual(older);
    expect(await stores.consumerKeys.findAppByKey(newer.appKey)).toEqual(newer);
    expect(await stores.consumerKeys.findAppByKey('no-such-key')).toBeUndefined();
    const both = await stores.consumerKeys.findApps([older.id, other.id, 123]);
    expect(both.map((app) => app.id).sort()).toEqual([older.id, other.id].sort());
    expect(await stores.consumerKeys.findApps([])).toEqual([]);
    expect((await stores.consumerKeys.listAppsOf(developerId)).map((app) => app.id)).toEqual([
      newer.id,
      older.id,
    ]);
    // Ids above 2^31 survive both databases as numbers (PostgreSQL bigint).
    const big = anApp(developerId, { id: 2 ** 40 - 1, appKey: 'BIGBIGBIGBIGBIG1' });
    await stores.consumerKeys.insertApp(big);
    expect((await stores.consumerKeys.findApp(2 ** 40 - 1))?.id).toBe(2 ** 40 - 1);
  });

  it('reports a colliding id or key as DuplicateKeyError, so the caller can draw again', async () => {
    const { stores } = storage();
    const { developerId } = await twoUsers(stores);
    const app = anApp(developerId);
    await stores.consumerKeys.insertApp(app);
    await expect(
      stores.consumerKeys.insertApp({ ...app, appKey: 'another-key-1234' }),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(stores.consumerKeys.insertApp({ ...app, id: newNumericId() })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    const credential = aCredential(app.id);
    await stores.consumerKeys.insertCredential(credential);
    await expect(
      stores.consumerKeys.insertCredential({ ...credential, id: newNumericId(), validationTokenHash: null }),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  it('finds credentials by id, key hash and validation token, rules and addresses intact', async () => {
    const { stores } = storage();
    const { developerId } = await twoUsers(stores);
    const app = anApp(developerId);
    await stores.consumerKeys.insertApp(app);
    const credential = aCredential(app.id, { allowedIps: ['203.0.113.0/24', '2001:db8::/32'] });
    await stores.consumerKeys.insertCredential(credential);
    expect(await stores.consumerKeys.findCredential(credential.id)).toEqual(credential);
    expect(await stores.consumerKeys.findCredentialByKeyHash(credential.keyHash)).toEqual(credential);
    expect(await stores.consumerKeys.findCredentialByValidationToken(`token-${credential.id}`)).toEqual(
      credential,
    );
    expect(await stores.consumerKeys.findCredentialByKeyHash('nope')).toBeUndefined();
  });

  it('decides a pending credential once: the token is consumed and a second decision loses', async () => {
    const { stores } = storage();
    const { developerId, customerId } = await twoUsers(stores);
    const app = anApp(developerId);
    await stores.consumerKeys.insertApp(app);
    const credential = aCredential(app.id);
    await stores.consumerKeys.insertCredential(credential);
    const decision = { state: 'validated' as const, userId: customerId, at: 5_000, expiresAt: 9_000 };
    expect(await stores.consumerKeys.decide(credential.id, decision)).toBe(true);
    expect(await stores.consumerKeys.decide(credential.id, { ...decision, state: 'refused' })).toBe(false);
    const stored = await stores.consumerKeys.findCredential(credential.id);
    expect(stored).toMatchObject({
      state: 'validated',
      userId: customerId,
      validatedAt: 5_000,
      expiresAt: 9_000,
      validationTokenHash: null,
    });
    expect(
      await stores.consumerKeys.findCredentialByValidationToken(`token-${credential.id}`),
    ).toBeUndefined();
  });

  it('lists what a user granted (filtered by app and state) and what an app was given', async () => {
    const { stores } = storage();
    const { developerId, customerId } = await twoUsers(stores);
    const first = anApp(developerId);
    const second = anApp(developerId);
    await stores.consumerKeys.insertApp(first);
    await stores.consumerKeys.insertApp(second);
    const a = aCredential(first.id, { userId: customerId, state: 'validated', createdAt: 1 });
    const b = aCredential(second.id, { userId: customerId, state: 'refused', createdAt: 2 });
    const pending = aCredential(first.id, { createdAt: 3 });
    for (const credential of [a, b, pending]) await stores.consumerKeys.insertCredential(credential);
    const granted = await stores.consumerKeys.listCredentialsGrantedBy(customerId);
    expect(granted.map((c) => c.id)).toEqual([b.id, a.id]);
    expect(
      (await stores.consumerKeys.listCredentialsGrantedBy(customerId, { appId: first.id })).map((c) => c.id),
    ).toEqual([a.id]);
    expect(
      (await stores.consumerKeys.listCredentialsGrantedBy(customerId, { state: 'refused' })).map((c) => c.id),
    ).toEqual([b.id]);
    expect((await stores.consumerKeys.listCredentialsOfApp(first.id)).map((c) => c.id)).toEqual([
      pending.id,
      a.id,
    ]);
  });

  it('expires, re-addresses, stamps use (never backwards) and deletes credentials; deleting an app takes its credentials', async () => {
    const { stores } = storage();
    const { developerId, customerId } = await twoUsers(stores);
    const app = anApp(developerId);
    await stores.consumerKeys.insertApp(app);
    const credential = aCredential(app.id, {
      userId: customerId,
      state: 'validated',
      validationTokenHash: null,
    });
    await stores.consumerKeys.insertCredential(credential);
    await stores.consumerKeys.setAllowedIps(credential.id, ['192.0.2.1/32']);
    await stores.consumerKeys.recordUsage([{ id: credential.id, at: 7_000 }]);
    await stores.consumerKeys.recordUsage([{ id: credential.id, at: 6_000 }]);
    expect(await stores.consumerKeys.findCredential(credential.id)).toMatchObject({
      allowedIps: ['192.0.2.1/32'],
      lastUsedAt: 7_000,
    });
    await stores.consumerKeys.setAllowedIps(credential.id, null);
    await stores.consumerKeys.expire(credential.id, 8_000);
    expect(await stores.consumerKeys.findCredential(credential.id)).toMatchObject({
      allowedIps: null,
      state: 'expired',
      expiresAt: 8_000,
    });
    expect(await stores.consumerKeys.deleteCredential(credential.id)).toBe(true);
    expect(await stores.consumerKeys.deleteCredential(credential.id)).toBe(false);

    const stale = aCredential(app.id, { validationExpiresAt: 100 });
    const fresh = aCredential(app.id, { validationExpiresAt: 10_000 });
    const answered = aCredential(app.id, { validationExpiresAt: 100, state: 'refused', userId: customerId });
    for (const row of [stale, fresh, answered]) await stores.consumerKeys.insertCredential(row);
    expect(await stores.consumerKeys.deleteUnanswered(5_000)).toBe(1);
    expect(await stores.consumerKeys.findCredential(stale.id)).toBeUndefined();
    expect(await stores.consumerKeys.findCredential(fresh.id)).toBeDefined();
    expect(await stores.consumerKeys.findCredential(answered.id)).toBeDefined();

    const kept = aCredential(app.id);
    await stores.consumerKeys.insertCredential(kept);
    await stores.consumerKeys.deleteApp(app.id);
    expect(await stores.consumerKeys.findApp(app.id)).toBeUndefined();
    expect(await stores.consumerKeys.findCredential(kept.id)).toBeUndefined();
  });
});
