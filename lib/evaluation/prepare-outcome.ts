import { AttributeRef, attributeRefFromLiteral, KEY_REF, parseAttributeRef } from '../context/attribute-ref';
import { USER_KIND } from '../context/context-kind';
import type { EvaluationContext } from '../context/evaluation-context';
import type { Flag } from '../model/flag';
import type { Rollout, VariationOrRollout } from '../model/rollout';
import { bucketContext, bucketPrefix } from './bucketing';
import type { EvaluationDetail, EvaluationReason } from './evaluation-reason';
import { MALFORMED_FLAG, variationDetail, withInExperiment } from './evaluation-results';


/** What a rule or the fallthrough serves to a context (a precomputed result or a rollout). */
export type Outcome = (context: EvaluationContext) => EvaluationDetail;

/** The rule or fallthrough outcome, with whether it buckets contexts (hashes per evaluation). */
export interface PreparedOutcome {
  readonly serve: Outcome;
  /** True when serving hashes the context (a percentage rollout or experiment). */
  readonly usesRollout: boolean;
}

/**
 * Compiles a rule's or the fallthrough's `{ variation }` / `{ rollout }` (docs/evaluation.md, "Rollouts and experiments"), with
 * every possible result precomputed (frozen, shared):
 * - `variation` set ⇒ that variation (an index out of range ⇒ `MALFORMED_FLAG`);
 * - else a rollout with variations ⇒ the context's bucket picks the first weighted variation whose
 *   cumulative weight / 100000 exceeds it, or the last one when the weights fall short;
 *   `kind: 'experiment'` always buckets by `key` and adds `inExperiment: true` unless the
 *   variation is `untracked` or (except for the last-variation case, as in the Node SDK) the
 *   context lacks the rollout's kind; an invalid `bucketBy` ⇒ `MALFORMED_FLAG`;
 * - else (nothing, or an empty rollout) ⇒ `MALFORMED_FLAG`.
 *
 * @param flag the flag (key, salt, variations)
 * @param target the fallthrough or rule (`undefined` ⇒ `MALFORMED_FLAG`)
 * @param reason the reason of a fixed result (`FALLTHROUGH` or `RULE_MATCH`)
 * @param where the path for warnings
 * @param warnings receives warnings
 */
export function prepareOutcome(
  flag: Flag,
  target: VariationOrRollout | undefined | null,
  reason: EvaluationReason,
  where: string,
  warnings: string[],
): PreparedOutcome {
  const variations = flag.variations ?? [];
  if (target === undefined || target === null) {
    warnings.push(`${where}: missing`);
    return fixed(MALFORMED_FLAG);
  }
  if (target.variation !== undefined && target.variation !== null) {
    const detail = variationDetail(variations, target.variation, reason);
    if (detail === MALFORMED_FLAG) warnings.push(`${where}.variation: index ${target.variation} is out of range`);
    return fixed(detail);
  }
  const rollout = target.rollout;
  if (!rollout || rollout.variations.length === 0) {
    warnings.push(`${where}: neither a variation nor a rollout with variations`);
    return fixed(MALFORMED_FLAG);
  }
  const experiment = rollout.kind === 'experiment';
  const ref = experiment ? KEY_REF : bucketByRef(rollout);
  if (!ref.valid) {
    warnings.push(`${where}.rollout.bucketBy: ${ref.error}`);
    return fixed(MALFORMED_FLAG);
  }
  return { serve: rolloutOutcome(flag, rollout, ref, reason, experiment), usesRollout: true };
}

function fixed(detail: EvaluationDetail): PreparedOutcome {
  return { serve: () => detail, usesRollout: false };
}

function bucketByRef(rollout: Rollout): AttributeRef {
  if (!rollout.bucketBy) return KEY_REF;
  return rollout.contextKind ? parseAttributeRef(rollout.bucketBy) : attributeRefFromLiteral(rollout.bucketBy);
}

function rolloutOutcome(flag: Flag, rollout: Rollout, ref: AttributeRef, reason: EvaluationReason, experiment: boolean): Outcome {
  const variations = flag.variations ?? [];
  const weighted = rollout.variations;
  const count = weighted.length;
  // Cumulative thresholds, summed in the same order and precision as the Node SDK.
  const thresholds: number[] = [];
  let sum = 0;
  for (const wv of weighted) thresholds.push((sum += wv.weight / 100000));
  const experimentReason = experiment ? withInExperiment(reason) : reason;
  const plain = weighted.map((wv) => variationDetail(variations, wv.variation, reason));
  const tracked = weighted.map((wv, i) => (experiment && !wv.untracked ? variationDetail(variations, wv.variation, experimentReason) : plain[i]));
  const kind = rollout.contextKind ?? USER_KIND;
  const prefix = bucketPrefix(flag.key, flag.salt, rollout.seed);
  return (context) => {
    const bucket = bucketContext(context, kind, ref, prefix);
    for (let i = 0; i < count; i++) {
      if (bucket < thresholds[i]) {
        return experiment && context.individual(kind) !== undefined ? tracked[i] : plain[i];
      }
    }
    return tracked[count - 1]; // past the end: the last variation (inExperiment even without the kind)
  };
}
