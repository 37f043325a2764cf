import fc from 'fast-check';

/**
 * A reproducible stream of random choices over fast-check's seeded generator: the same seed gives the same
 * draws, so a failing case is replayed from the seed it prints. Draws are unbiased (uniform), unlike
 * fast-check's property runs, which lean towards small and edge values on purpose; `value` keeps that lean for
 * the arbitraries it is given (strings, JSON), where edge values are what a fuzzer wants.
 */
export class Rand {
  readonly #draw: fc.GeneratorValue;

  constructor(readonly seed: number) {
    const [draw] = fc.sample(fc.gen(), { seed, numRuns: 1 });
    if (!draw) throw new TypeError('fast-check gave no generator');
    this.#draw = draw;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return this.#draw(() => fc.noBias(fc.integer({ min, max })));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.int(0, 9_999) < p * 10_000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new TypeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.int(0, Math.max(0, Math.ceil(total) - 1));
    for (const [item, weight] of items) {
      if (left < weight) return item;
      left -= weight;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  bytes(length: number): Buffer {
    return Buffer.from(this.#draw(() => fc.uint8Array({ minLength: length, maxLength: length })));
  }

  /** A value of any fast-check arbitrary, drawn from this stream. */
  value<T>(arbitrary: fc.Arbitrary<T>): T {
    return this.#draw(() => arbitrary);
  }
}

/** The seed of case `index` of a run seeded with `seed`: each case can be replayed on its own. */
export function caseSeed(seed: number, index: number): number {
  let mixed = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  return (mixed ^ (mixed >>> 13)) | 0;
}

/** A fresh run seed (31 bits, so it prints and types back easily). */
export function newSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
