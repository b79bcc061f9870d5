import type { Flag } from '../model/flag';

/**
 * Whether an evaluation of `flag` can produce a full `feature` or `debug` event whatever its
 * reason says (reference §3.3 steps 4–5), judged from the flag alone:
 * - `trackEvents` (every evaluation is tracked);
 * - `trackEventsFallthrough`, or a rule with `trackEvents` (an experiment by fallthrough or rule,
 *   see `isExperiment`);
 * - `debugEventsUntilDate` set (debug events until that time).
 *
 * When false, an evaluation of the flag produces a full event only if its reason has
 * `inExperiment: true` (an experiment rollout); otherwise it is only counted in the summary. The
 * event processor computes this once per flag object instead of reading the flag per evaluation.
 *
 * @example
 * flagMayTrack({ key: 'f', version: 1 });                               // false
 * flagMayTrack({ key: 'f', version: 1, trackEventsFallthrough: true }); // true
 *
 * @param flag the flag's model
 */
export function flagMayTrack(flag: Flag): boolean {
  if (flag.trackEvents === true || flag.trackEventsFallthrough === true) return true;
  if (flag.debugEventsUntilDate !== undefined && flag.debugEventsUntilDate !== null) return true;
  const rules = flag.rules;
  if (Array.isArray(rules)) {
    for (const rule of rules) if (typeof rule === 'object' && rule !== null && rule.trackEvents === true) return true;
  }
  return false;
}
