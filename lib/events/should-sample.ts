/** A source of random numbers in [0, 1) (`Math.random` by default; inject one for tests). */
export type RandomSource = () => number;

/**
 * LaunchDarkly's "1 in N" sampling (docs/evaluation.md, "Event delivery"): the ratio is truncated to an integer;
 * `1` (and a missing or `null` ratio) keeps every event, `0` or less (or a non-number) keeps none,
 * `N > 1` keeps an event with probability 1/N. Index events and summaries are never sampled.
 *
 * @example
 * shouldSample(1);                 // true
 * shouldSample(0);                 // false
 * shouldSample(4, () => 0.1);      // true  (⌊0.1·4⌋ = 0)
 * shouldSample(4, () => 0.5);      // false
 *
 * @param ratio the flag's `samplingRatio`
 * @param random random source (default `Math.random`)
 */
export function shouldSample(ratio: number | null | undefined, random: RandomSource = Math.random): boolean {
  if (ratio === undefined || ratio === null) return true;
  const n = Math.trunc(ratio);
  if (n === 1) return true;
  if (!(n > 1)) return false;
  return Math.floor(random() * n) === 0;
}
