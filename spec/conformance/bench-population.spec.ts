import assert from 'node:assert/strict';
import { buildPopulation, COUNTRIES, EMAIL_DOMAINS, EMAIL_PREFIXES, mulberry32 } from '../../bench/population';

/**
 * mulberry32 written a second way, with BigInt arithmetic modulo 2^32 instead of Math.imul and
 * `>>> 0`, straight from the benchmark README's formula: agreement checks the bit twiddling.
 */
function mulberry32BigInt(seed: number): () => number {
  const M = 1n << 32n;
  const u32 = (x: bigint) => ((x % M) + M) % M;
  const mul = (a: bigint, b: bigint) => u32(a * b);
  let a = u32(BigInt(seed));
  return () => {
    a = u32(a + 0x6d2b79f5n);
    let t = a;
    t = mul(t ^ (t >> 15n), t | 1n);
    t = u32(t ^ u32(t + mul(t ^ (t >> 7n), t | 61n)));
    return Number(t ^ (t >> 14n)) / 2 ** 32;
  };
}

describe('bench population', () => {
  it('mulberry32 matches an independent BigInt implementation of the README formula', () => {
    for (const seed of [42, 0, 1, 0xffffffff, 123456789]) {
      const fast = mulberry32(seed);
      const slow = mulberry32BigInt(seed);
      for (let i = 0; i < 2000; i++) assert.equal(fast(), slow(), `seed ${seed}, draw ${i}`);
    }
  });

  it('draws each context in the README order: prefix, domain, country, version, age', () => {
    const r = mulberry32(42);
    const pick = <T>(arr: readonly T[]) => arr[Math.floor(r() * arr.length)];
    const population = buildPopulation(50);
    for (let i = 0; i < 50; i++) {
      const prefix = pick(EMAIL_PREFIXES);
      const domain = pick(EMAIL_DOMAINS);
      const country = pick(COUNTRIES);
      const version = `${1 + Math.floor(4 * r())}.${Math.floor(10 * r())}.${Math.floor(20 * r())}`;
      const age = 13 + Math.floor(70 * r());
      assert.deepEqual(population[i], { kind: 'user', key: `user-${i}`, email: `${prefix}${i}@${domain}`, country, version, age });
    }
  });

  it('has 10,000 distinct users spread over every pool value', () => {
    const population = buildPopulation();
    assert.equal(population.length, 10_000);
    assert.equal(new Set(population.map((c) => c.key)).size, 10_000);
    assert.deepEqual(new Set(population.map((c) => c.country)), new Set(COUNTRIES));
    assert.deepEqual(new Set(population.map((c) => c.email.split('@')[1])), new Set(EMAIL_DOMAINS));
    const ages = population.map((c) => c.age);
    assert.equal(Math.min(...ages), 13);
    assert.equal(Math.max(...ages), 82);
    assert.ok(population.every((c) => /^[1-4]\.\d\.\d{1,2}$/.test(c.version)));
    assert.deepEqual(buildPopulation(), population, 'deterministic');
  });
});
