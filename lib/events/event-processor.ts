import type { EvaluationContext } from '../context/evaluation-context';
import type { EvaluationDetail } from '../evaluation/evaluation-reason';
import type { Flag } from '../model/flag';

/**
 * The analytics events pipeline as the client sees it (docs/evaluation.md, "Events"): evaluations are summarized
 * and, for tracked, experiment or debugged flags, sent as full events; contexts not seen recently
 * get an `index` event; `track()` and `identify()` become `custom` and `identify` events. Events
 * are batched and posted to `${eventsUri}/bulk` in the background.
 *
 * Every `record…` method is synchronous, cheap, never throws and never waits for delivery.
 * Create one with `createEventProcessor`; `nullEventProcessor` does nothing (events off).
 */
export interface EventProcessor {
  /** An evaluation made by variation()/variationDetail()/typed variants/variation$ (not allFlagsState). Synchronous, must be cheap. */
  recordEvaluation(input: EvaluationEvent): void;
  /**
   * The same as {@link recordEvaluation}, with the fields as arguments (so the caller allocates
   * no event object on the hot path). Optional: `nullEventProcessor` and test doubles may omit it.
   */
  recordEvaluationArgs?(
    flagKey: string,
    flag: Flag | undefined,
    context: EvaluationContext,
    detail: EvaluationDetail,
    defaultValue: unknown,
    withReason: boolean,
    prereqOf?: string,
  ): void;
  /** client.track(key, context, data?, metricValue?) */
  recordCustom(key: string, context: EvaluationContext, data?: unknown, metricValue?: number): void;
  /** client.identify(context) */
  recordIdentify(context: EvaluationContext): void;
  /** Sends everything queued now; resolves when delivered or given up (never rejects). */
  flush(): Promise<void>;
  /** Flushes everything, then stops all timers; idempotent; no open handle afterwards. */
  close(): Promise<void>;
  /** Counters for diagnostics and tests (a fresh snapshot on each read). */
  readonly stats?: EventProcessorStats;
}

/** One evaluation as reported to {@link EventProcessor.recordEvaluation}. */
export interface EvaluationEvent {
  readonly flagKey: string;
  /** The flag's model, or undefined when the flag was not found. */
  readonly flag: Flag | undefined;
  readonly context: EvaluationContext;
  /** After default substitution (value is what the application got). */
  readonly detail: EvaluationDetail;
  readonly defaultValue: unknown;
  /** True for the …Detail methods: the reason goes into full feature events. */
  readonly withReason: boolean;
  /** For prerequisite evaluations: the key of the flag that required this one. */
  readonly prereqOf?: string;
}

/** Counters of an event processor since it was created. */
export interface EventProcessorStats {
  /** Events discarded before sending: the queue was full, or the event could not be serialized. */
  readonly droppedEvents: number;
  /** Payloads (`POST /bulk` bodies) the server accepted. */
  readonly deliveredPayloads: number;
  /** Events in the delivered payloads (the summary counts as one). */
  readonly deliveredEvents: number;
  /** Payloads given up: refused with 413, or with a fatal status, or dropped by a `close()` that gave up. */
  readonly failedPayloads: number;
  /** Events given up: in those payloads, or still undelivered when `close()` ended. */
  readonly failedEvents: number;
  /** Payloads that found the endpoint unreachable (failed twice): their events were kept for a later attempt. */
  readonly deferredPayloads: number;
  /** Retries made (at most one per payload). */
  readonly retries: number;
  /** True once the server refused the SDK key (401, 403 or another fatal status): nothing is sent any more. */
  readonly stopped: boolean;
}
