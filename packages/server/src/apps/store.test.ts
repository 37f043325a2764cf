import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { insertOrgRow, useDatabase } from '../../test/support/store-database.js';
import { newId } from '../core/ids-and-secrets.js';
import { type AppSecret, createOAuthAppStore, DEVICE_CODE_GRANT, type OAuthApp } from './store.js';

function anApp(ownerOrgId: string, overrides: Partial<OAuthApp> = {}): OAuthApp {
  return {
    id: newId(),
    ownerOrgId,
    type: 'web',
    name: 'Dashboard',
    description: 'shows the bills',
    redirectUris: ['https://dashboard.example.test/cb', 'http://127.0.0.1/cb'],
    postLogoutRedirectUris: ['https://dashboard.example.test/'],
    grantTypes: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
    scopes: { allRoles: false, orgRoles: ['org_member'], serviceRoles: ['billing:viewer'], permissions: [] },
    accessTokenTtl: 600,
    refreshTokenTtl: 90 * 86400,
    requirePkce: true,
    requirePar: false,
    createdAt: 1_000,
    updatedAt: 1_000,
    createdBy: 'user-1',
    tokenEndpointAuthMethod: 'client_secret_basic',
    jwks: null,
    jwksUri: null,
    requireDpop: false,
    ...overrides,
  };
}

function aSecret(appId: string, overrides: Partial<AppSecret> = {}): AppSecret {
  return {
    id: newId(),
    appId,
    secretHash: `hash-${newId()}`,
    createdAt: 1_000,
    expiresAt: null,
    ...overrides,
  };
}

describeEachDatabase('OAuthAppStore contract', (kind) => {
  const database = useDatabase(kind);
  const store = () => createOAuthAppStore(database().kysely);
  const page = (pageStart: number, pageLimit: number) => ({ pageStart, pageLimit });

  it('inserts and finds an app with every field as given', async () => {
    const orgId = await insertOrgRow(database());
    const app = anApp(orgId);
    await store().insert(app);
    expect(await store().findById(app.id)).toEqual(app);
    expect(await store().findById(newId())).toBeUndefined();

    const keyed = anApp(orgId, {
      type: 'server',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      scopes: { allRoles: true, orgRoles: [], serviceRoles: [], permissions: [] },
      requirePkce: false,
      requirePar: true,
      requireDpop: true,
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ', kid: 'k1' }] },
      jwksUri: 'https://dashboard.example.test/jwks.json',
    });
    await store().insert(keyed);
    expect(await store().findById(keyed.id)).toEqual(keyed);
  });

  it('refuses a second app with the same client id as app.exists', async () => {
    const orgId = await insertOrgRow(database());
    const app = anApp(orgId, { id: `custom-${newId()}` });
    await store().insert(app);
    await expect(store().insert(anApp(orgId, { id: app.id, name: 'Other' }))).rejects.toMatchObject({
      code: 'app.exists',
    });
    expect((await store().findById(app.id))?.name).toBe('Dashboard');
  });

  it('updates every changeable field, and nothing of other apps', async () => {
    const orgId = await insertOrgRow(database());
    const app = anApp(orgId);
    const other = anApp(orgId);
    await store().insert(app);
    await store().insert(other);
    const changed: OAuthApp = {
      ...app,
      name: 'Dashboard 2',
      description: '',
      redirectUris: ['https://new.example.test/cb'],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'],
      scopes: { allRoles: true, orgRoles: [], serviceRoles: [], permissions: ['billing:read'] },
      accessTokenTtl: 300,
      refreshTokenTtl: 3600,
      requirePkce: false,
      requirePar: true,
      requireDpop: true,
      updatedAt: 2_000,
      tokenEndpointAuthMethod: 'client_secret_post',
      jwksUri: 'https://new.example.test/jwks',
    };
    await store().update(changed);
    expect(await store().findById(app.id)).toEqual(changed);
    expect(await store().findById(other.id)).toEqual(other);
  });

  it('lists an org’s apps newest first, paged with the total, never another org’s', async () => {
    const [orgId, otherOrg] = [await insertOrgRow(database()), await insertOrgRow(database())];
    const apps = [1, 2, 3, 4, 5].map((n) => anApp(orgId, { name: `App ${n}`, createdAt: n * 1_000 }));
    for (const app of apps) await store().insert(app);
    await store().insert(anApp(otherOrg, { createdAt: 9_000 }));
    const first = await store().listByOrg(orgId, page(1, 2));
    expect(first.total).toBe(5);
    expect(first.items.map((a) => a.name)).toEqual(['App 5', 'App 4']);
    expect((await store().listByOrg(orgId, page(3, 2))).items.map((a) => a.name)).toEqual(['App 3', 'App 2']);
    expect((await store().listByOrg(orgId, page(5, 2))).items.map((a) => a.name)).toEqual(['App 1']);
    expect(await store().listByOrg(orgId, page(6, 2))).toEqual({ items: [], total: 5 });
    expect(await store().listByOrg(await insertOrgRow(database()), page(1, 10))).toEqual({
      items: [],
      total: 0,
    });
  });

  it('orders apps created at the same moment the same way on every page', async () => {
    const orgId = await insertOrgRow(database());
    for (let n = 0; n < 6; n++) await store().insert(anApp(orgId, { createdAt: 7_000 }));
    const whole = (await store().listByOrg(orgId, page(1, 6))).items.map((a) => a.id);
    const paged = [];
    for (const start of [1, 3, 5]) paged.push(...(await store().listByOrg(orgId, page(start, 2))).items);
    expect(paged.map((a) => a.id)).toEqual(whole);
    expect(new Set(whole).size).toBe(6);
  });

  it('searches names case-insensitively, with % _ and \\ taken literally', async () => {
    const orgId = await insertOrgRow(database());
    for (const name of ['Billing Sync', 'billing export', 'Reports', '100% sync', 'a_b', 'a\\b', 'axb'])
      await store().insert(anApp(orgId, { name }));
    const names = async (search: string) =>
      (await store().listByOrg(orgId, page(1, 50), search)).items.map((a) => a.name).sort();
    expect(await names('BILLING')).toEqual(['Billing Sync', 'billing export']);
    expect(await names('sync')).toEqual(['100% sync', 'Billing Sync']);
    expect(await names('%')).toEqual(['100% sync']);
    expect(await names('a_b')).toEqual(['a_b']);
    expect(await names('a\\b')).toEqual(['a\\b']);
    expect((await store().listByOrg(orgId, page(1, 1), 'billing')).total).toBe(2);
    expect(await names('nothing like it')).toEqual([]);
  });

  it('delete removes the app and its secrets, and only them', async () => {
    const orgId = await insertOrgRow(database());
    const [app, kept] = [anApp(orgId), anApp(orgId)];
    await store().insert(app);
    await store().insert(kept);
    await store().insertSecret(aSecret(app.id));
    await store().insertSecret(aSecret(kept.id));
    await store().delete(app.id);
    expect(await store().findById(app.id)).toBeUndefined();
    expect(await store().liveSecrets(app.id, 0)).toEqual([]);
    expect(await store().findById(kept.id)).toEqual(kept);
    expect(await store().liveSecrets(kept.id, 0)).toHaveLength(1);
    await store().delete(newId()); // an unknown id: nothing to do
  });

  it('lists the secrets live at a moment, newest first; an expiry is exclusive', async () => {
    const orgId = await insertOrgRow(database());
    const app = anApp(orgId);
    await store().insert(app);
    const old = aSecret(app.id, { createdAt: 1_000, expiresAt: 5_000 });
    const current = aSecret(app.id, { createdAt: 2_000 });
    await store().insertSecret(old);
    await store().insertSecret(current);
    expect(await store().liveSecrets(app.id, 4_999)).toEqual([current, old]);
    expect(await store().liveSecrets(app.id, 5_000)).toEqual([current]);
    expect(await store().liveSecrets(newId(), 0)).toEqual([]);
  });

  it('rotation: current secrets get an expiry, already-expiring ones keep theirs', async () => {
    const orgId = await insertOrgRow(database());
    const app = anApp(orgId);
    await store().insert(app);
    const expiring = aSecret(app.id, { createdAt: 1_000, expiresAt: 3_000 });
    const current = aSecret(app.id, { createdAt: 2_000 });
    await store().insertSecret(expiring);
    await store().insertSecret(current);
    await store().expireCurrentSecrets(app.id, 10_000);
    const next = aSecret(app.id, { createdAt: 4_000 });
    await store().insertSecret(next);
    expect(await store().liveSecrets(app.id, 2_500)).toEqual([
      next,
      { ...current, expiresAt: 10_000 },
      expiring,
    ]);
    expect(await store().liveSecrets(app.id, 10_000)).toEqual([next]);
  });

  it('deleteSecretsExcept keeps one secret of the app and says how many went', async () => {
    const orgId = await insertOrgRow(database());
    const [app, other] = [anApp(orgId), anApp(orgId)];
    await store().insert(app);
    await store().insert(other);
    const secrets = [1, 2, 3].map((n) => aSecret(app.id, { createdAt: n * 1_000 }));
    for (const secret of secrets) await store().insertSecret(secret);
    const untouched = aSecret(other.id);
    await store().insertSecret(untouched);
    expect(await store().deleteSecretsExcept(app.id, secrets[1]?.id ?? '')).toBe(2);
    expect(await store().liveSecrets(app.id, 0)).toEqual([secrets[1]]);
    expect(await store().liveSecrets(other.id, 0)).toEqual([untouched]);
  });
});
