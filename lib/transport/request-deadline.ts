import type { SchedulerLike } from 'rxjs';

/** An AbortController that aborts on its own after a timeout, and says whether it did. */
export interface RequestDeadline {
  /** Pass to fetch: aborted on timeout or {@link RequestDeadline.abort}. */
  readonly signal: AbortSignal;
  /** True once the timeout fired (as opposed to an abort by the caller). */
  readonly timedOut: boolean;
  /** Aborts the request now (not a timeout). */
  abort(): void;
  /** Cancels the timer; call when the request is over. */
  cancel(): void;
}

/**
 * Starts a deadline for one HTTP request: after `timeout` ms (on `scheduler`) the signal is
 * aborted and `timedOut` becomes true. A `timeout` of 0 or Infinity means no deadline.
 */
export function requestDeadline(timeout: number, scheduler: SchedulerLike): RequestDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeout > 0 && Number.isFinite(timeout)
      ? scheduler.schedule(() => {
          timedOut = true;
          controller.abort();
        }, timeout)
      : undefined;
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    abort: () => controller.abort(),
    cancel: () => timer?.unsubscribe(),
  };
}
