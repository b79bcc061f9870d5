import { type Observable, Subject, Subscription } from 'rxjs';
import type { DataSource, DataSourceContext, DataSourceEvent } from '../data-sources/data-source';
import type { DataSourceErrorInfo, DataSourceState } from '../data-sources/data-source-status';
import { prepareFlag, type PreparedFlag } from '../evaluation/prepared-flag';
import { prepareSegment, type PreparedSegment } from '../evaluation/prepared-segment';
import type { FullFlagData } from '../model/flag-data';
import type { FeatureStore } from '../store/feature-store';
import { FlagStore } from '../store/flag-store';
import type { PendingInit } from '../store/pending-init';
import { FlagWatchers } from './flag-watchers';
import { StatusTracker } from './status-tracker';

/** A `put` of more items than this is prepared in slices, letting the event loop run in between. */
const SYNC_PUT_ITEMS = 1_000;
/** Items prepared between two looks at the clock within a slice. */
const ITEMS_PER_CHECK = 50;
/** How long one slice of a large `put` runs before it yields to the event loop, ms. */
const SLICE_MS = 5;

/** A large `put` being prepared in slices, and the events that arrived meanwhile (applied after it). */
interface SlicedPut {
  readonly pending: PendingInit;
  readonly event: Extract<DataSourceEvent, { type: 'put' }>;
  readonly queued: DataSourceEvent[];
  immediate: ReturnType<typeof setImmediate> | undefined;
}

/** First wait before bringing a feature store up to date after a failed write, in ms. */
const RESYNC_INITIAL_DELAY = 1_000;
/** Longest wait between two such attempts, in ms. */
const RESYNC_MAX_DELAY = 30_000;

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
 *
 * With a persistent `featureStore`, every applied update is also written there (in order, one
 * write at a time; a failed write is logged and never affects evaluation), and until the data
 * source delivers, the client starts from the persisted copy (status stays `INITIALIZING`).
 */
export class DataSync {
  /**
   * The versioned store. Each flag or segment is prepared once per update; what preparing finds
   * (a `matches` pattern that never matches under the regex rule, an invalid attribute reference,
   * a variation out of range…) is logged as a warning naming the item, once per distinct line.
   */
  readonly store = new FlagStore<PreparedFlag, PreparedSegment>({
    prepareFlag: (flag) => this.reportWarnings(prepareFlag(flag), `flag '${flag.key}': `),
    prepareSegment: (segment) => this.reportWarnings(prepareSegment(segment), ''),
  });
  /** Warning lines already logged (bounded: past 1,000 distinct lines, repeats are logged again). */
  private readonly warned = new Set<string>();
  readonly status: StatusTracker;
  readonly watchers = new FlagWatchers();
  /** `{ key }` per affected flag; completes on close. */
  readonly flagChanges$: Observable<FlagChange>;
  private readonly changes = new Subject<FlagChange>();
  private readonly subscription = new Subscription();
  /** The chain of writes to the feature store, so they happen in order. */
  private writes: Promise<void> = Promise.resolve();
  private sourceDelivered = false;

  private reportWarnings<T extends { readonly warnings: readonly string[] }>(prepared: T, prefix: string): T {
    for (let i = 0; i < prepared.warnings.length; i++) {
      const line = `${prefix}${prepared.warnings[i]}`;
      if (this.warned.has(line)) continue;
      if (this.warned.size < 1000) this.warned.add(line);
      this.context.logger.warn(line);
    }
    return prepared;
  }
  private slicedPut: SlicedPut | undefined;
  private writeFailed = false;
  /** While writes fail: the pending resync attempt, and the store's change notices (they come on reconnecting). */
  private resyncTimer: Subscription | undefined;
  private resyncNotices: Subscription | undefined;
  private resyncAttempts = 0;

  constructor(
    source: DataSource | undefined,
    private readonly context: DataSourceContext,
    private readonly featureStore?: FeatureStore,
  ) {
    this.status = new StatusTracker(source ? 'INITIALIZING' : 'OFF', () => context.scheduler.now());
    this.flagChanges$ = this.changes.asObservable();
    if (featureStore && source) this.startFromFeatureStore(featureStore);
    if (!source) return;
    this.subscription.add(
      source.connect(context).subscribe({
        next: (event) => this.apply(event),
        // Through `apply`, so that it also waits for a put being prepared in slices.
        error: (error: unknown) => this.apply({ type: 'status', state: 'OFF', error: { kind: 'UNKNOWN', message: String(error), time: context.scheduler.now() } }),
      }),
    );
  }

  /** Stops the data source, completes every Observable, finishes the feature store's writes and closes it. */
  async close(): Promise<void> {
    this.subscription.unsubscribe();
    if (this.slicedPut?.immediate !== undefined) clearImmediate(this.slicedPut.immediate);
    this.slicedPut = undefined;
    this.stopResync();
    this.status.close();
    this.watchers.close();
    this.changes.complete();
    if (this.featureStore) {
      await this.writes;
      await this.featureStore.close().catch((error: unknown) => this.context.logger.warn(`closing the feature store failed: ${String(error)}`));
    }
  }

  private startFromFeatureStore(featureStore: FeatureStore): void {
    featureStore.all().then(
      (data) => {
        if (!data || this.sourceDelivered || this.status.current.state === 'OFF') return;
        this.context.logger.info(`starting from the flags persisted in ${featureStore.description} until the data source delivers`);
        this.publish(this.store.init(data), true);
      },
      (error: unknown) => this.context.logger.warn(`reading ${featureStore.description} failed: ${String(error)}`),
    );
  }

  /**
   * Queues a write to the feature store. After a failed write the store may have missed changes,
   * so the next write replaces its whole content with this client's current data instead
   * (`init`, which in Redis never lowers a version). That resync is also tried on its own, with
   * backoff (1 s doubling to 30 s) and at each change notice of the store (one comes when its
   * connection is back), so the store catches up even if no further change arrives.
   */
  private persist(write: (store: FeatureStore) => Promise<void>): void {
    const featureStore = this.featureStore;
    if (!featureStore) return;
    this.writes = this.writes
      .then(() => (this.writeFailed ? featureStore.init(this.currentData()) : write(featureStore)))
      .then(
        () => {
          if (this.writeFailed) this.context.logger.info(`writing to ${featureStore.description} works again; it was brought up to date with the current flags`);
          this.writeFailed = false;
          this.stopResync();
        },
        (error: unknown) => {
          if (!this.writeFailed) this.context.logger.error(`writing to ${featureStore.description} failed: ${String(error)}; evaluation goes on from memory, and the store is brought up to date once it works again`);
          this.writeFailed = true;
          this.scheduleResync(featureStore);
        },
      );
  }

  /** Arms the next resync attempt (and listens for the store's notices) unless closed or already armed. */
  private scheduleResync(featureStore: FeatureStore): void {
    if (this.subscription.closed || this.resyncTimer !== undefined) return;
    const delay = Math.min(RESYNC_MAX_DELAY, RESYNC_INITIAL_DELAY * 2 ** Math.min(this.resyncAttempts++, 10));
    this.resyncTimer = this.context.scheduler.schedule(() => this.resync(), delay);
    if (this.resyncNotices === undefined && featureStore.changes$ !== undefined) {
      this.resyncNotices = featureStore.changes$.subscribe({ next: () => this.resync(), error: () => undefined });
    }
  }

  private resync(): void {
    this.resyncTimer?.unsubscribe();
    this.resyncTimer = undefined;
    if (this.writeFailed && !this.subscription.closed) this.persist(() => Promise.resolve());
  }

  private stopResync(): void {
    this.resyncTimer?.unsubscribe();
    this.resyncTimer = undefined;
    this.resyncNotices?.unsubscribe();
    this.resyncNotices = undefined;
    this.resyncAttempts = 0;
  }

  /** Every live flag and segment the client holds now. */
  private currentData(): FullFlagData {
    const snapshot = this.store.snapshot();
    return {
      flags: Object.fromEntries(snapshot.allFlags().map((flag) => [flag.key, flag])),
      segments: Object.fromEntries(snapshot.allSegments().map((segment) => [segment.key, segment])),
    };
  }

  /**
   * Applies one event, in arrival order. A `put` of more than {@link SYNC_PUT_ITEMS} items is
   * prepared in slices of about {@link SLICE_MS} ms (`FlagStore.beginInit`), so that timers and
   * I/O run between them; the previous data stays in force until it is complete, and events
   * arriving meanwhile wait for it.
   */
  private apply(event: DataSourceEvent): void {
    if (this.slicedPut !== undefined) {
      this.slicedPut.queued.push(event);
      return;
    }
    try {
      switch (event.type) {
        case 'put': {
          const pending = this.store.beginInit(event.data);
          if (pending.size > SYNC_PUT_ITEMS) this.startSlicedPut(pending, event);
          else this.finishPut(pending, event);
          return;
        }
        case 'patch':
          this.publish(this.store.upsert(event.kind, event.data), false);
          this.persist((store) => store.upsert(event.kind, event.data));
          return;
        case 'delete':
          this.publish(this.store.delete(event.kind, event.key, event.version), false);
          this.persist((store) => store.upsert(event.kind, { key: event.key, version: event.version, deleted: true }));
          return;
        case 'status':
          this.report(event.state, event.error);
          return;
      }
    } catch (error) {
      this.failed(event, error);
    }
  }

  private failed(event: DataSourceEvent, error: unknown): void {
    this.context.logger.error(`could not apply a ${event.type} update: ${String(error)}; the previous data stays in force`);
    this.status.report('INTERRUPTED', { kind: 'INVALID_DATA', message: String(error), time: this.context.scheduler.now() });
  }

  private finishPut(pending: PendingInit, event: Extract<DataSourceEvent, { type: 'put' }>): void {
    const first = !this.store.initialized;
    const changed = pending.commit();
    this.sourceDelivered = true;
    this.status.report('VALID');
    this.publish(changed, first);
    this.persist((store) => store.init(event.data));
  }

  private startSlicedPut(pending: PendingInit, event: Extract<DataSourceEvent, { type: 'put' }>): void {
    const sliced: SlicedPut = { pending, event, queued: [], immediate: undefined };
    const slice = (): void => {
      sliced.immediate = undefined;
      if (this.slicedPut !== sliced) return; // closed
      try {
        const end = performance.now() + SLICE_MS;
        let done = pending.step(ITEMS_PER_CHECK);
        while (!done && performance.now() < end) done = pending.step(ITEMS_PER_CHECK);
        if (!done) {
          sliced.immediate = setImmediate(slice);
          return;
        }
        this.slicedPut = undefined;
        this.finishPut(pending, event);
      } catch (error) {
        this.slicedPut = undefined;
        this.failed(event, error);
      }
      for (const queued of sliced.queued) this.apply(queued);
    };
    this.slicedPut = sliced;
    sliced.immediate = setImmediate(slice);
  }

  /**
   * Reports a status; a source stopping for good before any data releases the `variation$`
   * subscriptions waiting for their first value (they emit their default).
   */
  private report(state: DataSourceState, error?: DataSourceErrorInfo): void {
    this.status.report(state, error);
    if (state === 'OFF' && !this.store.initialized) this.watchers.notifyAll();
  }

  /** On the first data set every watcher re-evaluates: results change from not-ready even for absent flags. */
  private publish(changed: ReadonlySet<string>, everything: boolean): void {
    if (everything) this.watchers.notifyAll();
    else this.watchers.notify(changed);
    for (const key of changed) this.changes.next({ key });
  }
}
