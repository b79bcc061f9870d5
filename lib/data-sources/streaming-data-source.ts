import { Observable, type Subscription } from 'rxjs';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PAYLOAD, DEFAULT_READ_TIMEOUT, openWebSocket, type WebSocketConstructor } from '../transport/open-web-socket';
import { joinUrl, safeUrl } from '../transport/safe-url';
import { Backoff, type BackoffOptions } from './backoff';
import { checkBackoff, checkHttpUri, checkNumber, checkProxy, DEFAULT_BASE_URI } from '../options/check-options';
import type { DataSource, DataSourceContext, DataSourceEvent } from './data-source';
import { failureStatus, isOffStatus } from './failure-status';
import { OutageLog } from './outage-log';
import { StreamFrameDecoder } from './stream-frame-decoder';

/** Options of {@link streamingDataSource}. */
export interface StreamingDataSourceOptions {
  /** Base URI of the flag server; the stream is `${streamUri}/sdk/stream` over ws: (wss: for https:). @default 'http://localhost:8030' */
  readonly streamUri?: string;
  /**
   * A connection that delivers no frame and no ping for this many ms is dropped and reopened
   * (the server pings every 15,000 ms). `0` disables it.
   * @default 60000
   */
  readonly readTimeout?: number;
  /**
   * Reconnect delays: `initialDelay` 1000 ms doubling up to `maxDelay` 30000 ms, each reduced by
   * a random 0 to `jitterRatio` (0.5), back to `initialDelay` after `resetAfter` 60000 ms healthy.
   * @default {} (those defaults)
   */
  readonly reconnect?: BackoffOptions;
  /**
   * Ms allowed to open a connection: TCP connect and the WebSocket upgrade handshake. A server
   * that accepts the connection but never answers the upgrade is reported as `NETWORK_ERROR`
   * after this long, then retried. `0` disables it.
   * @default 10000
   */
  readonly connectTimeout?: number;
  /**
   * Largest accepted stream message in bytes; a bigger one counts as invalid data. Also the most
   * characters of frames that may wait while a large frame is decoded in slices (more: invalid data).
   * @default 67108864 (64 MiB)
   */
  readonly maxPayload?: number;
  /** Proxy URL for the WebSocket (tunnelled with CONNECT); `false` for none. @default the HTTPS_PROXY / https_proxy environment variable */
  readonly proxy?: string | false;
  /** WebSocket implementation (tests). @default the `ws` package */
  readonly WebSocket?: WebSocketConstructor;
}

/**
 * Streams flag data from a flagstream server over WebSocket (docs/protocol.md, "Stream").
 *
 * Each subscription to `connect(context)` keeps exactly one connection open at a time, sending
 * `Authorization: <sdkKey>`, and emits:
 * - `put` then `status VALID` for every `put` frame; `patch` and `delete` for theirs (frames of
 *   an unknown type are ignored);
 * - `status INTERRUPTED` (with `error`) whenever the connection fails and will be retried:
 *   `NETWORK_ERROR` (refused, cut, closed, connect timeout, read timeout), `ERROR_RESPONSE` (upgrade refused with
 *   400, 408, 429 or 5xx), `INVALID_DATA` (a frame that is not JSON or not valid: the socket is
 *   dropped so the server resends a full put on the next connection);
 * - `status OFF` (with `ERROR_RESPONSE` and `statusCode`) when the server refuses the key (401,
 *   403) or answers another 4xx, and then completes: nothing is retried.
 *
 * Retries wait `reconnect` backoff delays on the context's scheduler. Failures are logged
 * throttled ({@link OutageLog}): the first at `warn`, then a summary at most once a minute, and
 * the recovery once at `info`. Unsubscribing closes the
 * socket and cancels any pending retry at once.
 *
 * @throws InvalidOptionError when an option is invalid (including the proxy URL)
 *
 * ## Example
 * ```ts
 * streamingDataSource({ streamUri: 'http://localhost:8030' })
 *   .connect({ sdkKey, logger: console, scheduler: asyncScheduler })
 *   .subscribe((event) => console.log(event.type));
 * // Logs: put, status, patch, …
 * ```
 */
export function streamingDataSource(options: StreamingDataSourceOptions = {}): DataSource {
  const streamUri = checkHttpUri('streamUri', options.streamUri, DEFAULT_BASE_URI);
  const url = joinUrl(streamUri, '/sdk/stream').replace(/^http/, 'ws');
  const readTimeout = checkNumber('readTimeout', options.readTimeout, DEFAULT_READ_TIMEOUT, 0);
  const connectTimeout = checkNumber('connectTimeout', options.connectTimeout, DEFAULT_CONNECT_TIMEOUT, 0);
  const maxPayload = checkNumber('maxPayload', options.maxPayload, DEFAULT_MAX_PAYLOAD, 1, 'bytes');
  const reconnect = checkBackoff('reconnect', options.reconnect);
  const agent = checkProxy(url, options.proxy);
  const where = safeUrl(url);

  return {
    connect(context: DataSourceContext): Observable<DataSourceEvent> {
      const { logger, scheduler } = context;
      // No operator chain: each frame goes from the socket's callback through the decoder
      // straight to the subscriber (this is the per-message hot path).
      return new Observable<DataSourceEvent>((subscriber) => {
        const backoff = new Backoff(reconnect);
        const outage = new OutageLog(logger, `stream from ${where}`, () => scheduler.now());
        let closeSocket: (() => void) | undefined;
        let retry: Subscription | undefined;

        /** The connection is lost or refused: report it, then stop for good or retry after a backoff delay. */
        const lost = (error: unknown): void => {
          const status = failureStatus(error, scheduler.now());
          const message = status.type === 'status' ? status.error?.message : '';
          if (isOffStatus(status)) {
            logger.error(`flagstream: stream stopped for good: ${message}`);
            subscriber.next(status);
            subscriber.complete();
            return;
          }
          subscriber.next(status);
          if (subscriber.closed) return;
          const delay = backoff.failed(scheduler.now());
          outage.failed(message ?? '', `reconnecting in ${delay} ms`);
          retry = scheduler.schedule(open, delay);
        };

        function open(): void {
          retry = undefined;
          logger.debug(`flagstream: connecting to ${where}`);
          let ended = false;
          let close: (() => void) | undefined;
          const end = (error: unknown): void => {
            if (ended) return;
            ended = true;
            frames.close();
            close?.(); // the socket goes first: never two connections at once
            closeSocket = undefined;
            lost(error);
          };
          // Large frames (a put of thousands of flags) are decoded in slices; see StreamFrameDecoder.
          const frames = new StreamFrameDecoder(
            {
              events(events) {
                for (const event of events) {
                  if (event.type === 'status') {
                    backoff.succeeded(scheduler.now());
                    outage.recovered();
                  }
                  subscriber.next(event);
                  if (subscriber.closed || ended) return false;
                }
                return true;
              },
              failed: end, // not JSON or not valid: drop the socket, the next connection resyncs
              warn: (message) => logger.warn(`flagstream: ${message}`),
            },
            undefined,
            maxPayload, // frames waiting for a large one's decoding: at most one more message's worth
          );
          close = openWebSocket(
            { url, headers: { Authorization: context.sdkKey }, readTimeout, connectTimeout, maxPayload, agent, scheduler, WebSocket: options.WebSocket },
            { message: (text) => frames.push(text), failed: end },
          );
          if (!ended) {
            // it may have failed before openWebSocket returned
            const socket = close;
            closeSocket = () => {
              frames.close();
              socket();
            };
          }
        }

        open();
        return () => {
          retry?.unsubscribe();
          closeSocket?.();
        };
      });
    },
  };
}
