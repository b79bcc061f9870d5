import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';
import type { DataKind, ItemRef } from '../model/data-kind';
import { jsonEqual } from './json-equal';
import { isVersioned, liveEntry, type StoreEntry, tombstone } from './store-entry';

/**
 * The entries for one collection of a full data set (`init`), built without touching `old`.
 *
 * - Each item is filed under its own `key`, whatever map key it arrived under; of two items with
 *   the same key the higher version wins (the later one on a tie). Non-items are skipped.
 * - `deleted: true` items become tombstones.
 * - An old entry whose version and content are both unchanged is reused as is (same object,
 *   same prepared form), so nothing is prepared twice and {@link changedItems} sees no change.
 * - Every other live item is deep-frozen and prepared. If `prepare` throws, the error propagates.
 */
export function rebuildEntries<T extends Flag | Segment, P>(
  old: ReadonlyMap<string, StoreEntry<T, P>>,
  items: Readonly<Record<string, T>> | undefined | null,
  prepare: (item: T) => P,
): Map<string, StoreEntry<T, P>> {
  const winners = new Map<string, T>();
  for (const item of Object.values(items ?? {})) {
    if (!isVersioned(item)) continue;
    const current = winners.get(item.key);
    if (current === undefined || item.version >= current.version) winners.set(item.key, item);
  }
  const next = new Map<string, StoreEntry<T, P>>();
  for (const [key, item] of winners) {
    const previous = old.get(key);
    const sameVersion = previous !== undefined && previous.version === item.version;
    if (item.deleted === true) {
      next.set(key, sameVersion && previous.item === undefined ? previous : tombstone(item.version));
    } else if (sameVersion && previous.item !== undefined && jsonEqual(previous.item, item)) {
      next.set(key, previous);
    } else {
      next.set(key, liveEntry(item, prepare));
    }
  }
  return next;
}

/**
 * The items of one collection that changed between two full data sets: live on exactly one side,
 * or live on both with a replaced entry (different version or content, see {@link rebuildEntries}).
 * Tombstones count as absent.
 */
export function changedItems<T, P>(
  kind: DataKind,
  old: ReadonlyMap<string, StoreEntry<T, P>>,
  next: ReadonlyMap<string, StoreEntry<T, P>>,
): ItemRef[] {
  const changed: ItemRef[] = [];
  for (const [key, entry] of next) {
    const previous = old.get(key);
    if (entry === previous) continue;
    if (entry.item !== undefined || previous?.item !== undefined) changed.push({ kind, key });
  }
  for (const [key, previous] of old) {
    if (previous.item !== undefined && !next.has(key)) changed.push({ kind, key });
  }
  return changed;
}
