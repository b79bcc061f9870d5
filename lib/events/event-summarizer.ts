import type { EvaluationContext } from '../context/evaluation-context';
import type { Flag } from '../model/flag';
import { flagMayTrack } from './flag-tracking';

/** Everything counted for one flag key in the current window. */
interface FlagEntry {
  /** The default value of the first evaluation counted. */
  readonly defaultValue: unknown;
  /** The context kinds that evaluated it, in order of first appearance. */
  readonly kinds: string[];
  /** Counters per version; usually one. */
  readonly versions: FlagSlot[];
}

/**
 * The counters of one flag version in the window (or of an unknown flag: `version` undefined),
 * with what the hot path needs, so that counting an evaluation touches this object and its counts
 * array only.
 */
export interface FlagSlot {
  readonly key: string;
  readonly version: number | undefined;
  /**
   * False when no flag object counted here has `flagMayTrack` (always false for an unknown flag):
   * its evaluations produce full events only for an `inExperiment` reason. True means "check".
   */
  mayTrack: boolean;
  /** The flag key's entry; undefined for a flag with `excludeFromSummaries` (nothing is counted). */
  readonly entry: FlagEntry | undefined;
  /** A copy of `entry.kinds[0]`, or `''` (checked first, without touching the entry). */
  firstKind: string;
  /** Evaluation count per variation index (0 = not seen yet); `variations.length` slots to start with. */
  readonly counts: number[];
  /** The value first served for each variation index. */
  readonly values: unknown[];
  /** Evaluations that served no variation (the default), and the first value served so. */
  noVariationCount: number;
  noVariationValue: unknown;
  /** Variation indexes that are not small whole numbers (never in practice), by index. */
  odd: Map<number, { count: number; value: unknown }> | undefined;
}

/** Variation indexes beyond this go to the (slower) `odd` map instead of an array slot. */
const MAX_ARRAY_INDEX = 1024;
/** How many flag objects the identity cache remembers (a request evaluates a handful of flags). */
const RECENT = 8;

/**
 * Counts evaluations per flag, version and variation for the `summary` event (reference §3.1):
 * `{ kind: 'summary', startDate, endDate, features: { <flagKey>: { default, contextKinds,
 * counters: [{ variation?, version? | unknown: true, value, count }] } } }`.
 *
 * Built for the `variation()` hot path, where the evaluation just run has usually pushed the
 * summarizer's data out of the nearest caches: counting allocates nothing once the flag, version
 * and variation have been seen in the window, does not read the flag object, and touches few
 * objects. A frozen flag object (the store deep-freezes its flags) is identified by reference:
 * the slots of the last {@link RECENT} (8) flag objects counted are found by comparing references
 * and keys (the last one first), so a request that evaluates several flags in a row does no Map
 * lookup. A flag object that is not frozen is looked up by key and version on every call (it might
 * change). Then one array slot per variation, and a context-kind check that asks the context
 * whether it has the kind recorded first. Memory is bounded by flags × versions × variations seen
 * in the window, never by the number of evaluations; {@link take} empties it.
 *
 * Window dates: `startDate` is the time of the first evaluation counted; `endDate` is the time
 * the summary is taken (the flush), so no clock is read per evaluation.
 */
export class EventSummarizer {
  private flags = new Map<string, FlagEntry>();
  private startDate = 0;
  /** The slot used last and its flag object (the same flag is often counted several times in a row). */
  private lastFlag: Flag | undefined | null = null;
  private lastSlot: FlagSlot | undefined = undefined;
  /** The identity cache: `[flag object (undefined: unknown flag; null: free), slot, …]`, {@link RECENT} pairs. */
  private readonly recent: Array<Flag | FlagSlot | undefined | null> = new Array<null>(2 * RECENT).fill(null);
  /** The pair the next cache miss overwrites (round robin), as an index into {@link recent}. */
  private nextRecent = 0;

  constructor(
    /** The clock (ms since epoch). */
    private readonly now: () => number,
  ) {}

  /** True when nothing has been counted since the last {@link take}. */
  get empty(): boolean {
    return this.flags.size === 0;
  }

  /**
   * Counts one evaluation (unless the flag has `excludeFromSummaries`).
   *
   * @param flagKey the flag key
   * @param flag the flag's model (undefined: unknown flag, counted with `unknown: true`)
   * @param context the context evaluated
   * @param variation the variation index served, or null
   * @param value the value the application got
   * @param defaultValue the application's default
   * @returns the flag's slot (its `mayTrack` tells the processor whether full events are possible)
   */
  count(flagKey: string, flag: Flag | undefined, context: EvaluationContext, variation: number | null, value: unknown, defaultValue: unknown): FlagSlot {
    let slot = this.lastSlot;
    if (this.lastFlag !== flag || slot === undefined || slot.key !== flagKey) slot = this.find(flagKey, flag, defaultValue);
    if (slot.entry === undefined) return slot; // excludeFromSummaries
    if (context.isMulti || context.individual(slot.firstKind) === undefined) noteKinds(slot.entry, context);
    if (variation === null || variation === undefined) {
      if (slot.noVariationCount++ === 0) slot.noVariationValue = value;
      return slot;
    }
    const counts = slot.counts;
    if (variation < counts.length && counts[variation] > 0) counts[variation]++;
    else countNew(slot, variation, value);
    return slot;
  }

  /**
   * The summary event of the window, or `undefined` when nothing was counted; empties the
   * summarizer and starts a new window.
   */
  take(): Record<string, unknown> | undefined {
    if (this.flags.size === 0) return undefined;
    const features: Record<string, unknown> = {};
    for (const [key, entry] of this.flags) {
      const counters: Record<string, unknown>[] = [];
      for (const v of entry.versions) {
        const tail = v.version === undefined ? { unknown: true } : { version: v.version };
        v.counts.forEach((count, variation) => {
          if (count > 0) counters.push({ variation, ...tail, value: v.values[variation], count });
        });
        v.odd?.forEach(({ count, value }, variation) => counters.push({ variation, ...tail, value, count }));
        if (v.noVariationCount > 0) counters.push({ ...tail, value: v.noVariationValue, count: v.noVariationCount });
      }
      features[key] = { default: entry.defaultValue, contextKinds: [...entry.kinds], counters };
    }
    const endDate = Math.max(this.now(), this.startDate);
    const summary = { kind: 'summary', startDate: this.startDate, endDate, features };
    this.flags = new Map();
    this.startDate = 0;
    this.recent.fill(null);
    this.lastFlag = null;
    this.lastSlot = undefined;
    return summary;
  }

  /** The slot of a flag object other than the last one: from the identity cache, or found/made. */
  private find(flagKey: string, flag: Flag | undefined, defaultValue: unknown): FlagSlot {
    const recent = this.recent;
    for (let i = 0; i < 2 * RECENT; i += 2) {
      if (recent[i] !== flag) continue;
      const slot = recent[i + 1] as FlagSlot;
      if (slot.key !== flagKey) continue;
      this.lastFlag = flag;
      this.lastSlot = slot;
      return slot;
    }
    const slot = this.slot(flagKey, flag, defaultValue);
    if (flag === undefined || Object.isFrozen(flag)) {
      const at = this.nextRecent;
      recent[at] = flag;
      recent[at + 1] = slot;
      this.nextRecent = (at + 2) % (2 * RECENT);
      this.lastFlag = flag;
      this.lastSlot = slot;
    }
    return slot;
  }

  /** The slot of the flag object as it is now: found by key and version, or created. */
  private slot(flagKey: string, flag: Flag | undefined, defaultValue: unknown): FlagSlot {
    const version = flag === undefined ? undefined : flag.version;
    const mayTrack = flag !== undefined && flagMayTrack(flag);
    if (flag !== undefined && flag.excludeFromSummaries === true) return newSlot(flagKey, version, mayTrack, undefined, 0);
    let entry = this.flags.get(flagKey);
    if (entry === undefined) {
      if (this.flags.size === 0) this.startDate = this.now();
      entry = { defaultValue, kinds: [], versions: [] };
      this.flags.set(flagKey, entry);
    }
    let slot = entry.versions.find((v) => v.version === version);
    if (slot === undefined) {
      const variations = flag?.variations;
      const size = Array.isArray(variations) ? Math.min(variations.length, MAX_ARRAY_INDEX) : 0;
      slot = newSlot(flagKey, version, mayTrack, entry, size);
      entry.versions.push(slot);
    } else if (mayTrack) {
      // Another object of the same key and version (or a changed unfrozen one): `mayTrack` only
      // ever turns true, so that no object's full events are skipped (true costs an exact check).
      slot.mayTrack = true;
    }
    return slot;
  }
}

function newSlot(key: string, version: number | undefined, mayTrack: boolean, entry: FlagEntry | undefined, size: number): FlagSlot {
  const firstKind = entry?.kinds[0] ?? '';
  const counts = new Array<number>(size).fill(0);
  const values = new Array<unknown>(size).fill(undefined);
  return { key, version, mayTrack, entry, firstKind, counts, values, noVariationCount: 0, noVariationValue: undefined, odd: undefined };
}

/** Records the context's kinds (the slow path: a multi-kind context, or a kind other than the first). */
function noteKinds(entry: FlagEntry, context: EvaluationContext): void {
  const kinds = entry.kinds;
  for (let i = 0; i < kinds.length; i++) {
    if (!context.isMulti && context.individual(kinds[i]) !== undefined) return; // known, asked without allocating
  }
  for (const kind of context.kinds) if (!kinds.includes(kind)) kinds.push(kind);
  const first = kinds[0] ?? '';
  for (const slot of entry.versions) slot.firstKind = first;
}

/** First evaluation of a variation in this version (or an index that needs the slow path). */
function countNew(slot: FlagSlot, variation: number, value: unknown): void {
  if (Number.isInteger(variation) && variation >= 0 && variation < MAX_ARRAY_INDEX) {
    const counts = slot.counts;
    while (counts.length <= variation) {
      counts.push(0);
      slot.values.push(undefined);
    }
    counts[variation] = 1;
    slot.values[variation] = value;
    return;
  }
  const odd = (slot.odd ??= new Map());
  const seen = odd.get(variation);
  if (seen === undefined) odd.set(variation, { count: 1, value });
  else seen.count++;
}
