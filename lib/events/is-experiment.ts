import type { EvaluationReason } from '../evaluation/evaluation-reason';
import type { Flag } from '../model/flag';

/**
 * Whether an evaluation "is an experiment" for analytics (docs/evaluation.md, "Rollouts and experiments", LaunchDarkly's
 * `isExperiment`): the reason says `inExperiment`, or it is a `RULE_MATCH` of a rule with
 * `trackEvents`, or a `FALLTHROUGH` of a flag with `trackEventsFallthrough`. Such an evaluation
 * produces a full `feature` event carrying its reason, even from `variation()`.
 *
 * @example
 * isExperiment({ key: 'f', version: 1, trackEventsFallthrough: true }, { kind: 'FALLTHROUGH' }); // true
 * isExperiment({ key: 'f', version: 1 }, { kind: 'OFF' });                                        // false
 *
 * @param flag the evaluated flag's model
 * @param reason the evaluation's reason (absent ⇒ false)
 */
export function isExperiment(flag: Flag, reason: EvaluationReason | undefined): boolean {
  if (reason === undefined) return false;
  if ((reason as { inExperiment?: boolean }).inExperiment === true) return true;
  if (reason.kind === 'FALLTHROUGH') return flag.trackEventsFallthrough === true;
  if (reason.kind === 'RULE_MATCH') {
    const rules = flag.rules;
    const index = reason.ruleIndex;
    if (!rules || typeof index !== 'number' || index < 0 || index >= rules.length) return false;
    return rules[index]?.trackEvents === true;
  }
  return false;
}
