/**
 * Which collection of the store an item lives in. The values are the wire protocol's `kind`
 * (`patch`/`delete` messages), so a data source event's `kind` can be passed as is.
 */
export type ItemKind = 'flags' | 'segments';

/** Names one flag or one segment of the store. */
export interface ItemRef {
  readonly kind: ItemKind;
  readonly key: string;
}
