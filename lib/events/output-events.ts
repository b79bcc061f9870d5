import type { EvaluationDetail, EvaluationReason } from '../evaluation/evaluation-reason';
import type { Flag } from '../model/flag';

/**
 * The analytics event shapes sent in a `POST /bulk` body (docs/evaluation.md, "Event output", LaunchDarkly's event
 * schema 4 with inline contexts). `context` is the already filtered context (see
 * `ContextFilter`); optional fields are omitted, never `null`.
 */

/** What a `feature` or `debug` event is built from. */
export interface FeatureEventInput {
  readonly creationDate: number;
  readonly flagKey: string;
  /** The flag's model (full events are only sent for known flags). */
  readonly flag: Flag;
  readonly detail: EvaluationDetail;
  readonly defaultValue: unknown;
  /** The reason to include, or undefined (only `…Detail` calls and experiments include it). */
  readonly reason: EvaluationReason | undefined;
  readonly prereqOf: string | undefined;
  /** The filtered context. */
  readonly context: Record<string, unknown>;
}

/**
 * `{ kind: 'feature' | 'debug', creationDate, context, key, value, default, variation?, version?,
 * reason?, prereqOf?, samplingRatio? }`; `samplingRatio` only when the flag's ratio is set and ≠ 1.
 *
 * @param input the evaluation
 * @param debug true for a `debug` event
 */
export function featureEvent(input: FeatureEventInput, debug: boolean): Record<string, unknown> {
  const { flag, detail } = input;
  const out: Record<string, unknown> = {
    kind: debug ? 'debug' : 'feature',
    creationDate: input.creationDate,
    context: input.context,
    key: input.flagKey,
    value: detail.value,
    default: input.defaultValue,
  };
  if (detail.variationIndex !== null && detail.variationIndex !== undefined) out.variation = detail.variationIndex;
  out.version = flag.version;
  if (input.reason !== undefined) out.reason = input.reason;
  if (input.prereqOf !== undefined) out.prereqOf = input.prereqOf;
  const ratio = flag.samplingRatio;
  if (ratio !== undefined && ratio !== null && ratio !== 1) out.samplingRatio = ratio;
  return out;
}

/**
 * `{ kind: 'index', creationDate, context }`: a context not seen recently.
 *
 * @param creationDate ms since epoch
 * @param context the filtered context
 */
export function indexEvent(creationDate: number, context: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'index', creationDate, context };
}

/**
 * `{ kind: 'identify', creationDate, context }`.
 *
 * @param creationDate ms since epoch
 * @param context the filtered context
 */
export function identifyEvent(creationDate: number, context: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'identify', creationDate, context };
}

/**
 * `{ kind: 'custom', creationDate, key, context, data?, metricValue? }`; `data` is omitted when
 * undefined, `metricValue` unless it is a finite number.
 *
 * @param creationDate ms since epoch
 * @param key the event key given to `track`
 * @param context the filtered context
 * @param data the application's data
 * @param metricValue the application's metric
 */
export function customEvent(creationDate: number, key: string, context: Record<string, unknown>, data: unknown, metricValue: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'custom', creationDate, key, context };
  if (data !== undefined) out.data = data;
  if (typeof metricValue === 'number' && Number.isFinite(metricValue)) out.metricValue = metricValue;
  return out;
}
