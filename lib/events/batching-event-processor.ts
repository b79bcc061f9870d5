import { interval, type SchedulerLike, Subscription } from 'rxjs';
import type { EvaluationContext } from '../context/evaluation-context';
import type { EvaluationDetail } from '../evaluation/evaluation-reason';
import type { Logger } from '../logging/logger';
import type { Flag } from '../model/flag';
import { ContextDeduplicator } from './context-deduplicator';
import { ContextFilter } from './context-filter';
import type { EvaluationEvent, EventProcessor, EventProcessorStats } from './event-processor';
import { EventQueue } from './event-queue';
import { type DeliveryResult, EventSender, type EventSenderOptions } from './event-sender';
import { EventSummarizer } from './event-summarizer';
import { isExperiment } from './is-experiment';
import { customEvent, featureEvent, identifyEvent, indexEvent } from './output-events';
import { type RandomSource, shouldSample } from './should-sample';
import { type Payload, splitPayloads } from './split-payloads';
import { toJson } from './to-json';

/**
 * Everything {@link BatchingEventProcessor} needs, defaults already applied (the fields mean what
 * the same-named options of `createEventProcessor` mean; durations in ms).
 */
export interface BatchingEventProcessorConfig {
  /** Most events queued between flushes. */
  readonly capacity: number;
  /** Period of the automatic flush. */
  readonly flushInterval: number;
  /** Distinct context keys surely remembered between `index` events. */
  readonly contextKeysCapacity: number;
  /** Period after which every context is indexed again. */
  readonly contextKeysFlushInterval: number;
  /** Redact every attribute except key, kind and anonymous. */
  readonly allAttributesPrivate: boolean;
  /** Attribute references redacted from every context. */
  readonly privateAttributes: readonly string[];
  readonly logger: Logger;
  /** Every timer and the clock. */
  readonly scheduler: SchedulerLike;
  /** For sampling. */
  readonly random: RandomSource;
  /** Largest `POST /bulk` body; a bigger flush is split into several payloads. */
  readonly maxPayloadBytes: number;
  /** Most ms `close()` waits for the final delivery before it gives up (drops and logs what is left). */
  readonly closeTimeout: number;
  /** First wait before sending again after the endpoint was unreachable; doubles up to {@link MAX_RETRY_BACKOFF}. */
  readonly retryBackoff: number;
  /** How payloads are posted. */
  readonly sender: Omit<EventSenderOptions, 'scheduler' | 'logger'>;
}

/** Longest wait between two attempts while the events endpoint is unreachable. */
export const MAX_RETRY_BACKOFF = 30_000;

/**
 * The analytics events pipeline (see `createEventProcessor` for the behaviour and options).
 *
 * Deliveries are **serialised**: at most one payload is in flight (with its single retry); a
 * flush larger than `maxPayloadBytes` is sent as several payloads, one after the other; a
 * flush asked for meanwhile is queued behind it and takes the events present when it starts, and
 * further flushes asked for while that one waits share it. Memory is therefore bounded by the
 * queue capacity plus the events of the flush being delivered, however slow the server.
 *
 * **Outages lose nothing that fits**: when the endpoint is unreachable (a payload failed twice
 * with a network error, timeout, 429 or 5xx), the undelivered events go back to the front of the
 * queue (within its capacity; what overflows is counted and logged once), the summary is merged
 * back into the current one, and delivery is tried again after a backoff (`retryBackoff`
 * doubling to 30 s; the periodic flush waits meanwhile, an explicit `flush()` does not). The
 * first failure is logged at `warn`, later ones at `debug`, the recovery at `info`.
 *
 * `close()` makes a final attempt, bounded by `closeTimeout`: then it aborts what is in flight,
 * logs how many events it dropped, and resolves.
 */
export class BatchingEventProcessor implements EventProcessor {
  private readonly summarizer: EventSummarizer;
  private readonly contexts: ContextDeduplicator;
  private readonly filter: ContextFilter;
  private readonly queue: EventQueue;
  private readonly sender: EventSender;
  private readonly timers = new Subscription();
  private readonly now: () => number;
  private inactive = false;
  private stopped = false;
  private inFlight: Promise<void> | undefined;
  private waiting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private unserializable = 0;
  private warnedRecordError = false;
  private counts = { deliveredPayloads: 0, deliveredEvents: 0, failedPayloads: 0, failedEvents: 0, retries: 0, deferredPayloads: 0 };
  /** Consecutive deliveries that found the endpoint unreachable. */
  private outage = 0;
  /** The pending attempt after a backoff wait. */
  private retryTimer: Subscription | undefined;
  /** Events of the delivery in progress not yet delivered or given up (for close's count). */
  private sending = 0;
  /** Set when close() gave up: whatever is still in flight is dropped, nothing is requeued. */
  private abandoned = false;

  constructor(private readonly config: BatchingEventProcessorConfig) {
    const { scheduler, logger } = config;
    this.now = () => scheduler.now();
    this.summarizer = new EventSummarizer(this.now);
    this.contexts = new ContextDeduplicator(config.contextKeysCapacity);
    this.filter = new ContextFilter(config);
    for (const problem of this.filter.invalid) logger.warn(`privateAttributes: ${problem}; ignored`);
    this.queue = new EventQueue(config.capacity, logger);
    this.sender = new EventSender({ ...config.sender, scheduler, logger });
    // The periodic flush waits while a backoff is pending (the retry timer flushes then).
    this.timers.add(interval(config.flushInterval, scheduler).subscribe(() => this.retryTimer === undefined && void this.flush()));
    this.timers.add(interval(config.contextKeysFlushInterval, scheduler).subscribe(() => this.contexts.clear()));
  }

  get stats(): EventProcessorStats {
    return { ...this.counts, droppedEvents: this.queue.dropped + this.unserializable, stopped: this.stopped };
  }

  recordEvaluation(input: EvaluationEvent): void {
    this.recordEvaluationArgs(input.flagKey, input.flag, input.context, input.detail, input.defaultValue, input.withReason, input.prereqOf);
  }

  recordEvaluationArgs(
    flagKey: string,
    flag: Flag | undefined,
    context: EvaluationContext,
    detail: EvaluationDetail,
    defaultValue: unknown,
    withReason: boolean,
    prereqOf?: string,
  ): void {
    if (this.inactive) return;
    try {
      if (flag === undefined || flag.excludeFromSummaries !== true) {
        this.summarizer.count(flagKey, flag, context, detail.variationIndex, detail.value, defaultValue);
      }
      if (this.contexts.notice(context.canonicalKey)) this.addIndexEvent(context);
      if (flag === undefined) return;
      const experiment = isExperiment(flag, detail.reason);
      const tracked = flag.trackEvents === true || experiment;
      const until = flag.debugEventsUntilDate;
      if (!tracked && (until === undefined || until === null)) return;
      this.fullEvents(flagKey, flag, context, detail, defaultValue, withReason || experiment, prereqOf, tracked);
    } catch (error) {
      this.recordFailed(error);
    }
  }

  recordCustom(key: string, context: EvaluationContext, data?: unknown, metricValue?: number): void {
    if (this.inactive) return;
    try {
      if (this.contexts.notice(context.canonicalKey)) this.addIndexEvent(context);
      if (this.hasRoom()) this.push(customEvent(this.now(), String(key), this.filter.filter(context, false), data, metricValue));
    } catch (error) {
      this.recordFailed(error);
    }
  }

  recordIdentify(context: EvaluationContext): void {
    if (this.inactive) return;
    try {
      this.contexts.notice(context.canonicalKey);
      if (this.hasRoom()) this.push(identifyEvent(this.now(), this.filter.filter(context, false)));
    } catch (error) {
      this.recordFailed(error);
    }
  }

  flush(): Promise<void> {
    if (this.waiting !== undefined) return this.waiting;
    const inFlight = this.inFlight;
    if (inFlight === undefined) return this.startDelivery();
    const waiting = inFlight.then(() => {
      this.waiting = undefined;
      return this.startDelivery();
    });
    this.waiting = waiting;
    return waiting;
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      this.inactive = true;
      this.timers.unsubscribe();
      this.cancelRetry();
      this.closing = this.closeWithin(this.config.closeTimeout);
    }
    return this.closing;
  }

  /** The final flush, bounded: after `timeout` ms, abort what is in flight and drop what is left. */
  private async closeWithin(timeout: number): Promise<void> {
    const flushed = this.flush().then(() => true);
    let timer: Subscription | undefined;
    const expired = new Promise<boolean>((resolve) => (timer = this.config.scheduler.schedule(() => resolve(false), timeout)));
    const finished = await Promise.race([flushed, expired]);
    timer?.unsubscribe();
    const left = this.sending + this.queue.length + (this.summarizer.empty ? 0 : 1);
    if (!finished) {
      this.abandoned = true;
      this.sender.abort();
    }
    this.queue.take();
    this.summarizer.take();
    if (left === 0 || this.stopped) return;
    this.counts.failedEvents += left;
    const why = finished ? 'the events endpoint is unreachable' : `not delivered within closeTimeout (${timeout} ms)`;
    this.config.logger.warn(`close(): dropped ${left} analytics events: ${why}`);
  }

  /** The `feature` and/or `debug` events of a tracked or debugged evaluation (each sampled). */
  private fullEvents(
    flagKey: string,
    flag: Flag,
    context: EvaluationContext,
    detail: EvaluationDetail,
    defaultValue: unknown,
    includeReason: boolean,
    prereqOf: string | undefined,
    tracked: boolean,
  ): void {
    const creationDate = this.now();
    const until = flag.debugEventsUntilDate;
    const debug = typeof until === 'number' && until > this.sender.serverTime && until > creationDate;
    const reason = includeReason ? detail.reason : undefined;
    const input = { creationDate, flagKey, flag, detail, defaultValue, reason, prereqOf };
    if (tracked && shouldSample(flag.samplingRatio, this.config.random) && this.hasRoom()) {
      this.push(featureEvent({ ...input, context: this.filter.filter(context, true) }, false));
    }
    if (debug && shouldSample(flag.samplingRatio, this.config.random) && this.hasRoom()) {
      this.push(featureEvent({ ...input, context: this.filter.filter(context, false) }, true));
    }
  }

  /**
   * An `index` event for a context not seen recently. A separate method so that the hot path
   * creates no closure (a closure over a parameter costs an allocation on every call).
   */
  private addIndexEvent(context: EvaluationContext): void {
    if (this.hasRoom()) this.push(indexEvent(this.now(), this.filter.filter(context, false)));
  }

  /** True when the queue can take one more event; otherwise counts a drop (so check before building). */
  private hasRoom(): boolean {
    if (!this.queue.full) return true;
    this.queue.drop();
    return false;
  }

  /** Serializes and queues an event. */
  private push(event: Record<string, unknown>): void {
    const json = toJson(event);
    if (json !== undefined) {
      this.queue.push(json);
    } else if (this.unserializable++ === 0) {
      this.config.logger.warn('An analytics event could not be serialized to JSON and was dropped');
    }
  }

  /** Takes the queue and the summary and posts them (nothing to send ⇒ done). */
  private startDelivery(): Promise<void> {
    this.cancelRetry();
    const events = this.queue.take();
    const summary = this.summarizer.take();
    if (this.stopped || this.abandoned) return Promise.resolve();
    let summaryIncluded: Record<string, unknown> | undefined;
    if (summary !== undefined) {
      const json = toJson(summary);
      if (json !== undefined) {
        events.push(json);
        summaryIncluded = summary;
      } else {
        this.unserializable++;
      }
    }
    if (events.length === 0) return Promise.resolve();
    const delivery = this.deliverAll(events, summaryIncluded);
    this.inFlight = delivery;
    void delivery.then(() => {
      if (this.inFlight === delivery) this.inFlight = undefined;
    });
    return delivery;
  }

  /**
   * Sends the payloads of one flush one after the other. After a fatal answer the rest are
   * dropped; when the endpoint is unreachable, this payload and the rest are kept for later
   * ({@link defer}).
   *
   * @param events the events' JSON texts, the summary's last when `summary` is given
   */
  private async deliverAll(events: readonly string[], summary: Record<string, unknown> | undefined): Promise<void> {
    let offset = 0;
    this.sending = events.length;
    try {
      for (const { body, count } of splitPayloads(events, this.config.maxPayloadBytes)) {
        if (this.stopped || this.abandoned) {
          this.counts.failedPayloads++;
          this.counts.failedEvents += count;
        } else {
          const result = await this.deliver(body, count);
          if (this.abandoned) return; // close() gave up and counted these
          if (result.outcome === 'unreachable') {
            this.defer(events.slice(offset, summary ? events.length - 1 : events.length), summary, result.reason ?? 'unreachable');
            return;
          }
        }
        offset += count;
        this.sending -= count;
      }
      this.recovered();
    } finally {
      this.sending = 0;
    }
  }

  private async deliver(body: string, count: number): Promise<DeliveryResult> {
    let result: DeliveryResult;
    try {
      result = await this.sender.send(body, count);
    } catch (error) {
      this.config.logger.error(`Sending analytics events failed unexpectedly: ${String(error)}; dropped ${count} events`);
      result = { outcome: 'failed', retried: false };
    }
    const counts = this.counts;
    if (result.retried) counts.retries++;
    if (result.outcome === 'delivered') {
      counts.deliveredPayloads++;
      counts.deliveredEvents += count;
    } else if (result.outcome === 'unreachable') {
      counts.deferredPayloads++;
    } else {
      counts.failedPayloads++;
      counts.failedEvents += count;
      if (result.outcome === 'stopped') this.stop();
    }
    return result;
  }

  /**
   * The endpoint is unreachable: keeps the undelivered events (back to the front of the queue,
   * within its capacity) and the summary (merged into the current one), and tries again after a
   * backoff unless closing.
   */
  private defer(events: readonly string[], summary: Record<string, unknown> | undefined, reason: string): void {
    this.queue.requeue(events);
    if (summary !== undefined) this.summarizer.merge(summary);
    const delay = Math.min(MAX_RETRY_BACKOFF, this.config.retryBackoff * 2 ** Math.min(this.outage, 20));
    this.outage++;
    const kept = `${this.queue.length} events${summary !== undefined || !this.summarizer.empty ? ' and the summary' : ''} kept`;
    if (this.inactive) return; // closing: closeWithin counts what is left
    const message = `Sending analytics events: ${reason}; ${kept}, trying again in ${delay} ms`;
    if (this.outage === 1) this.config.logger.warn(`${message} (further failures are logged at debug level)`);
    else this.config.logger.debug(message);
    this.retryTimer = this.config.scheduler.schedule(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delay);
  }

  /** A whole flush went through: ends an outage (logged once) and re-arms the overflow warning. */
  private recovered(): void {
    this.queue.resetWarning();
    if (this.outage === 0) return;
    this.config.logger.info(`Analytics events delivered again after ${this.outage} failed attempt${this.outage === 1 ? '' : 's'}`);
    this.outage = 0;
  }

  private cancelRetry(): void {
    this.retryTimer?.unsubscribe();
    this.retryTimer = undefined;
  }

  /** A fatal answer from the server: drop everything and never send again. */
  private stop(): void {
    this.stopped = true;
    this.inactive = true;
    this.timers.unsubscribe();
    this.cancelRetry();
    this.queue.take();
    this.summarizer.take();
  }

  private recordFailed(error: unknown): void {
    if (this.warnedRecordError) return;
    this.warnedRecordError = true;
    this.config.logger.error(`Recording an analytics event failed: ${String(error)}`);
  }
}
