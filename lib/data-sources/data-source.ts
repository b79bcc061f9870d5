import type { Observable, SchedulerLike } from 'rxjs';
import type { Flag } from '../model/flag';
import type { FullFlagData } from '../model/flag-data';
import type { Segment } from '../model/segment';
import type { Logger } from '../logging/logger';
import type { DataSourceErrorInfo } from './data-source-status';

import type { DataKind } from '../model/data-kind';

export type { DataKind };

/**
 * What a data source emits. Data sources never write the store: they emit decoded updates and
 * the client applies them.
 * - `put`: the whole data set (replace everything);
 * - `patch`: one flag or segment, applied only if its version is newer;
 * - `delete`: a versioned tombstone, applied only if its version is newer;
 * - `status`: the source is healthy again (`VALID`), failing and retrying (`INTERRUPTED`, with
 *   `error`), or stopped for good (`OFF`, with `error`; the Observable then completes).
 */
export type DataSourceEvent =
  | { readonly type: 'put'; readonly data: FullFlagData }
  | { readonly type: 'patch'; readonly kind: 'flags'; readonly data: Flag }
  | { readonly type: 'patch'; readonly kind: 'segments'; readonly data: Segment }
  | { readonly type: 'delete'; readonly kind: DataKind; readonly key: string; readonly version: number }
  | { readonly type: 'status'; readonly state: 'VALID' | 'INTERRUPTED' | 'OFF'; readonly error?: DataSourceErrorInfo };

/** What the client hands a data source when it connects. */
export interface DataSourceContext {
  /** The SDK key (send it, never log it). */
  readonly sdkKey: string;
  readonly logger: Logger;
  /** Scheduler for every timer (backoff, polling, debounce); `asyncScheduler` in production. */
  readonly scheduler: SchedulerLike;
}

/**
 * A pluggable source of flag data: streaming, polling, file, TestData, persistent store.
 *
 * `connect` returns a cold Observable: subscribing starts the source (opens the socket, reads
 * the file…), unsubscribing stops it and releases every timer and handle. Recoverable problems
 * are reported as `status` events, never as Observable errors.
 */
export interface DataSource {
  connect(context: DataSourceContext): Observable<DataSourceEvent>;
}
