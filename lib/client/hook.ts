import type { EvaluationDetail } from '../evaluation/evaluation-reason';

/** What a hook is told about the evaluation it wraps. */
export interface EvaluationSeriesContext {
  readonly flagKey: string;
  /** The context exactly as the application passed it. */
  readonly context: unknown;
  readonly defaultValue: unknown;
  /** The client method, e.g. `variation`, `boolVariationDetail`, `variation$`. */
  readonly method: string;
}

/** Data a hook passes from its `beforeEvaluation` stage to its `afterEvaluation` stage. */
export type EvaluationSeriesData = Readonly<Record<string, unknown>>;

/**
 * Code run around every evaluation (LaunchDarkly's hook shape): for logging, metrics, tracing.
 *
 * Stages are synchronous. `beforeEvaluation` runs in registration order and starts from `{}`;
 * `afterEvaluation` runs in reverse order with the data that hook's `before` stage returned.
 * An exception in a stage is caught and logged; the evaluation is never affected.
 */
export interface Hook {
  getMetadata(): { readonly name: string };
  beforeEvaluation?(context: EvaluationSeriesContext, data: EvaluationSeriesData): EvaluationSeriesData;
  afterEvaluation?(context: EvaluationSeriesContext, data: EvaluationSeriesData, detail: EvaluationDetail): EvaluationSeriesData;
}
