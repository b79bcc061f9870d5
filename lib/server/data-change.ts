import type { DataKind } from '../model/data-kind';
import type { Item } from './environment';

/**
 * One accepted change, as the flag repository emits it after it was persisted: an item created
 * or updated (`item` present), or deleted (`item` absent; `version` is the tombstone's). The
 * stream hub turns it into a `patch`/`delete` frame; other modules (insights, a Redis relay)
 * may subscribe too.
 */
export interface DataChange {
  /** Environment key. */
  readonly environment: string;
  readonly kind: DataKind;
  readonly key: string;
  /** The new version (of the item, or of the tombstone). */
  readonly version: number;
  /** The stored item; absent for a delete. */
  readonly item?: Item;
}
