import { deepFreeze } from './deep-freeze';

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

/** Makes a live entry: deep-freezes `item`, then prepares it (so `prepare` sees the frozen item). */
export function liveEntry<T, P>(item: T & { readonly version: number }, prepare: (item: T) => P): StoreEntry<T, P> {
  const frozen = deepFreeze(item);
  return { version: item.version, item: frozen, prepared: prepare(frozen) };
}

/**
 * Whether a value can be stored at all: an object with a string `key` and a numeric, non-NaN
 * `version`. Decoded items always are; this guards against programmatic sources.
 */
export function isVersioned(item: unknown): item is { key: string; version: number; deleted?: boolean | null } {
  if (item === null || typeof item !== 'object') return false;
  const { key, version } = item as { key?: unknown; version?: unknown };
  return typeof key === 'string' && typeof version === 'number' && !Number.isNaN(version);
}
