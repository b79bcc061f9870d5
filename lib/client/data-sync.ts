import { type Observable, Subject, Subscription } from 'rxjs';
import type { DataSource, DataSourceContext, DataSourceEvent } from '../data-sources/data-source';
import { prepareFlag, type PreparedFlag } from '../evaluation/prepared-flag';
import { prepareSegment, type PreparedSegment } from '../evaluation/prepared-segment';
import { FlagStore } from '../store/flag-store';
import { FlagWatchers } from './flag-watchers';
import { StatusTracker } from './status-tracker';

/** What `flagChanges$` emits: a flag whose configuration changed, directly or through a dependency. */
export interface FlagChange {
  readonly key: string;
}

/**
 * Keeps a client's store in sync with its data source: applies each `put`/`patch`/`delete` to
 * the versioned store, maps `status` reports onto the status tracker, and publishes the flag keys
 * each change affects (to `flagChanges$` and to the `variation$` watchers of exactly those keys).
 * An update that cannot be applied is logged and reported as `INVALID_DATA`; the previous data
 * stays in force.
 */
export class DataSync {
  readonly store = new FlagStore<PreparedFlag, PreparedSegment>({ prepareFlag, prepareSegment });
  readonly status: StatusTracker;
  readonly watchers = new FlagWatchers();
  /** `{ key }` per affected flag; completes on close. */
  readonly flagChanges$: Observable<FlagChange>;
  private readonly changes = new Subject<FlagChange>();
  private readonly subscription = new Subscription();

  constructor(
    source: DataSource | undefined,
    private readonly context: DataSourceContext,
  ) {
    this.status = new StatusTracker(source ? 'INITIALIZING' : 'OFF', () => context.scheduler.now());
    this.flagChanges$ = this.changes.asObservable();
    if (!source) return;
    this.subscription.add(
      source.connect(context).subscribe({
        next: (event) => this.apply(event),
        error: (error: unknown) => this.status.report('OFF', { kind: 'UNKNOWN', message: String(error), time: context.scheduler.now() }),
      }),
    );
  }

  /** Stops the data source and completes every Observable. */
  close(): void {
    this.subscription.unsubscribe();
    this.status.close();
    this.watchers.close();
    this.changes.complete();
  }

  private apply(event: DataSourceEvent): void {
    try {
      switch (event.type) {
        case 'put': {
          const first = !this.store.initialized;
          const changed = this.store.init(event.data);
          this.status.report('VALID');
          this.publish(changed, first);
          return;
        }
        case 'patch':
          this.publish(this.store.upsert(event.kind, event.data), false);
          return;
        case 'delete':
          this.publish(this.store.delete(event.kind, event.key, event.version), false);
          return;
        case 'status':
          this.status.report(event.state, event.error);
          return;
      }
    } catch (error) {
      this.context.logger.error(`could not apply a ${event.type} update: ${String(error)}; the previous data stays in force`);
      this.status.report('INTERRUPTED', { kind: 'INVALID_DATA', message: String(error), time: this.context.scheduler.now() });
    }
  }

  /** On the first data set every watcher re-evaluates: results change from not-ready even for absent flags. */
  private publish(changed: ReadonlySet<string>, everything: boolean): void {
    if (everything) this.watchers.notifyAll();
    else this.watchers.notify(changed);
    for (const key of changed) this.changes.next({ key });
  }
}
