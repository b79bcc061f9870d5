import { createHash } from 'node:crypto';
import { catchError, concatMap, defer, type Observable, of, repeat, takeWhile, timer } from 'rxjs';
import { HttpError } from '../errors/http-error';
import { DEFAULT_MAX_BODY_SIZE, DEFAULT_REQUEST_TIMEOUT, type FetchLike, httpGet } from '../transport/http-get';
import { joinUrl, safeUrl } from '../transport/safe-url';
import { checkHttpUri, checkNumber, checkProxy, DEFAULT_BASE_URI } from '../options/check-options';
import type { DataSource, DataSourceContext, DataSourceEvent } from './data-source';
import { failureStatus, isOffStatus } from './failure-status';
import { OutageLog } from './outage-log';
import { decodePollResponse } from './poll-response';

/** Default time between two polls (from the start of one to the start of the next). */
export const DEFAULT_POLL_INTERVAL = 30_000;
/** Smallest accepted `pollInterval`: one request per second per SDK instance. */
export const MIN_POLL_INTERVAL = 1_000;

/** Options of {@link pollingDataSource}. */
export interface PollingDataSourceOptions {
  /** Base URI of the flag server; polls `${baseUri}/sdk/latest-all`. @default 'http://localhost:8030' */
  readonly baseUri?: string;
  /** Ms from the start of one poll to the start of the next; at least 1000 ({@link MIN_POLL_INTERVAL}). @default 30000 */
  readonly pollInterval?: number;
  /** Ms allowed for one request, body included; `0` disables it. @default 10000 */
  readonly requestTimeout?: number;
  /** Largest accepted response body in bytes; a bigger one counts as invalid data. @default 67108864 (64 MiB) */
  readonly maxPayload?: number;
  /** Proxy URL for the requests (tunnelled with CONNECT); `false` for none. @default the HTTPS_PROXY / https_proxy environment variable */
  readonly proxy?: string | false;
  /** The fetch implementation (tests). @default cross-fetch */
  readonly fetch?: FetchLike;
}

/**
 * Polls a flagstream server for the whole data set (docs/protocol.md, "Polling").
 *
 * Polls at once on subscription, then every `pollInterval` ms (measured from the start of the
 * previous poll), sending `Authorization: <sdkKey>` and, once a body was received,
 * `If-None-Match` with its ETag. Emits:
 * - `put` then `status VALID` when the body changed (a `304`, or an identical body, emits no put);
 * - `status VALID` on the first success after a failure;
 * - `status INTERRUPTED` (with `error`) on a failure, retried at the next interval (not sooner,
 *   so a struggling server is never polled faster than configured): `NETWORK_ERROR` (refused,
 *   reset, timed out), `ERROR_RESPONSE` (400, 408, 429, 5xx), `INVALID_DATA` (not JSON, or not
 *   valid: the previous data stays in force and the next poll asks for the full body again);
 * - `status OFF` (with `ERROR_RESPONSE`) on 401, 403 or another 4xx, and then completes.
 *
 * Timers run on the context's scheduler. Unsubscribing aborts a request in flight and cancels
 * the next poll.
 *
 * @throws InvalidOptionError when an option is invalid (e.g. `pollInterval` below 1000)
 *
 * ## Example
 * ```ts
 * pollingDataSource({ baseUri: 'http://localhost:8030', pollInterval: 60_000 })
 *   .connect({ sdkKey, logger: console, scheduler: asyncScheduler })
 *   .subscribe((event) => console.log(event.type));
 * // Logs: put, status (then nothing until a flag changes)
 * ```
 */
export function pollingDataSource(options: PollingDataSourceOptions = {}): DataSource {
  const baseUri = checkHttpUri('baseUri', options.baseUri, DEFAULT_BASE_URI);
  const url = joinUrl(baseUri, '/sdk/latest-all');
  const pollInterval = checkNumber('pollInterval', options.pollInterval, DEFAULT_POLL_INTERVAL, MIN_POLL_INTERVAL);
  const requestTimeout = checkNumber('requestTimeout', options.requestTimeout, DEFAULT_REQUEST_TIMEOUT, 0);
  const maxBodySize = checkNumber('maxPayload', options.maxPayload, DEFAULT_MAX_BODY_SIZE, 1, 'bytes');
  const agent = checkProxy(url, options.proxy);
  const where = safeUrl(url);

  return {
    connect(context: DataSourceContext): Observable<DataSourceEvent> {
      const { logger, scheduler } = context;
      return defer(() => {
        let etag: string | undefined;
        let bodyHash: string | undefined;
        let valid = false;
        let startedAt = scheduler.now();
        const outage = new OutageLog(logger, `polling ${where}`, () => scheduler.now());

        const poll$ = defer(() => {
          startedAt = scheduler.now();
          const headers: Record<string, string> = { Authorization: context.sdkKey, Accept: 'application/json' };
          if (etag !== undefined) headers['If-None-Match'] = etag;
          return httpGet({ url, headers, timeout: requestTimeout, maxBodySize, agent, fetch: options.fetch, scheduler });
        }).pipe(
          concatMap((response) => {
            const events: DataSourceEvent[] = [];
            if (response.status === 304) {
              if (etag === undefined) throw new HttpError('GET', where, 304, true);
            } else {
              const hash = createHash('sha256').update(response.body).digest('hex');
              if (hash !== bodyHash) {
                events.push({ type: 'put', data: decodePollResponse(response.body, (message) => logger.warn(`flagstream: ${message}`)) });
                bodyHash = hash;
              }
              etag = response.etag;
            }
            if (events.length > 0 || !valid) events.push({ type: 'status', state: 'VALID' });
            outage.recovered();
            valid = true;
            return events;
          }),
          catchError((error: unknown) => {
            valid = false;
            const status = failureStatus(error, scheduler.now());
            const message = status.type === 'status' ? status.error?.message : '';
            if (isOffStatus(status)) logger.error(`flagstream: polling stopped for good: ${message}`);
            else outage.failed(message ?? '', `retrying in ${pollInterval} ms`);
            return of(status);
          }),
        );

        return poll$.pipe(
          repeat({ delay: () => timer(Math.max(0, pollInterval - (scheduler.now() - startedAt)), scheduler) }),
          takeWhile((event) => !isOffStatus(event), true),
        );
      });
    },
  };
}
