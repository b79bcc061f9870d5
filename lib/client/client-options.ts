import type { SchedulerLike } from 'rxjs';
import type { DataSource } from '../data-sources/data-source';
import type { Logger } from '../logging/logger';
import type { FeatureStore } from '../store/feature-store';
import type { Hook } from './hook';

/** Reconnect delays of the stream, in ms (see `ClientOptions.streamReconnect`). */
export interface StreamReconnectOptions {
  readonly initialDelay?: number;
  readonly maxDelay?: number;
  readonly jitterRatio?: number;
  readonly resetAfter?: number;
}

/** Options of the analytics events pipeline. */
export interface EventsOptions {
  /** Most events held between flushes; more are dropped (and counted). @default 10000 */
  readonly capacity?: number;
  /** How often queued events are sent, in ms. @default 5000 */
  readonly flushInterval?: number;
  /**
   * How many distinct context keys are remembered, so that a context seen recently gets no new
   * `index` event (LaunchDarkly's `contextKeysCapacity`). Raise it when many more distinct
   * contexts than this are active within `contextKeysFlushInterval`. @default 1000
   */
  readonly contextKeysCapacity?: number;
  /** How often the remembered context keys are forgotten (every context is indexed again), in ms. @default 300000 */
  readonly contextKeysFlushInterval?: number;
}

/**
 * Options of {@link createClient} and {@link configure}. Only `sdkKey` is required (and not even
 * that with `offline: true` or a local `dataSource` such as `fileDataSource` or `TestData`).
 */
export interface ClientOptions {
  /** The environment's SDK key; sent as `Authorization`, never logged. */
  readonly sdkKey?: string;
  /** Base URI of the flag server (polling and, unless overridden, stream and events). @default 'http://localhost:8030' */
  readonly baseUri?: string;
  /** URI of the streaming endpoint's server. @default baseUri */
  readonly streamUri?: string;
  /** URI of the events endpoint's server. @default baseUri */
  readonly eventsUri?: string;
  /** Stream changes over WebSocket (`true`) or poll (`false`). @default true */
  readonly stream?: boolean;
  /** Polling interval in ms when `stream` is false (minimum 1000). @default 30000 */
  readonly pollInterval?: number;
  /** A stream that delivers no frame and no ping for this long (ms) is dropped and reopened; `0` disables it. @default 60000 */
  readonly streamReadTimeout?: number;
  /**
   * Stream reconnect delays (ms): `initialDelay` doubling up to `maxDelay`, each reduced by a
   * random 0 to `jitterRatio` of itself, back to `initialDelay` after `resetAfter` ms healthy.
   * @default { initialDelay: 1000, maxDelay: 30000, jitterRatio: 0.5, resetAfter: 60000 }
   */
  readonly streamReconnect?: StreamReconnectOptions;
  /** While the stream has been down this long (ms), poll instead until it is back; `false` never polls. @default 60000 */
  readonly pollingFallbackAfter?: number | false;
  /**
   * Most ms one HTTP request (poll) may take, and most ms the stream may take to open (TCP
   * connect and WebSocket upgrade handshake; a server that never answers the upgrade is reported
   * as `NETWORK_ERROR` after this long, then retried). @default 10000
   */
  readonly requestTimeout?: number;
  /**
   * Most ms `close()` waits for the last analytics events to be delivered; then it gives up,
   * logs how many events it dropped, and resolves. @default 5000
   */
  readonly closeTimeout?: number;
  /**
   * Proxy URL (`http://proxy.internal:3128`, tunnelled with CONNECT) for every connection to
   * the flag server: stream, polling and analytics events alike; `false` for none.
   * @default the HTTPS_PROXY / https_proxy environment variable, except hosts in NO_PROXY
   */
  readonly proxy?: string | false;
  /** No network at all: every evaluation returns its default. @default false */
  readonly offline?: boolean;
  /** Send analytics events to `eventsUri`. @default true */
  readonly sendEvents?: boolean;
  /** Where flag data comes from, replacing the stream/polling source (`fileDataSource(…)`, `TestData`…). */
  readonly dataSource?: DataSource;
  /**
   * A persistent copy of the flags (e.g. Redis) that this client keeps up to date and starts from
   * while its data source has not delivered yet; other processes can read it in daemon mode.
   * Closed when the client closes. @default none
   */
  readonly featureStore?: FeatureStore;
  /** Where the logger writes. @default console, level info */
  readonly logger?: Logger;
  /** Hooks run around every evaluation. @default [] */
  readonly hooks?: readonly Hook[];
  /** Attribute references removed from every context in events (e.g. `email`, `/address/street`). @default [] */
  readonly privateAttributes?: readonly string[];
  /** Remove every attribute except key, kind and anonymous from contexts in events. @default false */
  readonly allAttributesPrivate?: boolean;
  /** Event batching. */
  readonly events?: EventsOptions;
  /** Scheduler for every timer (tests use rxjs's TestScheduler). @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}
