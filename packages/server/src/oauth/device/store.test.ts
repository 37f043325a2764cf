import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedMember } from '../../../test/support/fixtures.js';
import { useStorage } from '../../../test/support/stores.js';
import { newId } from '../../core/ids-and-secrets.js';
import type { Stores } from '../../stores.js';
import type { DeviceAuthorization } from './store.js';

const SCOPE = {
  oidc: ['openid'],
  roles: { allRoles: true, orgRoles: [], serviceRoles: [], permissions: [] },
};

async function anApp(stores: Stores, orgId: string): Promise<string> {
  const id = newId();
  await stores.apps.insert({
    id,
    ownerOrgId: orgId,
    type: 'native',
    name: 'CLI',
    description: '',
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
    scopes: SCOPE.roles,
    accessTokenTtl: 600,
    refreshTokenTtl: 86400,
    requirePkce: true,
    requirePar: false,
    tokenEndpointAuthMethod: 'none',
    jwks: null,
    jwksUri: null,
    requireDpop: false,
    createdAt: 1,
    updatedAt: 1,
    createdBy: 'test',
  });
  return id;
}

const authorization = (appId: string, overrides: Partial<DeviceAuthorization> = {}): DeviceAuthorization => ({
  id: newId(),
  deviceCodeHash: `device-${newId()}`,
  userCodeHash: `user-${newId()}`,
  appId,
  scope: SCOPE,
  createdAt: 1_000,
  expiresAt: 601_000,
  intervalSeconds: 5,
  lastPolledAt: null,
  decision: null,
  decidedAt: null,
  userId: null,
  orgId: null,
  familyId: null,
  redeemedAt: null,
  ...overrides,
});

describeEachDatabase('DeviceAuthorizationStore and PushedRequestStore contract', (kind) => {
  const storage = useStorage(kind);

  it('finds an authorization by either code, and refuses a user code already taken', async () => {
    const { stores } = storage();
    const { org } = await seedMember(stores);
    const appId = await anApp(stores, org.id);
    const first = authorization(appId);
    expect(await stores.deviceAuthorizations.insert(first)).toBe(true);
    expect(await stores.deviceAuthorizations.findByDeviceCode(first.deviceCodeHash)).toEqual(first);
    expect(await stores.deviceAuthorizations.findByUserCode(first.userCodeHash)).toEqual(first);
    expect(
      await stores.deviceAuthorizations.insert(authorization(appId, { userCodeHash: first.userCodeHash })),
    ).toBe(false);
  });

  it('keeps the polling pace, takes one answer before expiry, and redeems an approval once', async () => {
    const { stores } = storage();
    const { user, org } = await seedMember(stores);
    const appId = await anApp(stores, org.id);
    const pending = authorization(appId);
    await stores.deviceAuthorizations.insert(pending);
    await stores.deviceAuthorizations.recordPoll(pending.id, 2_000, 10);
    expect(await stores.deviceAuthorizations.findByDeviceCode(pending.deviceCodeHash)).toMatchObject({
      lastPolledAt: 2_000,
      intervalSeconds: 10,
    });
    // Not approved yet: nothing to redeem.
    expect(await stores.deviceAuthorizations.redeem(pending.id, 3_000)).toBe(false);
    const familyId = newId();
    await stores.oauth.insertFamily({
      id: familyId,
      appId,
      userId: user.id,
      orgId: org.id,
      scope: SCOPE,
      authTime: 1_000,
      createdAt: 1_000,
      expiresAt: 90_000_000,
      revokedAt: null,
      revokedReason: null,
    });
    const answer = { decision: 'approved' as const, at: 4_000, userId: user.id, orgId: org.id, familyId };
    // Two tabs answering at once: one answer is kept.
    const answers = await Promise.all([
      stores.deviceAuthorizations.decide(pending.id, answer),
      stores.deviceAuthorizations.decide(pending.id, answer),
    ]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await stores.deviceAuthorizations.decide(pending.id, { ...answer, decision: 'denied' })).toBe(
      false,
    );
    expect(await stores.deviceAuthorizations.findByDeviceCode(pending.deviceCodeHash)).toMatchObject({
      decision: 'approved',
      decidedAt: 4_000,
      userId: user.id,
      orgId: org.id,
      familyId,
    });
    const redeemed = await Promise.all([
      stores.deviceAuthorizations.redeem(pending.id, 5_000),
      stores.deviceAuthorizations.redeem(pending.id, 5_000),
    ]);
    expect(redeemed.filter(Boolean)).toHaveLength(1);
    // Too late to answer an expired one.
    const late = authorization(appId);
    await stores.deviceAuthorizations.insert(late);
    expect(await stores.deviceAuthorizations.decide(late.id, { ...answer, at: late.expiresAt })).toBe(false);
    expect(await stores.deviceAuthorizations.deleteExpired(late.expiresAt)).toBeGreaterThanOrEqual(1);
    expect(await stores.deviceAuthorizations.findByDeviceCode(late.deviceCodeHash)).toBeUndefined();
  });

  it('keeps a pushed request until it is used once or expires', async () => {
    const { stores } = storage();
    const { org } = await seedMember(stores);
    const appId = await anApp(stores, org.id);
    const pushed = {
      requestUriHash: `par-${newId()}`,
      appId,
      request: {
        clientId: appId,
        redirectUri: 'http://127.0.0.1/cb',
        redirectUriSent: true,
        state: 's',
        nonce: null,
        scope: SCOPE,
        codeChallenge: null,
        prompt: [],
        orgId: null,
      },
      createdAt: 1_000,
      expiresAt: 61_000,
      usedAt: null,
    };
    await stores.pushedRequests.insert(pushed);
    expect(await stores.pushedRequests.find(pushed.requestUriHash)).toEqual(pushed);
    const used = await Promise.all([
      stores.pushedRequests.use(pushed.requestUriHash, 2_000),
      stores.pushedRequests.use(pushed.requestUriHash, 2_000),
    ]);
    expect(used.filter(Boolean)).toHaveLength(1);
    expect(await stores.pushedRequests.deleteExpired(61_000)).toBeGreaterThanOrEqual(1);
    expect(await stores.pushedRequests.find(pushed.requestUriHash)).toBeUndefined();
  });
});
