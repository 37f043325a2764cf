import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { useStorage } from '../../test/support/stores.js';
import { newId } from '../core/ids-and-secrets.js';
import { accessTokenRevocation, KEEP_REVOCATION_MS, revocationOf } from './entries.js';

describeEachDatabase('RevocationStore contract', (kind) => {
  const storage = useStorage(kind);

  it('appends in order and lists from a position, each target kind as written', async () => {
    const { revocations } = storage().stores;
    const { head } = await revocations.positions();
    const now = 1_000_000;
    const entries = [
      revocationOf({ kind: 'credential', type: 'api_token', id: newId() }, now, 'API token revoked'),
      revocationOf({ kind: 'subject', subject: newId(), orgId: newId() }, now, 'removed from the org'),
      revocationOf({ kind: 'subject', subject: newId() }, now, 'user disabled'),
      revocationOf({ kind: 'client', clientId: newId() }, now, 'app deleted'),
      accessTokenRevocation(newId(), now + 300_000, now),
    ];
    const positions = await revocations.append(entries);
    expect(positions).toEqual([head + 1, head + 2, head + 3, head + 4, head + 5]);
    const listed = await revocations.listAfter(head, 100);
    expect(listed).toEqual(entries.map((entry, index) => ({ ...entry, position: head + 1 + index })));
    expect((await revocations.listAfter(head + 3, 1)).map((entry) => entry.position)).toEqual([head + 4]);
    expect((await revocations.positions()).head).toBe(head + 5);
  });

  // SQLite runs one transaction at a time on its one connection: there is nothing to interleave.
  it.runIf(kind === 'postgres')('numbers concurrent transactions in commit order', async () => {
    const s = storage();
    const { head } = await s.stores.revocations.positions();
    let releaseFirst: () => void = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const entry = () => revocationOf({ kind: 'credential', type: 'grant', id: newId() }, 1, 'grant revoked');
    const first = s.transaction(async (stores) => {
      const [position] = await stores.revocations.append([entry()]);
      await firstHolds;
      return position;
    });
    // Give the first transaction time to take its position before the second asks for one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = s.transaction(async (stores) => (await stores.revocations.append([entry()]))[0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The second cannot have committed a position while the first still holds a lower one uncommitted.
    expect((await s.stores.revocations.listAfter(head, 10)).length).toBe(0);
    releaseFirst();
    expect([await first, await second]).toEqual([head + 1, head + 2]);
  });

  it('sweeps entries past keepUntil and remembers how far it swept', async () => {
    const { revocations } = storage().stores;
    const now = 5_000_000_000_000;
    const [old] = await revocations.append([accessTokenRevocation(newId(), now - 600_000, now - 900_000)]);
    const [kept] = await revocations.append([
      revocationOf({ kind: 'credential', type: 'client', id: newId() }, now, 'secret regenerated'),
    ]);
    expect(await revocations.deleteExpired(now)).toBeGreaterThanOrEqual(1);
    const left = await revocations.listAfter((old ?? 0) - 1, 10);
    expect(left.map((entry) => entry.position)).toEqual([kept]);
    expect(left[0]?.keepUntil).toBe(now + KEEP_REVOCATION_MS);
    expect((await revocations.positions()).sweptThrough).toBeGreaterThanOrEqual(old ?? 0);
  });
});
