import type { BigSegmentsStatus } from './evaluation-reason';

/** A clause matched. */
export const MATCH = 1;
/** A clause did not match. */
export const NO_MATCH = 0;
/** A clause could not be evaluated: the whole evaluation ends with `MALFORMED_FLAG`. */
export const ERROR = 2;
/** The outcome of a clause, rule or segment test: {@link MATCH}, {@link NO_MATCH} or {@link ERROR}. */
export type MatchResult = typeof MATCH | typeof NO_MATCH | typeof ERROR;

/**
 * Per-evaluation bookkeeping, kept in one module-level object so that an evaluation allocates
 * nothing for it. Evaluation is synchronous; `evaluate` saves and restores these fields, so a
 * nested call (e.g. from a prerequisite listener) cannot disturb an evaluation in progress.
 * @internal
 */
export const evaluationState = {
  /** Keys of the prerequisite flags being evaluated (cycle detection), from `prerequisiteBase`. */
  prerequisiteChain: [] as string[],
  /** Where the current top-level evaluation's part of `prerequisiteChain` starts. */
  prerequisiteBase: 0,
  /** Keys of the segments being evaluated (cycle detection), from `segmentBase`. */
  segmentChain: [] as string[],
  /** Where the current flag rule's part of `segmentChain` starts. */
  segmentBase: 0,
  /** Set when a Big Segment was consulted; reported in the top-level reason. */
  bigSegmentsStatus: undefined as BigSegmentsStatus | undefined,
};
