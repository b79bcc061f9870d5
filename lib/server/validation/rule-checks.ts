import { SEGMENT_MATCH, VALUE_OPERATORS } from '../../evaluation/clause-operators';
import { compilePattern } from '../../evaluation/safe-regex';
import type { Clause } from '../../model/clause';
import type { Rollout, VariationOrRollout } from '../../model/rollout';
import type { ItemLookup } from './item-lookup';

/** Rollout weights are in 1/100,000 units; a rollout's weights must add up to this. */
export const TOTAL_WEIGHT = 100_000;

/** Appends an issue when `index` is not an integer in `[0, count)`. */
export function checkVariationIndex(issues: string[], path: string, index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    issues.push(`${path}: ${index} is out of range (the flag has ${count} variation${count === 1 ? '' : 's'})`);
  }
}

/** Checks a fallthrough or rule result: a variation in range, or a well-formed rollout. */
export function checkVariationOrRollout(
  issues: string[],
  path: string,
  target: VariationOrRollout,
  count: number,
): void {
  const hasVariation = target.variation !== undefined && target.variation !== null;
  const hasRollout = target.rollout !== undefined && target.rollout !== null;
  if (hasVariation === hasRollout) {
    issues.push(`${path}: needs exactly one of variation or rollout`);
    return;
  }
  if (hasVariation) checkVariationIndex(issues, `${path}.variation`, target.variation as number, count);
  else checkRollout(issues, `${path}.rollout`, target.rollout as Rollout, count);
}

function checkRollout(issues: string[], path: string, rollout: Rollout, count: number): void {
  if (rollout.variations.length === 0) {
    issues.push(`${path}.variations: a rollout needs at least one weighted variation`);
    return;
  }
  if (rollout.kind !== undefined && rollout.kind !== null && rollout.kind !== 'rollout' && rollout.kind !== 'experiment') {
    issues.push(`${path}.kind: expected "rollout" or "experiment", got ${JSON.stringify(rollout.kind)}`);
  }
  let total = 0;
  rollout.variations.forEach((weighted, i) => {
    checkVariationIndex(issues, `${path}.variations[${i}].variation`, weighted.variation, count);
    checkWeight(issues, `${path}.variations[${i}].weight`, weighted.weight);
    total += weighted.weight;
  });
  if (total !== TOTAL_WEIGHT) {
    issues.push(`${path}.variations: weights add up to ${total}, expected ${TOTAL_WEIGHT} (100 %)`);
  }
}

/** Appends an issue when `weight` is not an integer in `[0, 100000]`. */
export function checkWeight(issues: string[], path: string, weight: number): void {
  if (!Number.isInteger(weight) || weight < 0 || weight > TOTAL_WEIGHT) {
    issues.push(`${path}: ${weight} is not an integer from 0 to ${TOTAL_WEIGHT}`);
  }
}

/** Checks the clauses of a flag or segment rule: known operator, attribute, values, regexes, segments. */
export function checkClauses(
  issues: string[],
  path: string,
  clauses: readonly Clause[] | null | undefined,
  lookup: ItemLookup,
): void {
  (clauses ?? []).forEach((clause, i) => checkClause(issues, `${path}[${i}]`, clause, lookup));
}

/**
 * One clause, judged by the evaluator's own facts: its operator table ({@link VALUE_OPERATORS},
 * {@link SEGMENT_MATCH}) and its regex rule ({@link compilePattern}: a pattern the SDK would
 * never match, invalid or refused, is refused here with the SDK's own message).
 */
function checkClause(issues: string[], path: string, clause: Clause, lookup: ItemLookup): void {
  if (clause.op !== SEGMENT_MATCH && !VALUE_OPERATORS.has(clause.op)) {
    issues.push(`${path}.op: unknown operator ${JSON.stringify(clause.op)}`);
    return;
  }
  const values = clause.values ?? [];
  if (clause.op === SEGMENT_MATCH) {
    values.forEach((value, i) => {
      if (typeof value !== 'string') issues.push(`${path}.values[${i}]: expected a segment key, got ${JSON.stringify(value)}`);
      else if (!lookup.segment(value)) issues.push(`${path}.values[${i}]: segment "${value}" does not exist`);
    });
    return;
  }
  if (!clause.attribute) issues.push(`${path}.attribute: required for operator ${clause.op}`);
  if (clause.op === 'matches') {
    values.forEach((value, i) => {
      if (typeof value !== 'string') return; // non-string values never match; harmless
      const compiled = compilePattern(value);
      if (compiled.error !== undefined) issues.push(`${path}.values[${i}]: ${compiled.error}`);
    });
  }
}
