import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { describe } from '../context/context-kind';
import { InvalidOptionError } from '../errors/invalid-option-error';
import { type Logger, silentLogger } from '../logging/logger';
import { checkHttpUri, checkNumber, checkProxy } from '../options/check-options';
import { joinUrl } from '../transport/safe-url';
import { BatchingEventProcessor } from './batching-event-processor';
import type { EventProcessor } from './event-processor';
import type { EventsFetch } from './event-sender';
import type { RandomSource } from './should-sample';

export { nullEventProcessor } from './null-event-processor';

/** Options of {@link createEventProcessor}. Durations are in milliseconds. */
export interface EventProcessorOptions {
  /** Sent as `Authorization` with every payload; never logged. */
  readonly sdkKey: string;
  /** Base URI of the events endpoint; payloads go to `${eventsUri}/bulk`. */
  readonly eventsUri: string;
  /** Most events held between flushes; more are dropped and counted (the summary is kept). @default 10000 */
  readonly capacity?: number;
  /** How often queued events are sent. @default 5000 */
  readonly flushInterval?: number;
  /** How many distinct context keys are remembered to avoid repeating `index` events. @default 1000 */
  readonly contextKeysCapacity?: number;
  /** How often the remembered context keys are forgotten. @default 300000 */
  readonly contextKeysFlushInterval?: number;
  /** Remove every attribute except `key`, `kind` and `anonymous` from contexts in events. @default false */
  readonly allAttributesPrivate?: boolean;
  /** Attribute references removed from every context in events (`email`, `/address/city`). @default [] */
  readonly privateAttributes?: readonly string[];
  /** Where warnings go (overflow, delivery failures). @default silentLogger */
  readonly logger?: Logger;
  /** Scheduler for every timer (flush, context keys, retry delay, request timeout) and for `now`. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** Compress payloads with gzip (`Content-Encoding: gzip`). @default false */
  readonly gzip?: boolean;
  /** The fetch used to post payloads. @default cross-fetch */
  readonly fetch?: EventsFetch;
  /** Wait before the single retry of a failed payload. @default 1000 */
  readonly retryDelay?: number;
  /** Time allowed for one POST (connect, headers, body); 0 disables. @default 10000 */
  readonly requestTimeout?: number;
  /**
   * Most ms `close()` waits for the final delivery (with its retry) before it gives up: it then
   * aborts the request, logs how many events it dropped, and resolves. @default 5000
   */
  readonly closeTimeout?: number;
  /**
   * Proxy URL for the event requests (tunnelled with CONNECT), the same rule as the stream and
   * polling; `false` for none. @default the HTTPS_PROXY / https_proxy environment variable (NO_PROXY honoured)
   */
  readonly proxy?: string | false;
  /** Random source for sampling (`samplingRatio`). @default Math.random */
  readonly random?: RandomSource;
  /**
   * Largest body of one `POST /bulk`, in bytes of JSON (before gzip); a bigger flush is split into
   * several payloads sent one after the other. The default stays under the flag server's 1 MiB
   * limit (which answers 413, dropping the payload, above it). @default 1000000
   */
  readonly maxPayloadBytes?: number;
}

/**
 * Creates the analytics events pipeline (docs/evaluation.md, "Events"; see `EventProcessor`):
 * - every evaluation is counted in the summary (per flag, version and variation; unknown flags
 *   with `unknown: true`; not flags with `excludeFromSummaries`);
 * - a full `feature` event (context redacted, anonymous contexts fully) when the flag tracks
 *   events or the evaluation is an experiment — the reason included for `…Detail` calls and
 *   experiments — and a `debug` event (anonymous attributes kept) while `debugEventsUntilDate` is
 *   later than both now and the server's clock; both sampled by the flag's `samplingRatio`;
 * - an `index` event the first time a context is seen (and again after
 *   `contextKeysFlushInterval`, or once `contextKeysCapacity` other contexts were seen since);
 * - `identify` and `custom` events;
 * - a flush every `flushInterval`, on `flush()` and on `close()`: `POST ${eventsUri}/bulk` of
 *   the queued events plus the summary (split into payloads of at most `maxPayloadBytes`), one
 *   payload in flight at a time (see `EventSender` for headers and the single retry);
 *   401/403 stop all sending for good;
 * - while the endpoint is unreachable, undelivered events stay queued (within `capacity`) and
 *   the summary is merged back; delivery resumes with backoff (`retryDelay` doubling to 30 s);
 * - `close()` gives up after `closeTimeout` ms, logging what it dropped.
 *
 * Recording is synchronous, never throws and never waits for the network.
 *
 * ## Example
 * ```ts
 * const events = createEventProcessor({ sdkKey, eventsUri: 'http://localhost:8030' });
 * events.recordCustom('checkout', context, { cart: 3 }, 59.9);
 * await events.close(); // posts [{"kind":"index",…},{"kind":"custom",…}] to /bulk
 * ```
 *
 * @throws InvalidOptionError when an option has the wrong type or is out of range
 */
export function createEventProcessor(options: EventProcessorOptions): EventProcessor {
  if (typeof options.sdkKey !== 'string') throw new InvalidOptionError('sdkKey', `expected a string, got ${describe(options.sdkKey)}`);
  const eventsUri = checkHttpUri('eventsUri', options.eventsUri ?? null, '');
  const privateAttributes = options.privateAttributes ?? [];
  if (!Array.isArray(privateAttributes) || privateAttributes.some((a) => typeof a !== 'string')) {
    throw new InvalidOptionError('privateAttributes', 'expected an array of strings');
  }
  return new BatchingEventProcessor({
    capacity: whole(options, 'capacity', 10_000, 1),
    flushInterval: whole(options, 'flushInterval', 5_000, 1),
    contextKeysCapacity: whole(options, 'contextKeysCapacity', 1_000, 1),
    contextKeysFlushInterval: whole(options, 'contextKeysFlushInterval', 300_000, 1),
    allAttributesPrivate: options.allAttributesPrivate === true,
    privateAttributes,
    logger: options.logger ?? silentLogger,
    scheduler: options.scheduler ?? asyncScheduler,
    random: options.random ?? Math.random,
    maxPayloadBytes: whole(options, 'maxPayloadBytes', 1_000_000, 64),
    closeTimeout: whole(options, 'closeTimeout', 5_000, 0),
    retryBackoff: Math.max(10, whole(options, 'retryDelay', 1_000, 0)),
    sender: {
      sdkKey: options.sdkKey,
      url: joinUrl(eventsUri, '/bulk'),
      fetch: options.fetch,
      gzip: options.gzip === true,
      retryDelay: whole(options, 'retryDelay', 1_000, 0),
      requestTimeout: whole(options, 'requestTimeout', 10_000, 0),
      agent: checkProxy(joinUrl(eventsUri, '/bulk'), options.proxy),
    },
  });
}

type NumericOption = 'capacity' | 'flushInterval' | 'contextKeysCapacity' | 'contextKeysFlushInterval' | 'retryDelay' | 'requestTimeout' | 'maxPayloadBytes' | 'closeTimeout';

/** A whole-number option ≥ `min` (a count, or milliseconds in whole numbers), or its default when absent. */
function whole(options: EventProcessorOptions, name: NumericOption, fallback: number, min: number): number {
  return checkNumber(name, options[name], fallback, min, 'whole');
}
