import type { Flag } from '../model/flag';
import type { EvaluationDetail } from './evaluation-reason';
import { offDetail, prerequisiteFailedReason, REASON_FALLTHROUGH, REASON_OFF, ruleMatchReason } from './evaluation-results';
import { ClauseMatcher, prepareClause } from './prepare-clause';
import { Outcome, prepareOutcome } from './prepare-outcome';
import { prepareTargets, TargetMatcher } from './prepare-targets';

/**
 * A flag compiled for evaluation by {@link prepareFlag}. Immutable; build a new one when the flag
 * changes (the store does this once per update, never per evaluation).
 */
export interface PreparedFlag {
  /** The flag as received (for events, `allFlagsState` and serialization). */
  readonly flag: Flag;
  /** The flag key. */
  readonly key: string;
  /** Problems found while preparing: refused or invalid regexes, invalid attribute references,
   * variation indexes out of range. Each names its place in the flag. */
  readonly warnings: readonly string[];
  /** True when some rule or the fallthrough is a percentage rollout (evaluations may hash). */
  readonly usesRollout: boolean;
  /** @internal the compiled evaluation plan */
  readonly plan: FlagPlan;
}

/** @internal How `evaluate` runs a flag; every fixed result is precomputed and frozen. */
export interface FlagPlan {
  readonly on: boolean;
  /** The result when the flag is off. */
  readonly offResult: EvaluationDetail;
  readonly prerequisites: readonly PreparedPrerequisite[] | undefined;
  readonly targets: TargetMatcher | undefined;
  readonly rules: readonly PreparedRule[];
  readonly fallthrough: Outcome;
}

/** @internal */
export interface PreparedPrerequisite {
  readonly key: string;
  readonly variation: number;
  /** The dependent flag's result when this prerequisite is not met (`PREREQUISITE_FAILED`). */
  readonly failed: EvaluationDetail;
}

/** @internal */
export interface PreparedRule {
  /** `null` when the rule has no `clauses` array: it never matches (Node SDK). */
  readonly clauses: readonly ClauseMatcher[] | null;
  readonly serve: Outcome;
}

/**
 * Compiles a flag once, at load time (docs/evaluation.md, "Evaluation order"): target lists become Maps, clauses become
 * closures with their values pre-parsed (Sets for `in` lists, compiled regexes, parsed dates and
 * semantic versions, parsed attribute references), and every fixed outcome (off, prerequisite
 * failed, target match, each rule's and the fallthrough's variations, each rollout bucket with
 * and without `inExperiment`) becomes a frozen result shared by all evaluations.
 *
 * Never throws for a decoded flag; problems that the Node SDK reports only when it evaluates
 * (e.g. a variation out of range) are listed in `warnings` and still evaluate as it does
 * (`MALFORMED_FLAG`). As in the Node SDK's data loading, `null` fields count as absent.
 *
 * @param flag a decoded flag
 */
export function prepareFlag(flag: Flag): PreparedFlag {
  const warnings: string[] = [];
  const variations = flag.variations ?? [];
  const prerequisites = (flag.prerequisites ?? []).map((p) => ({
    key: p.key,
    variation: p.variation,
    failed: offDetail(variations, flag.offVariation, prerequisiteFailedReason(p.key)),
  }));
  let usesRollout = false;
  const rules = (flag.rules ?? []).map((rule, index): PreparedRule => {
    const where = `rules[${index}]`;
    const outcome = prepareOutcome(flag, rule, ruleMatchReason(rule.id ?? undefined, index), where, warnings);
    usesRollout ||= outcome.usesRollout;
    const clauses = rule.clauses ? rule.clauses.map((clause, i) => prepareClause(clause, `${where}.clauses[${i}]`, warnings, false)) : null;
    return Object.freeze({ clauses, serve: outcome.serve });
  });
  const fallthrough = prepareOutcome(flag, flag.fallthrough, REASON_FALLTHROUGH, 'fallthrough', warnings);
  usesRollout ||= fallthrough.usesRollout;
  const plan: FlagPlan = Object.freeze({
    on: flag.on === true,
    offResult: offDetail(variations, flag.offVariation, REASON_OFF),
    prerequisites: prerequisites.length > 0 ? Object.freeze(prerequisites) : undefined,
    targets: prepareTargets(flag, warnings),
    rules: Object.freeze(rules),
    fallthrough: fallthrough.serve,
  });
  return Object.freeze({ flag, key: flag.key, warnings: Object.freeze(warnings), usesRollout, plan });
}
