import { type Attributes, type Span, type Tracer, trace } from '@opentelemetry/api';
import type { EvaluationSeriesContext, EvaluationSeriesData, Hook } from '../../client/hook';
import { parseContext } from '../../context/evaluation-context';
import type { EvaluationDetail } from '../../evaluation/evaluation-reason';
import { standardErrorCode, standardReason } from '../frameworks/standard-reason';

/** Options of {@link TracingHook}. */
export interface TracingHookOptions {
  /**
   * Also wrap each evaluation in a span of its own (`flagstream.<method>`, e.g.
   * `flagstream.variation`), a child of the active span. @default false
   */
  readonly spans?: boolean;
  /**
   * Record the served value as `feature_flag.result.value` (JSON text). Off by default because
   * values can be large or carry configuration an operator would rather not export. @default false
   */
  readonly includeValue?: boolean;
  /** Name of the tracer that starts the evaluation spans. @default 'flagstream' */
  readonly tracerName?: string;
  /** Value of `feature_flag.provider.name`. @default 'flagstream' */
  readonly providerName?: string;
}

/** The name of the span event each evaluation adds (OpenTelemetry's span-event convention). */
export const FEATURE_FLAG_EVENT = 'feature_flag';

const SPAN = Symbol('flagstream.otel.span');

/**
 * An OpenTelemetry hook (`@opentelemetry/api` is an optional peer dependency): each evaluation
 * adds a `feature_flag` event to the active span with the semantic-convention attributes
 * `feature_flag.key`, `feature_flag.provider.name`, `feature_flag.result.variant` (the variation
 * index), `feature_flag.result.reason` (OpenFeature's reason, lower case), `feature_flag.context.id`
 * (the context's fully-qualified key), `error.type` on errors and, with `includeValue`,
 * `feature_flag.result.value`. Without an active span nothing is recorded. Optionally starts a
 * span per evaluation.
 *
 * ```ts
 * import { TracingHook } from 'flagstream/otel';
 * const client = createClient({ sdkKey, hooks: [new TracingHook()] });   // or client.addHook(…)
 * ```
 */
export class TracingHook implements Hook {
  private readonly spans: boolean;
  private readonly includeValue: boolean;
  private readonly providerName: string;
  private readonly tracer: Tracer | undefined;

  constructor(options: TracingHookOptions = {}) {
    this.spans = options.spans === true;
    this.includeValue = options.includeValue === true;
    this.providerName = options.providerName ?? 'flagstream';
    this.tracer = this.spans ? trace.getTracer(options.tracerName ?? 'flagstream') : undefined;
  }

  getMetadata(): { readonly name: string } {
    return { name: 'flagstream-otel-tracing' };
  }

  beforeEvaluation(context: EvaluationSeriesContext, data: EvaluationSeriesData): EvaluationSeriesData {
    if (this.tracer === undefined) return data;
    const span = this.tracer.startSpan(`flagstream.${context.method}`, {
      attributes: { 'feature_flag.key': context.flagKey, 'feature_flag.provider.name': this.providerName },
    });
    return { ...data, [SPAN]: span };
  }

  afterEvaluation(context: EvaluationSeriesContext, data: EvaluationSeriesData, detail: EvaluationDetail): EvaluationSeriesData {
    (data as { [SPAN]?: Span })[SPAN]?.end();
    const active = trace.getActiveSpan();
    if (active === undefined || !active.isRecording()) return data;
    active.addEvent(FEATURE_FLAG_EVENT, this.attributes(context, detail));
    return data;
  }

  private attributes(context: EvaluationSeriesContext, detail: EvaluationDetail): Attributes {
    const attributes: Attributes = {
      'feature_flag.key': context.flagKey,
      'feature_flag.provider.name': this.providerName,
      'feature_flag.result.reason': standardReason(detail.reason).toLowerCase(),
    };
    if (detail.variationIndex !== null) attributes['feature_flag.result.variant'] = String(detail.variationIndex);
    const parsed = parseContext(context.context);
    if (parsed.valid) attributes['feature_flag.context.id'] = parsed.canonicalKey;
    if (detail.reason.kind === 'ERROR') attributes['error.type'] = standardErrorCode(detail.reason.errorKind).toLowerCase();
    if (this.includeValue) attributes['feature_flag.result.value'] = JSON.stringify(detail.value) ?? 'null';
    return attributes;
  }
}
