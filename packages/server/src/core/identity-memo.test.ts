import { describe, expect, it } from 'vitest';
import { IdentityMemo } from './identity-memo.js';

describe('IdentityMemo', () => {
  it('computes once for the same objects and text, again when any object or the text changes', () => {
    const memo = new IdentityMemo<number>();
    let computed = 0;
    const compute = () => ++computed;
    const grant = {};
    const app = {};
    const services = {};
    expect(memo.get(grant, [app, services], 'a', compute)).toBe(1);
    expect(memo.get(grant, [app, services], 'a', compute)).toBe(1);
    expect(memo.get(grant, [app, services], 'b', compute)).toBe(2);
    expect(memo.get(grant, [{}, services], 'a', compute)).toBe(3);
    expect(memo.get({}, [app, services], 'a', compute)).toBe(4);
  });

  it('remembers nothing when the computation throws, and keeps a bounded number of texts per owner', () => {
    const memo = new IdentityMemo<string>(2);
    const owner = {};
    expect(() =>
      memo.get(owner, [], 'bad', () => {
        throw new Error('invalid_scope');
      }),
    ).toThrow('invalid_scope');
    let computed = 0;
    memo.get(owner, [], 'x', () => `x${++computed}`);
    memo.get(owner, [], 'y', () => `y${++computed}`);
    expect(memo.get(owner, [], 'z', () => `z${++computed}`)).toBe('z3');
    expect(memo.get(owner, [], 'z', () => `z${++computed}`)).toBe('z4');
    expect(memo.get(owner, [], 'x', () => `x${++computed}`)).toBe('x1');
  });
});
