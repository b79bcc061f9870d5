import type { EvaluationDetail } from '../evaluation/evaluation-reason';
import { jsonEqual } from '../store/json-equal';

/** Deep equality of two JSON values (what `variation$` compares to decide whether to emit). */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || jsonEqual(a, b);
}

/** Same value, variation index and reason (what `variationDetail$` compares). */
export function sameDetail(a: EvaluationDetail<unknown>, b: EvaluationDetail<unknown>): boolean {
  return a.variationIndex === b.variationIndex && sameValue(a.value, b.value) && (a.reason === b.reason || jsonEqual(a.reason, b.reason));
}
