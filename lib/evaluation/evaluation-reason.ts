/**
 * Why an evaluation produced its value (LaunchDarkly's reason object, docs/evaluation.md, "Reasons and errors").
 * The JSON shape is exactly LaunchDarkly's, so reasons can be compared and sent in events as is.
 * As in the Node SDK, a `RULE_MATCH` reason always has a `ruleId` property (`undefined` when the
 * rule has no id) and `inExperiment` appears only when true.
 */
export type EvaluationReason = (
  | { readonly kind: 'OFF' }
  | { readonly kind: 'FALLTHROUGH'; readonly inExperiment?: true }
  | { readonly kind: 'TARGET_MATCH' }
  | { readonly kind: 'RULE_MATCH'; readonly ruleIndex: number; readonly ruleId?: string; readonly inExperiment?: true }
  | { readonly kind: 'PREREQUISITE_FAILED'; readonly prerequisiteKey: string }
  | { readonly kind: 'ERROR'; readonly errorKind: ErrorKind }
) & {
  /**
   * Present when the evaluation consulted a Big Segment (an `unbounded` segment), as in
   * LaunchDarkly. flagstream has no Big Segment store, so this is then always `NOT_CONFIGURED`.
   */
  readonly bigSegmentsStatus?: BigSegmentsStatus;
};

/** The state of the Big Segment store as seen by one evaluation (LaunchDarkly's values). */
export type BigSegmentsStatus = 'HEALTHY' | 'STALE' | 'NOT_CONFIGURED' | 'STORE_ERROR';

/** The `kind` of an {@link EvaluationReason}. */
export type EvaluationReasonKind = EvaluationReason['kind'];

/**
 * The kinds of evaluation error:
 * - `CLIENT_NOT_READY`: no data yet (or offline mode);
 * - `FLAG_NOT_FOUND`: no flag with that key (or it was deleted);
 * - `MALFORMED_FLAG`: the flag cannot be evaluated (bad variation index, empty rollout, bad
 *   attribute reference, prerequisite or segment cycle);
 * - `USER_NOT_SPECIFIED`: the context is missing or invalid;
 * - `WRONG_TYPE`: a typed call (`boolVariation`…) got a value of another JSON type;
 * - `EXCEPTION`: an unexpected error inside the SDK.
 */
export type ErrorKind =
  | 'CLIENT_NOT_READY'
  | 'FLAG_NOT_FOUND'
  | 'MALFORMED_FLAG'
  | 'USER_NOT_SPECIFIED'
  | 'WRONG_TYPE'
  | 'EXCEPTION';

/** The result of one evaluation: `{ value, variationIndex, reason }`, as LaunchDarkly's. */
export interface EvaluationDetail<T = unknown> {
  /** The served value, or the caller's default when `variationIndex` is null. */
  readonly value: T;
  /** Index into the flag's `variations`, or null when the default was served. */
  readonly variationIndex: number | null;
  readonly reason: EvaluationReason;
}
