import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { DataSourceErrorInfo, DataSourceState, DataSourceStatus } from '../data-sources/data-source-status';

/**
 * Holds the client's data-source status and replays it to every subscriber (reference §4.3):
 * an `INTERRUPTED` report before the first data keeps `INITIALIZING` (with `lastError`); `since`
 * changes only when the state changes; `lastError` is kept until a newer one replaces it;
 * `OFF` is final.
 */
export class StatusTracker {
  private readonly subject: BehaviorSubject<DataSourceStatus>;

  /** The current status at once, then every change; completes when the client closes. */
  readonly status$: Observable<DataSourceStatus>;

  constructor(
    initial: DataSourceState,
    private readonly now: () => number,
  ) {
    this.subject = new BehaviorSubject<DataSourceStatus>({ state: initial, since: now() });
    this.status$ = this.subject.pipe(distinctUntilChanged());
  }

  get current(): DataSourceStatus {
    return this.subject.value;
  }

  /** Applies a report from the data source (or the client itself). */
  report(state: DataSourceState, error?: DataSourceErrorInfo): void {
    const previous = this.subject.value;
    if (previous.state === 'OFF' || this.subject.closed) return;
    const next = previous.state === 'INITIALIZING' && state === 'INTERRUPTED' ? 'INITIALIZING' : state;
    if (next === previous.state && error === undefined) return;
    const lastError = error ?? previous.lastError;
    this.subject.next({
      state: next,
      since: next === previous.state ? previous.since : this.now(),
      ...(lastError ? { lastError } : {}),
    });
  }

  /** Final: reports `OFF` (unless already off) and completes `status$`. */
  close(): void {
    this.report('OFF');
    this.subject.complete();
  }
}
