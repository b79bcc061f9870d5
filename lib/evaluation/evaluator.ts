import type { EvaluationContext } from '../context/evaluation-context';
import type { EvaluationLookup, PrerequisiteListener } from './evaluation-lookup';
import type { EvaluationDetail } from './evaluation-reason';
import * as results from './evaluation-results';
import * as evaluationStateModule from './evaluation-state';
import * as prepareClauseModule from './prepare-clause';
import type { PreparedFlag } from './prepared-flag';

// Local copies of imported values used per evaluation: on this file's path they measurably pay
// (docs/evaluation.md, "Speed"); elsewhere imports are used as they are.
const { MALFORMED_FLAG, withBigSegmentsStatus } = results;
const { ERROR, MATCH, evaluationState } = evaluationStateModule;
const { matchAllClauses } = prepareClauseModule;

/**
 * Evaluates a prepared flag for a context — pure and synchronous, identical in result to the
 * LaunchDarkly Node SDK's evaluator (docs/evaluation.md, "Evaluation order"):
 * 1. off ⇒ the off variation (`OFF`; value and index `null` without an `offVariation`);
 * 2. prerequisites in order: each is evaluated (and reported to `onPrerequisite`); a missing one,
 *    one that is off, or one serving another variation ⇒ the off variation with
 *    `PREREQUISITE_FAILED`; a prerequisite's error result is returned as is; a cycle ⇒
 *    `MALFORMED_FLAG` (unless a later prerequisite fails, as in the Node SDK);
 * 3. individual targets ⇒ `TARGET_MATCH`;
 * 4. the first rule whose clauses all match ⇒ its variation or rollout (`RULE_MATCH`); a clause
 *    error ⇒ `MALFORMED_FLAG`;
 * 5. the fallthrough (`FALLTHROUGH`).
 * Results for fixed outcomes are shared frozen objects; only a rollout hashes, and only a Big
 * Segment (which adds `bigSegmentsStatus` to the reason) allocates a result.
 *
 * @param flag the prepared flag
 * @param context a valid context
 * @param lookup where prerequisite flags and segments are found
 * @param onPrerequisite called for each prerequisite flag evaluated
 * @returns the result, with `value` and `variationIndex` null when no variation is served
 */
export function evaluate(
  flag: PreparedFlag,
  context: EvaluationContext,
  lookup: EvaluationLookup,
  onPrerequisite?: PrerequisiteListener,
): EvaluationDetail {
  const state = evaluationState;
  const savedPrerequisiteBase = state.prerequisiteBase;
  const savedPrerequisiteLength = state.prerequisiteChain.length;
  const savedSegmentBase = state.segmentBase;
  const savedSegmentLength = state.segmentChain.length;
  const savedStatus = state.bigSegmentsStatus;
  state.prerequisiteBase = savedPrerequisiteLength;
  state.bigSegmentsStatus = undefined;
  try {
    const detail = evaluateFlag(flag, context, lookup, onPrerequisite);
    const status = state.bigSegmentsStatus;
    if (status === undefined) return detail;
    return Object.freeze({ value: detail.value, variationIndex: detail.variationIndex, reason: withBigSegmentsStatus(detail.reason, status) });
  } finally {
    state.prerequisiteBase = savedPrerequisiteBase;
    state.segmentBase = savedSegmentBase;
    state.bigSegmentsStatus = savedStatus;
    // The chains are balanced unless a lookup or listener threw (setting length is not free).
    if (state.prerequisiteChain.length !== savedPrerequisiteLength) state.prerequisiteChain.length = savedPrerequisiteLength;
    if (state.segmentChain.length !== savedSegmentLength) state.segmentChain.length = savedSegmentLength;
  }
}

function evaluateFlag(
  flag: PreparedFlag,
  context: EvaluationContext,
  lookup: EvaluationLookup,
  onPrerequisite: PrerequisiteListener | undefined,
): EvaluationDetail {
  const plan = flag.plan;
  if (!plan.on) return plan.offResult;
  if (plan.prerequisites !== undefined) {
    const failed = checkPrerequisites(flag, context, lookup, onPrerequisite);
    if (failed !== undefined) return failed;
  }
  if (plan.targets !== undefined) {
    const targeted = plan.targets(context);
    if (targeted !== undefined) return targeted;
  }
  const rules = plan.rules;
  for (let i = 0; i < rules.length; i++) {
    const clauses = rules[i].clauses;
    if (clauses === null) continue;
    const result = matchAllClauses(clauses, context, lookup);
    if (result === MATCH) return rules[i].serve(context);
    if (result === ERROR) return MALFORMED_FLAG;
  }
  return plan.fallthrough(context);
}

/** The dependent flag's result when a prerequisite is not met or fails, else `undefined`. */
function checkPrerequisites(
  flag: PreparedFlag,
  context: EvaluationContext,
  lookup: EvaluationLookup,
  onPrerequisite: PrerequisiteListener | undefined,
): EvaluationDetail | undefined {
  const chain = evaluationState.prerequisiteChain;
  let result: EvaluationDetail | undefined;
  for (const prerequisite of flag.plan.prerequisites!) {
    // As in the Node SDK: the chain holds the prerequisites on the current path (not the
    // top-level flag itself), and a cycle sets the error but does not stop the loop, so a later
    // prerequisite that is not met replaces it.
    if (chain.indexOf(prerequisite.key, evaluationState.prerequisiteBase) !== -1) {
      result = MALFORMED_FLAG;
      continue;
    }
    const prerequisiteFlag = lookup.getFlag(prerequisite.key);
    if (prerequisiteFlag === undefined || prerequisiteFlag.flag.deleted) return prerequisite.failed;
    chain.push(prerequisite.key);
    const detail = evaluateFlag(prerequisiteFlag, context, lookup, onPrerequisite);
    chain.pop();
    if (onPrerequisite !== undefined) onPrerequisite(prerequisiteFlag, detail, flag);
    const kind = detail.reason.kind;
    if (kind === 'ERROR') return detail;
    if (kind === 'OFF' || detail.variationIndex !== prerequisite.variation) return prerequisite.failed;
  }
  return result;
}
