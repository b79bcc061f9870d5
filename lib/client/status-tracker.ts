import { Observable, Subject } from 'rxjs';
import type { DataSourceErrorInfo, DataSourceState, DataSourceStatus } from '../data-sources/data-source-status';

/**
 * Holds the client's data-source status and tells subscribers about changes that matter
 * (README, "Connection status"):
 * - `status$` replays the current status, then emits on a **transition**: the state changed, or
 *   the kind of problem changed within a state (the first error while `INITIALIZING`, or e.g.
 *   `NETWORK_ERROR` turning into `ERROR_RESPONSE` 503). A retry failing the same way again only
 *   updates {@link current}'s `lastError` (its message and time): no emission per retry.
 * - An `INTERRUPTED` report before the first data keeps `INITIALIZING` (with `lastError`).
 * - `lastError` explains why the state is not `VALID`: `VALID` clears it; `INTERRUPTED`,
 *   `INITIALIZING` and `OFF` keep the latest error.
 * - `since` changes only when the state changes; `OFF` is final.
 */
export class StatusTracker {
  private latest: DataSourceStatus;
  private readonly transitions = new Subject<DataSourceStatus>();
  private isClosed = false;

  /** The current status at once, then every transition; completes when the client closes. */
  readonly status$: Observable<DataSourceStatus>;

  constructor(
    initial: DataSourceState,
    private readonly now: () => number,
  ) {
    this.latest = { state: initial, since: now() };
    this.status$ = new Observable<DataSourceStatus>((subscriber) => {
      subscriber.next(this.latest);
      if (this.isClosed) {
        subscriber.complete();
        return undefined;
      }
      return this.transitions.subscribe(subscriber);
    });
  }

  /** The status now, including the latest error of a retry that did not change the state. */
  get current(): DataSourceStatus {
    return this.latest;
  }

  /** Applies a report from the data source (or the client itself). */
  report(state: DataSourceState, error?: DataSourceErrorInfo): void {
    const previous = this.latest;
    if (previous.state === 'OFF' || this.isClosed) return;
    const next = previous.state === 'INITIALIZING' && state === 'INTERRUPTED' ? 'INITIALIZING' : state;
    const lastError = next === 'VALID' ? undefined : (error ?? previous.lastError);
    const stateChanged = next !== previous.state;
    if (!stateChanged && lastError === previous.lastError) return;
    this.latest = {
      state: next,
      since: stateChanged ? this.now() : previous.since,
      ...(lastError ? { lastError } : {}),
    };
    if (stateChanged || !sameKind(previous.lastError, lastError)) this.transitions.next(this.latest);
  }

  /** Final: reports `OFF` (unless already off) and completes `status$`. */
  close(): void {
    this.report('OFF');
    this.isClosed = true;
    this.transitions.complete();
  }
}

/** Same kind of problem: same error kind and HTTP status (the message and time may differ). */
function sameKind(a: DataSourceErrorInfo | undefined, b: DataSourceErrorInfo | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.kind === b.kind && a.statusCode === b.statusCode;
}
