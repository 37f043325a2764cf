import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { aUser } from '../../../test/support/fixtures.js';
import { useStorage } from '../../../test/support/stores.js';
import { newId } from '../../core/ids-and-secrets.js';
import type { Factor } from './store.js';

function aTotp(userId: string, overrides: Partial<Factor> = {}): Factor {
  return {
    id: newId(),
    userId,
    kind: 'totp',
    name: 'Phone',
    secretEnc: 'v1.sealed',
    lastStep: null,
    credentialId: null,
    publicKey: null,
    signCount: null,
    transports: [],
    amr: null,
    confirmedAt: 2_000,
    createdAt: 1_000,
    lastUsedAt: null,
    ...overrides,
  };
}

describeEachDatabase('FactorStore contract', (kind) => {
  const storage = useStorage(kind);

  async function aStoredUser() {
    const user = aUser();
    await storage().stores.users.insert(user);
    return user;
  }

  it('stores TOTP and passkey factors and lists only the confirmed ones when asked', async () => {
    const { factors } = storage().stores;
    const user = await aStoredUser();
    const totp = aTotp(user.id);
    const pending = aTotp(user.id, { name: 'Tablet', confirmedAt: null, createdAt: 1_500 });
    const passkey: Factor = {
      ...aTotp(user.id),
      kind: 'passkey',
      name: 'Laptop',
      secretEnc: null,
      credentialId: `cred-${newId()}`,
      publicKey: 'pQECAyYgASFYIA',
      signCount: 0,
      transports: ['internal', 'hybrid'],
      amr: 'swk',
      createdAt: 3_000,
    };
    for (const factor of [totp, pending, passkey]) await factors.insert(factor);

    expect(await factors.listForUser(user.id)).toEqual([totp, pending, passkey]);
    expect(await factors.listForUser(user.id, { confirmedOnly: true })).toEqual([totp, passkey]);
    expect(await factors.findById(user.id, passkey.id)).toEqual(passkey);
    expect(await factors.findByCredentialId(passkey.credentialId ?? '')).toEqual(passkey);
    // Another user's factor is not found by id.
    expect(await factors.findById((await aStoredUser()).id, totp.id)).toBeUndefined();

    expect(await factors.confirm(user.id, pending.id, 4_000)).toBe(true);
    expect(await factors.confirm(user.id, pending.id, 5_000)).toBe(false);
    expect((await factors.findById(user.id, pending.id))?.confirmedAt).toBe(4_000);

    await factors.usePasskey(passkey.id, 7, 6_000);
    expect(await factors.findById(user.id, passkey.id)).toMatchObject({ signCount: 7, lastUsedAt: 6_000 });

    expect(await factors.delete(user.id, totp.id)).toBe(true);
    expect(await factors.delete(user.id, totp.id)).toBe(false);
  });

  it('accepts each TOTP time step once, and never one older than the last accepted', async () => {
    const { factors } = storage().stores;
    const user = await aStoredUser();
    const totp = aTotp(user.id);
    await factors.insert(totp);
    expect(await factors.useTotpStep(totp.id, 100, 3_000)).toBe(true);
    expect(await factors.useTotpStep(totp.id, 100, 3_001)).toBe(false);
    expect(await factors.useTotpStep(totp.id, 99, 3_002)).toBe(false);
    expect(await factors.useTotpStep(totp.id, 101, 3_003)).toBe(true);
    expect(await factors.findById(user.id, totp.id)).toMatchObject({ lastStep: 101, lastUsedAt: 3_003 });
  });

  it('drops only old unconfirmed enrolments', async () => {
    const { factors } = storage().stores;
    const user = await aStoredUser();
    const old = aTotp(user.id, { confirmedAt: null, createdAt: 1_000 });
    const fresh = aTotp(user.id, { confirmedAt: null, createdAt: 9_000 });
    const confirmed = aTotp(user.id, { createdAt: 500 });
    for (const factor of [old, fresh, confirmed]) await factors.insert(factor);
    expect(await factors.deleteUnconfirmed(user.id, 5_000)).toBe(1);
    expect((await factors.listForUser(user.id)).map((f) => f.id)).toEqual([confirmed.id, fresh.id]);
  });

  it('uses each recovery code once, and replacing them voids the old ones', async () => {
    const { factors } = storage().stores;
    const user = await aStoredUser();
    const other = await aStoredUser();
    await factors.replaceRecoveryCodes(
      user.id,
      ['h1', 'h2', 'h3'].map((h) => `${user.id}${h}`),
      1_000,
    );
    expect(await factors.countRecoveryCodes(user.id)).toEqual({ total: 3, unused: 3 });
    expect(await factors.useRecoveryCode(other.id, `${user.id}h1`, 2_000)).toBe(false);
    expect(await factors.useRecoveryCode(user.id, `${user.id}h1`, 2_000)).toBe(true);
    expect(await factors.useRecoveryCode(user.id, `${user.id}h1`, 2_001)).toBe(false);
    expect(await factors.countRecoveryCodes(user.id)).toEqual({ total: 3, unused: 2 });

    await factors.replaceRecoveryCodes(user.id, [`${user.id}h4`], 3_000);
    expect(await factors.useRecoveryCode(user.id, `${user.id}h2`, 3_001)).toBe(false);
    expect(await factors.countRecoveryCodes(user.id)).toEqual({ total: 1, unused: 1 });
    await factors.deleteRecoveryCodes(user.id);
    expect(await factors.countRecoveryCodes(user.id)).toEqual({ total: 0, unused: 0 });
  });

  it('answers a WebAuthn challenge once, for its purpose and user, before it expires', async () => {
    const { factors } = storage().stores;
    const user = await aStoredUser();
    const hash = `challenge-${newId()}`;
    await factors.insertChallenge({
      challengeHash: hash,
      purpose: 'register',
      userId: user.id,
      expiresAt: 5_000,
    });
    expect(await factors.takeChallenge(hash, 'authenticate', user.id, 1_000)).toBe(false);
    expect(await factors.takeChallenge(hash, 'register', null, 1_000)).toBe(false);
    expect(await factors.takeChallenge(hash, 'register', user.id, 1_000)).toBe(true);
    expect(await factors.takeChallenge(hash, 'register', user.id, 1_000)).toBe(false);

    const signIn = `challenge-${newId()}`;
    await factors.insertChallenge({
      challengeHash: signIn,
      purpose: 'sign-in',
      userId: null,
      expiresAt: 5_000,
    });
    expect(await factors.takeChallenge(signIn, 'sign-in', null, 5_000)).toBe(false); // expired
    await factors.insertChallenge({
      challengeHash: `challenge-${newId()}`,
      purpose: 'sign-in',
      userId: null,
      expiresAt: 4_000,
    });
    expect(await factors.deleteExpiredChallenges(6_000)).toBeGreaterThanOrEqual(2);
  });
});
