import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { useStorage } from '../../test/support/stores.js';
import type { StoredSigningKey } from './store.js';

const key = (kid: string, createdAt: number, retiredAt: number | null = null): StoredSigningKey => ({
  kid,
  alg: 'ES256',
  privateEnc: 'v1.sealed',
  publicJwk: { kty: 'EC', kid, crv: 'P-256', x: 'x', y: 'y' },
  createdAt,
  retiredAt,
});

describeEachDatabase('SigningKeyStore contract', (kind) => {
  const storage = useStorage(kind);

  it('retires every other key, publishes recent ones and prunes old ones', async () => {
    const { signingKeys } = storage().stores;
    await signingKeys.insert(key('old', 1_000));
    await signingKeys.insert(key('mid', 2_000));
    await signingKeys.retireOthers('mid', 2_000);
    await signingKeys.insert(key('new', 3_000));
    await signingKeys.retireOthers('new', 3_000);
    expect((await signingKeys.list()).map((k) => [k.kid, k.retiredAt])).toEqual([
      ['new', null],
      ['mid', 3_000],
      ['old', 2_000],
    ]);
    // Published: active, plus retired after the cut-off.
    expect((await signingKeys.listPublished(2_500)).map((k) => k.kid)).toEqual(['new', 'mid']);
    expect(await signingKeys.deleteRetiredBefore(2_500)).toBe(1);
    expect((await signingKeys.list()).map((k) => k.kid)).toEqual(['new', 'mid']);
    expect((await signingKeys.list())[0]?.publicJwk).toEqual(key('new', 3_000).publicJwk);
  });
});
