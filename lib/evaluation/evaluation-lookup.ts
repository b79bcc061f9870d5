import type { EvaluationDetail } from './evaluation-reason';
import type { PreparedFlag } from './prepared-flag';
import type { PreparedSegment } from './prepared-segment';

/**
 * How the evaluator reads the data it needs: prerequisite flags and segments, by key. Deleted
 * items (tombstones) must not be returned (the evaluator also treats a `deleted` item as absent).
 */
export interface EvaluationLookup {
  /** The prepared flag with this key, or `undefined`. */
  getFlag(key: string): PreparedFlag | undefined;
  /** The prepared segment with this key, or `undefined`. */
  getSegment(key: string): PreparedSegment | undefined;
}

/**
 * Called once for each prerequisite flag that an evaluation evaluates (after its own
 * prerequisites, so nested ones are reported first), with that prerequisite's own result (no
 * default substituted) and the flag that required it — what LaunchDarkly turns into
 * prerequisite evaluation events. It must not throw.
 */
export type PrerequisiteListener = (prerequisite: PreparedFlag, detail: EvaluationDetail, prereqOf: PreparedFlag) => void;
