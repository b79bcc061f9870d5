import { createHash } from 'node:crypto';

/** HyperLogLog precision: 2^11 = 2,048 one-byte registers (2 KiB), standard error 1.04/√2048 ≈ 2.3 %. */
const PRECISION = 11;
const REGISTERS = 1 << PRECISION;
/** Hashes have 52 bits: PRECISION pick the register, the other REST_BITS give the rank. */
const REST_BITS = 52 - PRECISION;
const REST_SPAN = 2 ** REST_BITS;
const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

/**
 * A 52-bit hash of a key (the first bits of its SHA-1), as a safe integer: what
 * {@link DistinctCounter} counts. Collisions are negligible: about n²/2⁵³ colliding pairs
 * expected among n keys (0.0001 for a million keys).
 */
export function hashKey(key: string): number {
  const digest = createHash('sha1').update(key).digest();
  return digest.readUInt32BE(0) * 2 ** 20 + (digest.readUInt32BE(4) >>> 12);
}

/**
 * Counts distinct keys (given as {@link hashKey} hashes) in bounded memory: exactly while at most
 * `exactLimit` have been seen (a set of hashes), then as a HyperLogLog sketch of 2,048 registers
 * (2 KiB, about 2.3 % standard error; linear counting for small cardinalities). Counters can be
 * merged: the union of two exact counters stays exact up to the limit, anything merged with a
 * sketch becomes a sketch.
 *
 * @example
 * ```ts
 * const seen = new DistinctCounter(1000);
 * for (const key of ['a', 'b', 'a']) seen.add(hashKey(key));
 * seen.count();     // 2
 * seen.estimated;   // false
 * ```
 */
export class DistinctCounter {
  private exact: Set<number> | undefined = new Set();
  private registers: Uint8Array | undefined;

  constructor(
    /** Most hashes kept exactly before switching to the sketch. */
    readonly exactLimit: number,
  ) {}

  /** True once the count is an estimate (the sketch is in use). */
  get estimated(): boolean {
    return this.exact === undefined;
  }

  /** Adds a key's hash. */
  add(hash: number): void {
    const exact = this.exact;
    if (exact === undefined) {
      addToSketch(this.registers!, hash);
      return;
    }
    exact.add(hash);
    if (exact.size > this.exactLimit) this.toSketch();
  }

  /** Adds every key counted by `other` (the union). */
  addAll(other: DistinctCounter): void {
    if (other.exact !== undefined) {
      for (const hash of other.exact) this.add(hash);
      return;
    }
    if (this.exact !== undefined) this.toSketch();
    const mine = this.registers!;
    const theirs = other.registers!;
    for (let i = 0; i < REGISTERS; i++) if (theirs[i] > mine[i]) mine[i] = theirs[i];
  }

  /** The number of distinct keys: exact, or the sketch's estimate (rounded). */
  count(): number {
    if (this.exact !== undefined) return this.exact.size;
    const registers = this.registers!;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < REGISTERS; i++) {
      sum += 2 ** -registers[i];
      if (registers[i] === 0) zeros++;
    }
    const raw = (ALPHA * REGISTERS * REGISTERS) / sum;
    const estimate = raw <= 2.5 * REGISTERS && zeros > 0 ? REGISTERS * Math.log(REGISTERS / zeros) : raw;
    return Math.round(estimate);
  }

  private toSketch(): void {
    const registers = new Uint8Array(REGISTERS);
    for (const hash of this.exact!) addToSketch(registers, hash);
    this.registers = registers;
    this.exact = undefined;
  }
}

function addToSketch(registers: Uint8Array, hash: number): void {
  const index = Math.floor(hash / REST_SPAN);
  const rest = hash - index * REST_SPAN;
  const high = Math.floor(rest / 2 ** 32);
  const bitLength = high > 0 ? 64 - Math.clz32(high) : 32 - Math.clz32(rest >>> 0);
  const rank = REST_BITS - bitLength + 1;
  if (rank > registers[index]) registers[index] = rank;
}
