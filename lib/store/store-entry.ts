/**
 * What the store holds under one key: a live item with its prepared form, or a tombstone (a
 * deleted item's version, kept so that an older, late update cannot bring it back). Entries are
 * never mutated: a change replaces the entry, so snapshots can share them.
 */
export interface StoreEntry<T, P> {
  /** The item's version (a tombstone's is the version of the delete). */
  readonly version: number;
  /** The decoded item, deep-frozen; `undefined` for a tombstone. */
  readonly item: T | undefined;
  /** What the store's prepare function made of `item`; `undefined` for a tombstone. */
  readonly prepared: P | undefined;
}

/** Makes a tombstone entry. */
export function tombstone<T, P>(version: number): StoreEntry<T, P> {
  return { version, item: undefined, prepared: undefined };
}
