import type { Observable } from 'rxjs';
import type { DataKind } from '../model/data-kind';
import type { Flag } from '../model/flag';
import type { FullFlagData } from '../model/flag-data';
import type { Segment } from '../model/segment';

/**
 * A persistent copy of an environment's flags and segments (e.g. Redis), shared between
 * processes: a client given one as `featureStore` writes every change it applies into it, and
 * starts from it when its data source has not delivered yet; a client in daemon mode
 * (`featureStoreDataSource`) only reads from it.
 *
 * Items are LaunchDarkly-schema JSON; a deleted item is kept as a tombstone
 * `{ key, version, deleted: true }`. Every method may reject (the client logs it and carries on
 * with its in-memory data).
 */
export interface FeatureStore {
  /** Replaces everything with `data` and marks the store initialized. */
  init(data: FullFlagData): Promise<void>;
  /** Stores `item` (or its tombstone) unless the store already holds a version ≥ `item.version`. */
  upsert(kind: DataKind, item: Flag | Segment): Promise<void>;
  /** Everything stored, tombstones included; `undefined` until some client has called `init`. */
  all(): Promise<FullFlagData | undefined>;
  /** Releases connections; idempotent. */
  close(): Promise<void>;
  /** A short description for log lines, e.g. `redis (prefix flagstream)`. */
  readonly description: string;
  /**
   * Optional: emits (no value) soon after any process wrote to the store, and whenever the
   * store may have missed such a notice (e.g. after reconnecting), so that a daemon-mode reader
   * (`featureStoreDataSource`) reads again at once instead of at its next poll. Never errors;
   * completes when the store is closed. A store without it is simply polled.
   */
  readonly changes$?: Observable<void>;
}
