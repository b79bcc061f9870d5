import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';

/**
 * Read access to flag data, shared by the live {@link FlagStore} and its immutable
 * {@link StoreSnapshot}s. `getFlag`/`getSegment` are the evaluator's lookup: they return the
 * prepared form of live items (never tombstones) with one Map lookup and no allocation.
 *
 * `PF`/`PS` are whatever the store's prepare functions produce (the evaluator's prepared flag and
 * segment).
 */
export interface StoreView<PF, PS> {
  /** True once a full data set has been received (`init`); stays true afterwards. */
  readonly initialized: boolean;
  /** The prepared flag, or `undefined` if unknown or deleted. */
  getFlag(key: string): PF | undefined;
  /** The prepared segment, or `undefined` if unknown or deleted. */
  getSegment(key: string): PS | undefined;
  /** The decoded flag as received (deep-frozen), or `undefined` if unknown or deleted. */
  getFlagModel(key: string): Flag | undefined;
  /** The decoded segment as received (deep-frozen), or `undefined` if unknown or deleted. */
  getSegmentModel(key: string): Segment | undefined;
  /** The version held for a flag, including a deleted flag's tombstone; `undefined` if never seen. */
  flagVersion(key: string): number | undefined;
  /** The version held for a segment, including a tombstone; `undefined` if never seen. */
  segmentVersion(key: string): number | undefined;
  /** Every live flag (no tombstones), decoded, in a frozen array. */
  allFlags(): readonly Flag[];
  /** Every live segment (no tombstones), decoded, in a frozen array. */
  allSegments(): readonly Segment[];
}
