import { createHash } from 'node:crypto';
import type { DataKind } from '../model/data-kind';
import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';
import type { EnvironmentDocument } from './data-file-schema';
import type { ItemLookup } from './validation/item-lookup';

/** A flag or a segment (both have `key`, `version` and optional `deleted`). */
export type Item = Flag | Segment;

/** The whole live data set of an environment, serialised once per change. */
export interface EnvironmentSnapshot {
  /** `{"flags":{…},"segments":{…}}`: the polling body (live items only, no tombstones). */
  readonly json: string;
  /** Strong ETag of `json` (quoted). */
  readonly etag: string;
  /** The stream `put` frame carrying `json`, as the bytes sent to every new connection. */
  readonly putFrame: Buffer;
}

/**
 * One environment held by the flag server: its SDK keys and its flags and segments, including
 * tombstones of deleted items (so versions only grow). Changed only by the server's data store,
 * after the change was validated and persisted.
 */
export class Environment implements ItemLookup {
  private readonly items: Record<DataKind, Map<string, Item>> = { flags: new Map(), segments: new Map() };
  private cached: EnvironmentSnapshot | undefined;

  private currentName: string;
  private activeKeys: readonly string[];
  private disabledKeys: readonly string[];

  constructor(
    /** The environment key (URL segment in the admin API). */
    readonly key: string,
    name: string,
    sdkKeys: readonly string[],
    disabledSdkKeys: readonly string[],
    flags: Iterable<Flag>,
    segments: Iterable<Segment>,
  ) {
    this.currentName = name;
    this.activeKeys = sdkKeys;
    this.disabledKeys = disabledSdkKeys;
    for (const flag of flags) this.items.flags.set(flag.key, flag);
    for (const segment of segments) this.items.segments.set(segment.key, segment);
  }

  /** Display name; default the key. */
  get name(): string {
    return this.currentName;
  }

  /** Raw SDK keys selecting this environment (never logged, never served). */
  get sdkKeys(): readonly string[] {
    return this.activeKeys;
  }

  /** Raw SDK keys refused with 403. */
  get disabledSdkKeys(): readonly string[] {
    return this.disabledKeys;
  }

  /** Replaces the name and SDK keys (the repository calls this after the store changed them). */
  setIdentity(name: string, sdkKeys: readonly string[], disabledSdkKeys: readonly string[]): void {
    this.currentName = name;
    this.activeKeys = sdkKeys;
    this.disabledKeys = disabledSdkKeys;
  }

  /** The stored item or tombstone (for version checks). */
  stored(kind: DataKind, key: string): Item | undefined {
    return this.items[kind].get(key);
  }

  /** Every stored item and tombstone of a kind. */
  allStored(kind: DataKind): Iterable<Item> {
    return this.items[kind].values();
  }

  /** The live item, or `undefined` when absent or deleted. */
  get(kind: DataKind, key: string): Item | undefined {
    const item = this.items[kind].get(key);
    return item && !item.deleted ? item : undefined;
  }

  /** The version the next change of `key` gets: one more than the item's or tombstone's version. */
  nextVersion(kind: DataKind, key: string): number {
    return (this.items[kind].get(key)?.version ?? 0) + 1;
  }

  /** Live items of a kind, sorted by key. */
  list(kind: DataKind): Item[] {
    return [...this.items[kind].values()].filter((item) => !item.deleted).sort((a, b) => compare(a.key, b.key));
  }

  /** Number of live items of a kind. */
  count(kind: DataKind): number {
    let n = 0;
    for (const item of this.items[kind].values()) if (!item.deleted) n++;
    return n;
  }

  flag(key: string): Flag | undefined {
    return this.get('flags', key) as Flag | undefined;
  }

  segment(key: string): Segment | undefined {
    return this.get('segments', key) as Segment | undefined;
  }

  flags(): Iterable<Flag> {
    return this.list('flags') as Flag[];
  }

  segments(): Iterable<Segment> {
    return this.list('segments') as Segment[];
  }

  /** This environment as it would be with `item` stored (a tombstone hides the item). */
  withItem(kind: DataKind, item: Item): ItemLookup {
    const live = (k: DataKind, key: string): Item | undefined =>
      k === kind && key === item.key ? (item.deleted ? undefined : item) : this.get(k, key);
    const all = (k: DataKind): Item[] =>
      k === kind ? [...this.list(k).filter((other) => other.key !== item.key), ...(item.deleted ? [] : [item])] : this.list(k);
    return {
      flag: (key) => live('flags', key) as Flag | undefined,
      segment: (key) => live('segments', key) as Segment | undefined,
      flags: () => all('flags') as Flag[],
      segments: () => all('segments') as Segment[],
    };
  }

  /** Stores an item (or tombstone). Only the data store calls this, after persisting. */
  commit(kind: DataKind, item: Item): void {
    this.items[kind].set(item.key, item);
    this.cached = undefined;
  }

  /** The serialised live data set; computed once per change. */
  snapshot(): EnvironmentSnapshot {
    if (!this.cached) {
      const json = `{"flags":${JSON.stringify(this.liveRecord('flags'))},"segments":${JSON.stringify(this.liveRecord('segments'))}}`;
      const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
      this.cached = { json, etag, putFrame: Buffer.from(`{"type":"put","data":${json}}`) };
    }
    return this.cached;
  }

  /**
   * This environment as stored in the data file (tombstones included), optionally with one item
   * replaced by a change that is not committed yet.
   */
  toDocument(pending?: { kind: DataKind; item: Item }): EnvironmentDocument {
    const record = (kind: DataKind): Record<string, Item> => {
      const entries = new Map(this.items[kind]);
      if (pending?.kind === kind) entries.set(pending.item.key, pending.item);
      return Object.fromEntries([...entries].sort(([a], [b]) => compare(a, b)));
    };
    const document: EnvironmentDocument = {
      name: this.name,
      sdkKeys: [...this.sdkKeys],
      flags: record('flags'),
      segments: record('segments'),
    };
    if (this.disabledSdkKeys.length > 0) document.disabledSdkKeys = [...this.disabledSdkKeys];
    return document;
  }

  private liveRecord(kind: DataKind): Record<string, Item> {
    return Object.fromEntries(this.list(kind).map((item) => [item.key, item]));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
