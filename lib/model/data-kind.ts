/**
 * Which collection an item belongs to: flags or segments. The values are the wire protocol's
 * `kind` (`patch`/`delete` messages), so a data source event's `kind` can be passed as is; the
 * store, the server and the persistent stores all use this one type.
 */
export type DataKind = 'flags' | 'segments';

/** Names one flag or one segment. */
export interface ItemRef {
  readonly kind: DataKind;
  readonly key: string;
}
