import type { Observable, Subscription } from 'rxjs';
import type { DataSourceStatus } from '../../data-sources/data-source-status';

/** Where the provider stands, as OpenFeature was last told. */
export type ProviderPhase = 'NOT_READY' | 'READY' | 'STALE' | 'ERROR' | 'FATAL';

/** An event for OpenFeature, decided by {@link ProviderStatusEvents}. */
export type StatusEvent =
  | { readonly type: 'ready' }
  | { readonly type: 'stale'; readonly message: string }
  | { readonly type: 'fatal'; readonly message: string };

/**
 * Turns the client's `status$` into OpenFeature provider events without repeats: `stale` when a
 * ready client's data source is interrupted (once, however many retries fail), `ready` when it
 * is valid again (also after a failed initialization), `fatal` when the source stops for good on
 * a 401/403. An `OFF` for any other reason (the client was closed) emits nothing.
 *
 * The phase starts at `NOT_READY`; the provider sets it after `initialize` (OpenFeature itself
 * emits the first READY or ERROR from `initialize`'s outcome), and events are emitted only after
 * that, so the first `ready` is never doubled.
 */
export class ProviderStatusEvents {
  phase: ProviderPhase = 'NOT_READY';
  private settled = false;
  private subscription: Subscription | undefined;

  constructor(private readonly emit: (event: StatusEvent) => void) {}

  /** Starts following `status$` (once). */
  follow(status$: Observable<DataSourceStatus>): void {
    this.subscription ??= status$.subscribe((status) => this.next(status));
  }

  /** Called when `initialize` settled with `phase` (READY, ERROR or FATAL): events may flow from now on. */
  settle(phase: ProviderPhase): void {
    this.phase = phase;
    this.settled = true;
  }

  /** Stops following. */
  stop(): void {
    this.subscription?.unsubscribe();
  }

  private next(status: DataSourceStatus): void {
    if (!this.settled) return;
    switch (status.state) {
      case 'VALID':
        if (this.phase === 'STALE' || this.phase === 'ERROR') this.move('READY', { type: 'ready' });
        return;
      case 'INTERRUPTED':
        if (this.phase === 'READY') this.move('STALE', { type: 'stale', message: `flag data may be out of date: ${status.lastError?.message ?? 'the connection was interrupted'}` });
        return;
      case 'OFF': {
        const code = status.lastError?.statusCode;
        if ((code === 401 || code === 403) && this.phase !== 'FATAL') {
          this.move('FATAL', { type: 'fatal', message: `the flag server refused the SDK key (HTTP ${code}); flagstream stopped: ${status.lastError?.message ?? ''}`.trim() });
        }
        return;
      }
      case 'INITIALIZING':
        return;
    }
  }

  private move(phase: ProviderPhase, event: StatusEvent): void {
    this.phase = phase;
    this.emit(event);
  }
}
