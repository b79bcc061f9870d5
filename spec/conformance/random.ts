import { mulberry32, type RandomSource } from '../../bench/population';

/**
 * Seeded random choices for the conformance generator, on mulberry32 (the same PRNG as the
 * benchmark population). Same seed, same sequence of calls ⇒ same results, on every machine.
 */
export class Random {
  private readonly next: RandomSource;

  /** @param seed any number; only its low 32 bits are used */
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max] (both inclusive). */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick: empty array');
    return items[this.int(items.length)];
  }

  /**
   * One element, skewed towards the first three (half of the draws): generated contexts and
   * clause values both use it, so they meet on the same few values and clauses match often.
   */
  pickSkewed<T>(items: readonly T[]): T {
    return this.chance(0.5) ? this.pick(items.slice(0, 3)) : this.pick(items);
  }

  /** `count` elements drawn with replacement (duplicates allowed, as in real flag data). */
  some<T>(items: readonly T[], count: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(this.pick(items));
    return out;
  }

  /** Chooses among weighted alternatives: `[[weight, value], …]`. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [w, value] of choices) {
      roll -= w;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][1];
  }

  /** A 32-bit seed for a sub-generator. */
  seed(): number {
    return this.int(0x1_0000_0000);
  }
}

/**
 * The seed of data set `index` of a run seeded `seed`: each data set can be regenerated on its
 * own, so a reported case reproduces without generating the ones before it.
 */
export function dataSetSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}
