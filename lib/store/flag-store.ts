import type { Flag } from '../model/flag';
import type { FullFlagData } from '../model/flag-data';
import type { Segment } from '../model/segment';
import { DependencyGraph } from './dependency-graph';
import { itemDependencies } from '../evaluation/item-dependencies';
import type { DataKind, ItemRef } from '../model/data-kind';
import { changedItems, CollectionBuild, type PendingInit } from './pending-init';
import { isVersioned, liveEntry, type StoreEntry, tombstone } from './store-entry';
import { StoreSnapshot } from './store-snapshot';
import type { StoreView } from './store-view';

/** How the store turns decoded items into what the evaluator uses. */
export interface FlagStoreOptions<PF, PS> {
  /** Called once per flag version on arrival (never per lookup); receives the deep-frozen flag. */
  prepareFlag(flag: Flag): PF;
  /** Called once per segment version on arrival (never per lookup); receives the deep-frozen segment. */
  prepareSegment(segment: Segment): PS;
}

/**
 * The SDK's in-memory, versioned store of flags and segments, with a dependency graph that turns
 * every change into the set of flag keys whose result may have changed (docs/evaluation.md, "Change propagation").
 *
 * - `init` replaces everything and reports what differs from before; `upsert` and `delete` apply
 *   only when strictly newer than the version held, and a delete leaves a versioned tombstone so
 *   that a late, older patch cannot resurrect the item.
 * - Items are deep-frozen and prepared once on arrival; `getFlag`/`getSegment` are a single Map
 *   lookup. An item is stored under its own `key`, whatever map key it arrived under.
 * - A patch costs O(the item + its dependents), never O(all items).
 * - If a prepare function throws, the error propagates and the store is left unchanged.
 *
 * ## Example
 * ```ts
 * const store = new FlagStore({ prepareFlag: (f) => f, prepareSegment: (s) => s });
 * store.init({ flags: { a: { key: 'a', version: 1, prerequisites: [{ key: 'b', variation: 0 }] },
 *                       b: { key: 'b', version: 1 } }, segments: {} }); // Set { 'a', 'b' }
 * store.upsert('flags', { key: 'b', version: 2 });  // Set { 'b', 'a' }
 * store.upsert('flags', { key: 'b', version: 2 });  // Set {} (not newer)
 * store.delete('flags', 'b', 3);                    // Set { 'b', 'a' }
 * store.upsert('flags', { key: 'b', version: 2 });  // Set {} (older than the tombstone)
 * ```
 */
export class FlagStore<PF, PS> implements StoreView<PF, PS> {
  private flags = new Map<string, StoreEntry<Flag, PF>>();
  private segments = new Map<string, StoreEntry<Segment, PS>>();
  private graph = new DependencyGraph();
  private cachedSnapshot: StoreSnapshot<PF, PS> | undefined;
  private isInitialized = false;

  constructor(private readonly options: FlagStoreOptions<PF, PS>) {}

  /** False until the first `init`, then true for good. */
  get initialized(): boolean {
    return this.isInitialized;
  }

  /**
   * Replaces every flag and segment (tombstones included) with `data`.
   *
   * An item counts as changed if it is live in only one of the old and new data, if its version
   * differs (in either direction: `init` is authoritative, so a lower version replaces a higher
   * one), or if its version is the same but its content differs (the LaunchDarkly server never
   * does that, but flag files and hand-written data keep `version: 1` while their content
   * changes). Unchanged items keep their prepared form: nothing is prepared twice.
   *
   * Items with `deleted: true` become tombstones. If two entries carry the same `key`, the higher
   * version wins (the later one on a tie). Items without a string key or a numeric version are
   * skipped.
   *
   * @returns every flag key whose result may have changed, transitively through prerequisites
   * and segments
   */
  init(data: FullFlagData): ReadonlySet<string> {
    const pending = this.beginInit(data);
    pending.step(Infinity);
    return pending.commit();
  }

  /**
   * {@link init} in steps, for data sets too large to prepare in one piece: `step(n)` does the
   * work of up to `n` more items (filing, deep-freezing, preparing, dependencies) without changing
   * what readers see; `commit()` then replaces everything at once and returns what `init` returns.
   * A step that throws (a prepare function failing) leaves the store unchanged. Changes applied
   * to the store between `beginInit` and `commit` are replaced by the data set, as with `init`.
   *
   * @param data the full data set
   */
  beginInit(data: FullFlagData): PendingInit {
    const graph = new DependencyGraph();
    const flags = new CollectionBuild<Flag, PF>('flags', data.flags, () => this.flags, this.options.prepareFlag, graph);
    const segments = new CollectionBuild<Segment, PS>('segments', data.segments, () => this.segments, this.options.prepareSegment, graph);
    const step = (items: number): boolean => segments.step(flags.step(items)) >= 0 && flags.done && segments.done;
    return {
      size: flags.size + segments.size,
      step,
      commit: () => {
        while (!step(Number.MAX_SAFE_INTEGER));
        // Everything is prepared: nothing below can throw, so the store changes all at once or not at all.
        const changed = [...changedItems('flags', this.flags, flags.entries), ...changedItems('segments', this.segments, segments.entries)];
        this.flags = flags.entries;
        this.segments = segments.entries;
        this.graph = graph;
        this.isInitialized = true;
        this.cachedSnapshot = undefined;
        return this.graph.affectedFlags(changed);
      },
    };
  }

  /**
   * Adds or replaces one item if its version is strictly newer than the version held (live or
   * tombstone). An item with `deleted: true` is a delete at its version.
   *
   * @returns the flag keys whose result may have changed (the item itself if a flag, and every
   * flag depending on it, transitively); empty if the item was not newer
   */
  upsert(kind: DataKind, item: Flag | Segment): ReadonlySet<string> {
    if (!isVersioned(item)) return new Set();
    if (item.deleted === true) return this.delete(kind, item.key, item.version);
    if (kind === 'flags') return this.put('flags', this.flags, item as Flag, this.options.prepareFlag);
    if (kind === 'segments') return this.put('segments', this.segments, item as Segment, this.options.prepareSegment);
    return new Set();
  }

  /**
   * Deletes one item by storing a tombstone at `version`, if `version` is strictly newer than the
   * version held. Deleting an unknown key stores a tombstone too, so that an older patch arriving
   * later is ignored.
   *
   * @returns the flag keys whose result may have changed; empty if the delete was not newer or
   * the item was not live anyway (unknown or already deleted)
   */
  delete(kind: DataKind, key: string, version: number): ReadonlySet<string> {
    if (typeof key !== 'string' || typeof version !== 'number' || Number.isNaN(version)) return new Set();
    if (kind === 'flags') return this.bury('flags', this.flags, key, version);
    if (kind === 'segments') return this.bury('segments', this.segments, key, version);
    return new Set();
  }

  getFlag(key: string): PF | undefined {
    return this.flags.get(key)?.prepared;
  }

  getSegment(key: string): PS | undefined {
    return this.segments.get(key)?.prepared;
  }

  getFlagModel(key: string): Flag | undefined {
    return this.flags.get(key)?.item;
  }

  getSegmentModel(key: string): Segment | undefined {
    return this.segments.get(key)?.item;
  }

  flagVersion(key: string): number | undefined {
    return this.flags.get(key)?.version;
  }

  segmentVersion(key: string): number | undefined {
    return this.segments.get(key)?.version;
  }

  /** Every live flag, from the current snapshot (cached until the next change). */
  allFlags(): readonly Flag[] {
    return this.snapshot().allFlags();
  }

  /** Every live segment, from the current snapshot (cached until the next change). */
  allSegments(): readonly Segment[] {
    return this.snapshot().allSegments();
  }

  /** What directly depends on one item (flags using a prerequisite, flags/segments using a segment). */
  dependentsOf(kind: DataKind, key: string): ItemRef[] {
    return this.graph.dependentsOf(kind, key);
  }

  /** The flag keys whose result may change if this item changes (itself if a flag, plus all dependents, transitively). */
  affectedFlags(kind: DataKind, key: string): ReadonlySet<string> {
    return this.graph.affectedFlagsOf(kind, key);
  }

  /**
   * An immutable view of the current data. Built on first call after a change (O(items)), then
   * the same object is returned until the next change.
   */
  snapshot(): StoreSnapshot<PF, PS> {
    if (this.cachedSnapshot === undefined) {
      this.cachedSnapshot = new StoreSnapshot(this.flags, this.segments, this.isInitialized);
    }
    return this.cachedSnapshot;
  }

  private put<T extends Flag | Segment, P>(
    kind: DataKind,
    entries: Map<string, StoreEntry<T, P>>,
    item: T,
    prepare: (item: T) => P,
  ): ReadonlySet<string> {
    const previous = entries.get(item.key);
    if (previous !== undefined && !(item.version > previous.version)) return new Set();
    const entry = liveEntry(item, prepare);
    entries.set(item.key, entry);
    this.graph.setDependencies(kind, item.key, itemDependencies(kind, item));
    this.cachedSnapshot = undefined;
    return this.graph.affectedFlagsOf(kind, item.key);
  }

  private bury<T, P>(kind: DataKind, entries: Map<string, StoreEntry<T, P>>, key: string, version: number): ReadonlySet<string> {
    const previous = entries.get(key);
    if (previous !== undefined && !(version > previous.version)) return new Set();
    entries.set(key, tombstone(version));
    this.graph.removeItem(kind, key);
    this.cachedSnapshot = undefined;
    if (previous === undefined || previous.item === undefined) return new Set();
    return this.graph.affectedFlagsOf(kind, key);
  }
}
