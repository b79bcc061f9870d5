import type { EvaluationDetail, EvaluationReason, ErrorKind } from './evaluation-reason';

/** `{ kind: 'OFF' }` (shared, frozen). */
export const REASON_OFF: EvaluationReason = Object.freeze({ kind: 'OFF' });
/** `{ kind: 'FALLTHROUGH' }` (shared, frozen). */
export const REASON_FALLTHROUGH: EvaluationReason = Object.freeze({ kind: 'FALLTHROUGH' });
/** `{ kind: 'TARGET_MATCH' }` (shared, frozen). */
export const REASON_TARGET_MATCH: EvaluationReason = Object.freeze({ kind: 'TARGET_MATCH' });

/**
 * A `RULE_MATCH` reason with LaunchDarkly's property order (`kind`, `ruleId`, `ruleIndex`);
 * `ruleId` is present even when `undefined`, as the Node SDK produces it.
 *
 * @param ruleId the rule's `id`
 * @param ruleIndex the rule's position in the flag
 */
export function ruleMatchReason(ruleId: string | undefined, ruleIndex: number): EvaluationReason {
  return Object.freeze({ kind: 'RULE_MATCH', ruleId, ruleIndex });
}

/**
 * `{ kind: 'PREREQUISITE_FAILED', prerequisiteKey }` (frozen).
 *
 * @param prerequisiteKey the key of the first prerequisite that was not met
 */
export function prerequisiteFailedReason(prerequisiteKey: string): EvaluationReason {
  return Object.freeze({ kind: 'PREREQUISITE_FAILED', prerequisiteKey });
}

/**
 * A copy of `reason` with `inExperiment: true` added last (frozen).
 *
 * @param reason a `RULE_MATCH` or `FALLTHROUGH` reason
 */
export function withInExperiment(reason: EvaluationReason): EvaluationReason {
  return Object.freeze({ ...reason, inExperiment: true }) as EvaluationReason;
}

/**
 * A copy of `reason` with `bigSegmentsStatus` added last.
 *
 * @param reason any reason
 * @param status the Big Segment status to report
 */
export function withBigSegmentsStatus(reason: EvaluationReason, status: EvaluationReason['bigSegmentsStatus']): EvaluationReason {
  return Object.freeze({ ...reason, bigSegmentsStatus: status });
}

const errorDetails = new Map<ErrorKind, EvaluationDetail>();

/**
 * The error result of an evaluation: `{ value: null, variationIndex: null, reason: { kind:
 * 'ERROR', errorKind } }` (shared, frozen; the client substitutes the default value).
 *
 * @param errorKind the error kind
 */
export function errorDetail(errorKind: ErrorKind): EvaluationDetail {
  let detail = errorDetails.get(errorKind);
  if (detail === undefined) {
    detail = Object.freeze({ value: null, variationIndex: null, reason: Object.freeze({ kind: 'ERROR', errorKind }) });
    errorDetails.set(errorKind, detail);
  }
  return detail;
}

/** `MALFORMED_FLAG` error result (shared, frozen). */
export const MALFORMED_FLAG: EvaluationDetail = errorDetail('MALFORMED_FLAG');

/**
 * The result of serving variation `index` (LaunchDarkly's `getVariation`): the variation's value
 * with `reason`, or `MALFORMED_FLAG` when `index` is not a number in `[0, variations.length)`.
 * A fractional index in range serves `undefined`, as the Node SDK does.
 *
 * @param variations the flag's variations
 * @param index the variation index
 * @param reason why it is served
 */
export function variationDetail(variations: readonly unknown[], index: unknown, reason: EvaluationReason): EvaluationDetail {
  if (typeof index === 'number' && index >= 0 && index < variations.length) {
    return Object.freeze({ value: variations[index], variationIndex: index, reason });
  }
  return MALFORMED_FLAG;
}

/**
 * The result of serving the flag's off variation with `reason`: no value (`null`/`null`) when
 * `offVariation` is not a number, otherwise {@link variationDetail}.
 *
 * @param variations the flag's variations
 * @param offVariation the flag's `offVariation`
 * @param reason `OFF` or `PREREQUISITE_FAILED`
 */
export function offDetail(variations: readonly unknown[], offVariation: unknown, reason: EvaluationReason): EvaluationDetail {
  if (typeof offVariation !== 'number') return Object.freeze({ value: null, variationIndex: null, reason });
  return variationDetail(variations, offVariation, reason);
}

/**
 * True when `detail` is an error result.
 *
 * @param detail an evaluation result
 */
export function isError(detail: EvaluationDetail): boolean {
  return detail.reason.kind === 'ERROR';
}
