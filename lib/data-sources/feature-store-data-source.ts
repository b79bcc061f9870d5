import { catchError, EMPTY, isObservable, merge, NEVER, Observable, timer } from 'rxjs';
import { FeatureStoreError } from '../errors/feature-store-error';
import { InvalidOptionError } from '../errors/invalid-option-error';
import type { FullFlagData } from '../model/flag-data';
import type { FeatureStore } from '../store/feature-store';
import type { DataSource, DataSourceContext, DataSourceEvent } from './data-source';

/** Default of {@link FeatureStoreDataSourceOptions.pollInterval}, in ms. */
export const DEFAULT_STORE_POLL_INTERVAL = 5_000;
/** Smallest accepted {@link FeatureStoreDataSourceOptions.pollInterval}, in ms. */
export const MIN_STORE_POLL_INTERVAL = 100;

/** Options of {@link featureStoreDataSource}. */
export interface FeatureStoreDataSourceOptions {
  /** Ms between two reads of the store (a safety net when change notifications are on); at least 100. @default 5000 */
  readonly pollInterval?: number;
  /**
   * What makes the source read again at once: each emission triggers a read. `false` turns
   * notifications off (the store is only polled). @default the store's `changes$`, if it has one
   */
  readonly changes?: Observable<unknown> | false;
  /** Close the store when the subscription ends (the client closes). `false` to share the store. @default true */
  readonly closeStore?: boolean;
}

/**
 * Daemon mode: a data source that only reads from a persistent {@link FeatureStore} (e.g.
 * `redisFeatureStore`) that another process keeps up to date, usually a client with the same
 * store as its `featureStore`. The client never connects to a flag server and never writes to
 * the store.
 *
 * Reads `store.all()` at once, every `pollInterval` ms, and at each emission of `changes` (a
 * notification arriving during a read causes one more read right after it, so no write is
 * missed). Emits:
 * - `put` when the data read differs from the last emitted (compared by a fingerprint of every
 *   item's kind, key, version and deletion, so an unchanged store costs no put), then `status VALID`;
 * - `status VALID` on the first successful read after a problem;
 * - `status INTERRUPTED` with `{ kind: 'STORE_ERROR' }` when a read fails (retried at the next
 *   read), or while the store is not initialized (no process has written a full data set yet;
 *   the client stays `INITIALIZING`), or if it stops being initialized, or when it holds an
 *   item at a lower version than already read (the store is known to be stale, e.g. restored
 *   from an old snapshot): in those cases the last data stays in force and the source is not
 *   `VALID` again until a read is at least as new. Each distinct problem is emitted and logged
 *   (`warn`) once, not at every poll.
 *
 * Never errors or completes by itself. Timers run on the context's scheduler; unsubscribing
 * stops the timer and the notifications and (unless `closeStore: false`) closes the store.
 *
 * ## Example
 * ```ts
 * const client = createClient({ dataSource: featureStoreDataSource(redisFeatureStore({ prefix: 'prod' })) });
 * await client.waitForInitialization({ timeout: 5000 }); // once some process has written 'prod'
 * ```
 *
 * @param store the store to read (do not also give it to the same client as `featureStore`:
 *   the client would write back what it read)
 * @param options how often to read, and what else triggers a read
 * @returns a {@link DataSource}
 * @throws InvalidOptionError when `store` is not a feature store or an option is invalid
 */
export function featureStoreDataSource(store: FeatureStore, options: FeatureStoreDataSourceOptions = {}): DataSource {
  const settings = checkOptions(store, options);
  return { connect: (context) => readStore(store, settings, context) };
}

interface Settings {
  readonly pollInterval: number;
  readonly changes$: Observable<unknown>;
  readonly closeStore: boolean;
}

function readStore(store: FeatureStore, settings: Settings, context: DataSourceContext): Observable<DataSourceEvent> {
  const { logger, scheduler } = context;
  const { description } = store;
  return new Observable<DataSourceEvent>((subscriber) => {
    let fingerprint: Map<string, string> | undefined;
    let valid = false;
    let problem: string | undefined;
    let reading = false;
    let readAgain = false;

    const report = (message: string): void => {
      valid = false;
      if (message === problem) return;
      problem = message;
      logger.warn(`daemon mode: ${message}`);
      subscriber.next({ type: 'status', state: 'INTERRUPTED', error: { kind: 'STORE_ERROR', message, time: scheduler.now() } });
    };
    const onData = (data: FullFlagData | undefined): void => {
      if (subscriber.closed) return;
      if (data === undefined) {
        report(fingerprint === undefined
          ? `${description} is not initialized yet: waiting for a process to write flags into it`
          : `${description} is no longer initialized; the flags read last stay in force`);
        return;
      }
      if (!isFullFlagData(data)) throw new Error(`${description} returned something other than { flags, segments }`);
      const next = fingerprintOf(data);
      const older = fingerprint === undefined ? undefined : firstRegression(fingerprint, next);
      if (older !== undefined) {
        // Known stale (e.g. Redis restored from an old snapshot): never VALID on it.
        report(`${description} holds older data than already read (${older}); the newer flags stay in force until a writer brings the store up to date`);
        return;
      }
      const changed = fingerprint === undefined || !sameFingerprint(fingerprint, next);
      if (changed) {
        if (fingerprint === undefined) logger.info(`daemon mode: read ${Object.keys(data.flags).length} flags and ${Object.keys(data.segments).length} segments from ${description}`);
        fingerprint = next;
        subscriber.next({ type: 'put', data });
      }
      if (changed || !valid) subscriber.next({ type: 'status', state: 'VALID' });
      valid = true;
      problem = undefined;
    };
    const onFailure = (error: unknown): void => {
      if (subscriber.closed) return;
      report(error instanceof FeatureStoreError ? error.message : `reading ${description} failed: ${error instanceof Error ? error.message : String(error)}`);
    };
    const read = (): void => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      Promise.resolve()
        .then(() => store.all())
        .then(onData)
        .catch(onFailure)
        .finally(() => {
          reading = false;
          if (!readAgain || subscriber.closed) return;
          readAgain = false;
          read();
        });
    };

    const notifications$ = settings.changes$.pipe(
      catchError((error: unknown) => {
        logger.warn(`daemon mode: change notifications of ${description} failed (${String(error)}); polling only`);
        return EMPTY;
      }),
    );
    const triggers = merge(timer(0, settings.pollInterval, scheduler), notifications$).subscribe(read);
    return () => {
      triggers.unsubscribe();
      if (settings.closeStore) store.close().catch((error: unknown) => logger.warn(`daemon mode: closing ${description} failed: ${String(error)}`));
    };
  });
}

/** Kind and key → version (and `d` for a tombstone) of every item: equal fingerprints, same data. */
function fingerprintOf(data: FullFlagData): Map<string, string> {
  const fingerprint = new Map<string, string>();
  for (const [prefix, items] of [['f', data.flags], ['s', data.segments]] as const) {
    for (const [key, item] of Object.entries(items)) fingerprint.set(prefix + key, `${item?.version}${item?.deleted === true ? 'd' : ''}`);
  }
  return fingerprint;
}

/** The first item whose version went down from `before` to `after`, described; undefined if none did. */
function firstRegression(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string | undefined {
  for (const [key, value] of after) {
    const held = before.get(key);
    if (held === undefined) continue;
    const was = parseFloat(held);
    const now = parseFloat(value);
    if (now < was) return `${key[0] === 'f' ? 'flag' : 'segment'} ${JSON.stringify(key.slice(1))} version ${now} < ${was}`;
  }
  return undefined;
}

function sameFingerprint(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

function isFullFlagData(data: unknown): data is FullFlagData {
  if (data === null || typeof data !== 'object') return false;
  const { flags, segments } = data as Record<string, unknown>;
  return flags !== null && typeof flags === 'object' && segments !== null && typeof segments === 'object';
}

function checkOptions(store: FeatureStore, options: FeatureStoreDataSourceOptions): Settings {
  if (store === null || typeof store !== 'object' || typeof store.all !== 'function' || typeof store.close !== 'function') {
    throw new InvalidOptionError('featureStoreDataSource', 'expected a feature store (with all and close methods), e.g. redisFeatureStore(…)');
  }
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('featureStoreDataSource', 'expected an options object');
  const { pollInterval = DEFAULT_STORE_POLL_INTERVAL, changes, closeStore = true } = options;
  if (typeof pollInterval !== 'number' || !Number.isFinite(pollInterval) || pollInterval < MIN_STORE_POLL_INTERVAL) {
    throw new InvalidOptionError('featureStoreDataSource.pollInterval', `expected a finite number of ms ≥ ${MIN_STORE_POLL_INTERVAL}, got ${String(pollInterval)}`);
  }
  if (changes !== undefined && changes !== false && !isObservable(changes)) {
    throw new InvalidOptionError('featureStoreDataSource.changes', 'expected an Observable or false');
  }
  if (typeof closeStore !== 'boolean') throw new InvalidOptionError('featureStoreDataSource.closeStore', 'expected true or false');
  const changes$ = changes === false ? NEVER : (changes ?? store.changes$ ?? NEVER);
  return { pollInterval, changes$, closeStore };
}
