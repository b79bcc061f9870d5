import type { Flag } from '../../model/flag';
import type { Segment } from '../../model/segment';

/**
 * Read access to the live (not deleted) flags and segments of one environment, as they would be
 * after a proposed change. Validation sees data only through this.
 */
export interface ItemLookup {
  flag(key: string): Flag | undefined;
  segment(key: string): Segment | undefined;
  /** Every live flag (for reverse references: who uses this flag or segment). */
  flags(): Iterable<Flag>;
  /** Every live segment. */
  segments(): Iterable<Segment>;
}
