import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';
import type { StoreEntry } from './store-entry';
import type { StoreView } from './store-view';

/**
 * An immutable view of the store at one moment: later `init`/`upsert`/`delete` calls on the
 * store do not affect it. The object is frozen, its maps are private copies and every item in it
 * is deep-frozen, so it can be handed to any code (allFlagsState, events, a daemon-mode exporter).
 *
 * Obtain one with {@link FlagStore.snapshot}; the store builds it lazily and reuses it until the
 * next change, so snapshots cost nothing when nobody asks for one.
 */
export class StoreSnapshot<PF = unknown, PS = unknown> implements StoreView<PF, PS> {
  /** True if the store had received a full data set when the snapshot was taken. */
  readonly initialized: boolean;
  readonly #flags: ReadonlyMap<string, StoreEntry<Flag, PF>>;
  readonly #segments: ReadonlyMap<string, StoreEntry<Segment, PS>>;
  #allFlags: readonly Flag[] | undefined;
  #allSegments: readonly Segment[] | undefined;

  /**
   * Copies the entry maps (entries themselves are immutable and shared). Meant to be called by
   * {@link FlagStore.snapshot}, not by applications.
   */
  constructor(
    flags: ReadonlyMap<string, StoreEntry<Flag, PF>>,
    segments: ReadonlyMap<string, StoreEntry<Segment, PS>>,
    initialized: boolean,
  ) {
    this.#flags = new Map(flags);
    this.#segments = new Map(segments);
    this.initialized = initialized;
    Object.freeze(this);
  }

  getFlag(key: string): PF | undefined {
    return this.#flags.get(key)?.prepared;
  }

  getSegment(key: string): PS | undefined {
    return this.#segments.get(key)?.prepared;
  }

  getFlagModel(key: string): Flag | undefined {
    return this.#flags.get(key)?.item;
  }

  getSegmentModel(key: string): Segment | undefined {
    return this.#segments.get(key)?.item;
  }

  flagVersion(key: string): number | undefined {
    return this.#flags.get(key)?.version;
  }

  segmentVersion(key: string): number | undefined {
    return this.#segments.get(key)?.version;
  }

  allFlags(): readonly Flag[] {
    // Private fields are not properties, so this cache still works on the frozen object.
    if (this.#allFlags === undefined) this.#allFlags = liveItems(this.#flags);
    return this.#allFlags;
  }

  allSegments(): readonly Segment[] {
    if (this.#allSegments === undefined) this.#allSegments = liveItems(this.#segments);
    return this.#allSegments;
  }
}

function liveItems<T>(entries: ReadonlyMap<string, StoreEntry<T, unknown>>): readonly T[] {
  const items: T[] = [];
  for (const entry of entries.values()) {
    if (entry.item !== undefined) items.push(entry.item);
  }
  return Object.freeze(items);
}
