import type { FullFlagData } from '../model/flag-data';
import type { DataKind } from '../data-sources/data-source';
import type { MergedFlagFiles } from './merge-flag-files';

/** What was last served for one key: the item as its files declared it, and the version served. */
interface Served {
  readonly signature: string;
  readonly version: number;
}

/** The outcome of {@link FileVersionTracker.assign}. */
export interface VersionedFileData {
  /** The data set to serve, with versions assigned. */
  readonly data: FullFlagData;
  /** False when nothing was added, changed or removed since the previous call. */
  readonly changed: boolean;
}

/**
 * Assigns the versions a file data source serves, so that versions only ever go up while the
 * source runs (one tracker per connection):
 *
 * - an item seen for the first time is served with the version its file declares (1 if none);
 * - an item whose file content is unchanged (declared version included) keeps its version;
 * - an item whose content changed is served with `max(declared, previous + 1)`;
 * - a key that disappears and comes back later is versioned against what was last served for it.
 *
 * So an edited flag always replaces the old one, even for stores that keep only newer versions.
 */
export class FileVersionTracker {
  private readonly served: Record<DataKind, Map<string, Served>> = { flags: new Map(), segments: new Map() };
  private previousKeys: Record<DataKind, ReadonlySet<string>> | undefined;

  /**
   * Versions a freshly loaded data set against what this tracker served before.
   *
   * @param merged the items as merged from the files, with their declared versions
   */
  assign(merged: MergedFlagFiles): VersionedFileData {
    const flags = this.versionAll('flags', merged.flags);
    const segments = this.versionAll('segments', merged.segments);
    const keys = { flags: new Set(merged.flags.keys()), segments: new Set(merged.segments.keys()) };
    const changed =
      this.previousKeys === undefined ||
      flags.changed ||
      segments.changed ||
      keys.flags.size !== this.previousKeys.flags.size ||
      keys.segments.size !== this.previousKeys.segments.size;
    this.previousKeys = keys;
    return { data: { flags: flags.items, segments: segments.items }, changed };
  }

  private versionAll<T extends { readonly key: string; readonly version: number }>(
    kind: DataKind,
    items: ReadonlyMap<string, T>,
  ): { items: Record<string, T>; changed: boolean } {
    let changed = false;
    const entries: Array<[string, T]> = [];
    for (const [key, item] of items) {
      const signature = JSON.stringify(item);
      const before = this.served[kind].get(key);
      const present = this.previousKeys?.[kind].has(key) ?? false;
      let version = item.version;
      if (before && before.signature === signature) {
        version = before.version;
      } else if (before) {
        version = Math.max(item.version, before.version + 1);
      }
      if (!present || before?.signature !== signature) changed = true;
      this.served[kind].set(key, { signature, version });
      entries.push([key, version === item.version ? item : { ...item, version }]);
    }
    // fromEntries defines own properties, so a key such as `__proto__` stays a plain key.
    return { items: Object.fromEntries(entries) as Record<string, T>, changed };
  }
}
