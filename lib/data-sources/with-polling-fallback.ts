import { Observable, type Subscription } from 'rxjs';
import { checkNumber } from '../options/check-options';
import type { DataSource, DataSourceContext, DataSourceEvent } from './data-source';
import { isOffStatus } from './failure-status';

/** Default time the primary source must have been failing before the fallback starts. */
export const DEFAULT_FALLBACK_AFTER = 60_000;

/** Options of {@link withPollingFallback}. */
export interface PollingFallbackOptions {
  /**
   * Ms the primary source must stay failing (from its first `INTERRUPTED` without a `VALID`
   * since) before the fallback is started. `0` starts it at the first failure.
   * @default 60000
   */
  readonly after?: number;
}

/**
 * Combines a primary source (normally streaming) with a fallback (normally polling) that only
 * runs while the primary is down: once the primary has failed for `after` ms without recovering,
 * the fallback is subscribed and its `put`/`patch`/`delete` events are passed on; as soon as the
 * primary says `VALID` again (after its fresh `put`), the fallback is unsubscribed.
 *
 * Status events:
 * - the primary's are passed on, except its `INTERRUPTED` while the fallback is delivering data
 *   (the data is current, so the source is not interrupted);
 * - the fallback's `VALID` and `INTERRUPTED` are passed on while it runs; its `OFF` only stops
 *   the fallback (logged), it never ends the combined source;
 * - the primary's `OFF` stops everything and completes.
 *
 * Unsubscribing stops both sources and the pending fallback timer.
 *
 * @throws InvalidOptionError when `after` is not a number ≥ 0
 *
 * ## Example
 * ```ts
 * const dataSource = withPollingFallback(
 *   streamingDataSource({ streamUri }),
 *   pollingDataSource({ baseUri, pollInterval: 30_000 }),
 *   { after: 60_000 },
 * );
 * ```
 */
export function withPollingFallback(primary: DataSource, fallback: DataSource, options: PollingFallbackOptions = {}): DataSource {
  const after = checkNumber('after', options.after, DEFAULT_FALLBACK_AFTER, 0);
  return {
    connect(context: DataSourceContext): Observable<DataSourceEvent> {
      const { logger, scheduler } = context;
      return new Observable<DataSourceEvent>((subscriber) => {
        let timer: Subscription | undefined;
        let running: Subscription | undefined;
        let fallbackValid = false;

        const stopFallback = (): void => {
          timer?.unsubscribe();
          timer = undefined;
          if (running !== undefined) {
            running.unsubscribe();
            running = undefined;
            logger.info('flagstream: primary data source is back; fallback stopped');
          }
          fallbackValid = false;
        };

        const startFallback = (): void => {
          logger.warn(`flagstream: primary data source down for ${after} ms; starting the fallback`);
          running = fallback.connect(context).subscribe({
            next: (event) => {
              if (isOffStatus(event)) {
                logger.error('flagstream: fallback data source stopped for good');
                fallbackValid = false;
                return;
              }
              if (event.type === 'status') fallbackValid = event.state === 'VALID';
              subscriber.next(event);
            },
            error: (error: unknown) => logger.error(`flagstream: fallback data source failed: ${String(error)}`),
          });
        };

        const primarySubscription = primary.connect(context).subscribe({
          next: (event) => {
            if (event.type === 'status') {
              if (event.state === 'INTERRUPTED') {
                if (timer === undefined && running === undefined) timer = scheduler.schedule(startFallback, after);
                if (fallbackValid) return;
              } else {
                stopFallback();
              }
            }
            subscriber.next(event);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });

        return () => {
          stopFallback();
          primarySubscription.unsubscribe();
        };
      });
    },
  };
}
