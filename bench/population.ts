/**
 * The fixed benchmark population of /work/shared/bench/README.md: 10,000 user contexts drawn from
 * mulberry32(42), so that every SDK measured evaluates exactly the same contexts.
 */

/** A random number source returning floats in [0, 1). */
export type RandomSource = () => number;

/**
 * The mulberry32 PRNG, exactly as the benchmark README states it: 32 bits of state, each call
 * returns an unsigned 32-bit value divided by 2^32, so results are in [0, 1).
 *
 * @param seed any number; only its low 32 bits are used
 */
export function mulberry32(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One context of the population (a single-kind `user` context). */
export interface BenchContext {
  readonly kind: 'user';
  readonly key: string;
  readonly email: string;
  readonly country: string;
  readonly version: string;
  readonly age: number;
}

/** Email prefixes, in the README's order. */
export const EMAIL_PREFIXES = ['admin', 'qa', 'dev', 'user', 'sales', 'ops', 'support', 'eng'] as const;
/** Email domains, in the README's order. */
export const EMAIL_DOMAINS = ['example.com', 'corp.example.com', 'gmail.com', 'yahoo.com', 'acme.io', 'mail.net'] as const;
/** Countries, in the README's order. */
export const COUNTRIES = ['US', 'CA', 'MX', 'GB', 'IE', 'DE', 'FR', 'NL', 'NZ', 'AU', 'JP', 'BR', 'IN'] as const;

/** Population size of the reference benchmark. Default for {@link buildPopulation}. */
export const POPULATION_SIZE = 10_000;
/** Seed of the reference benchmark. Default for {@link buildPopulation}. */
export const POPULATION_SEED = 42;

function pick<T>(r: RandomSource, arr: readonly T[]): T {
  return arr[Math.floor(r() * arr.length)];
}

/**
 * Builds the population. For each `i` the draws are, in this order: email prefix, email domain,
 * country, version major (`1+⌊4r⌋`), minor (`⌊10r⌋`), patch (`⌊20r⌋`), age (`13+⌊70r⌋`).
 *
 * @param size number of contexts (default 10,000)
 * @param seed PRNG seed (default 42)
 */
export function buildPopulation(size = POPULATION_SIZE, seed = POPULATION_SEED): BenchContext[] {
  const r = mulberry32(seed);
  const contexts: BenchContext[] = [];
  for (let i = 0; i < size; i++) {
    const prefix = pick(r, EMAIL_PREFIXES);
    const domain = pick(r, EMAIL_DOMAINS);
    const country = pick(r, COUNTRIES);
    const major = 1 + Math.floor(4 * r());
    const minor = Math.floor(10 * r());
    const patch = Math.floor(20 * r());
    const age = 13 + Math.floor(70 * r());
    contexts.push({
      kind: 'user',
      key: `user-${i}`,
      email: `${prefix}${i}@${domain}`,
      country,
      version: `${major}.${minor}.${patch}`,
      age,
    });
  }
  return contexts;
}
