/** Weights are in 1/100,000 (0.001 %); a rollout's weights add up to this. */
export const TOTAL_WEIGHT = 100_000;

/**
 * Sets weight `index` to `value` (clamped to 0…100,000, rounded to a whole unit) and takes the
 * difference from the other weights, the last one first (from the first when `index` is the
 * last), so that the weights always add up to exactly 100,000.
 */
export function setWeight(weights: readonly number[], index: number, value: number): number[] {
  const next = weights.map((w) => Math.max(0, Math.round(w)));
  if (next.length === 0) return next;
  if (next.length === 1) return [TOTAL_WEIGHT];
  next[index] = Math.min(TOTAL_WEIGHT, Math.max(0, Math.round(Number.isFinite(value) ? value : 0)));
  let excess = next.reduce((sum, w) => sum + w, 0) - TOTAL_WEIGHT;
  const order = next.map((_, i) => i).filter((i) => i !== index);
  if (index !== next.length - 1) order.reverse();
  else order.sort((x, y) => x - y);
  for (const i of order) {
    if (excess === 0) break;
    const change = excess > 0 ? Math.min(excess, next[i]) : excess;
    next[i] -= change;
    excess -= change;
  }
  return next;
}

/** Weights spread evenly over `count` variations (the remainder on the first ones). */
export function evenWeights(count: number): number[] {
  if (count <= 0) return [];
  const base = Math.floor(TOTAL_WEIGHT / count);
  return Array.from({ length: count }, (_, i) => base + (i < TOTAL_WEIGHT - base * count ? 1 : 0));
}

/** A weight as a percentage for display: `30`, `33.333`. */
export function percentOf(weight: number): string {
  return String(Math.round(weight) / 1000);
}

/** A typed percentage (`"30"`, `"12.5"`) as a weight; `undefined` when it is not a number. */
export function weightOfPercent(text: string): number | undefined {
  const value = Number(text.trim().replace(',', '.').replace(/%$/, ''));
  return text.trim() === '' || !Number.isFinite(value) ? undefined : Math.round(value * 1000);
}
