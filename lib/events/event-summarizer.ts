import type { EvaluationContext } from '../context/evaluation-context';
import type { Flag } from '../model/flag';

/** Counters of one flag version (or of an unknown flag: `version` undefined). */
interface VersionCounters {
  readonly version: number | undefined;
  /** Evaluation count per variation index (0 = not seen). */
  counts: number[];
  /** The value first served for each variation index. */
  readonly values: unknown[];
  /** Evaluations that served no variation (the default), and the first value served so. */
  noVariationCount: number;
  noVariationValue: unknown;
  /** Variation indexes that are not small whole numbers (never in practice), by index. */
  odd: Map<number, { count: number; value: unknown }> | undefined;
}

/** Everything counted for one flag key in the current window. */
interface FlagEntry {
  /** The default value of the first evaluation counted. */
  readonly defaultValue: unknown;
  /** The context kinds that evaluated it, in order of first appearance. */
  readonly kinds: string[];
  /** `kinds[0]`, or `''` (checked first, without touching the array). */
  firstKind: string;
  /** Counters per version; usually one. */
  readonly versions: VersionCounters[];
  /** The counters used last (the common case is the same version again)… */
  last: VersionCounters;
  /** …and copies of their version and counts, so that a repeat touches only this object and the counts. */
  lastVersion: number | undefined;
  lastCounts: number[];
}

/** Variation indexes beyond this go to the (slower) `odd` map instead of an array slot. */
const MAX_ARRAY_INDEX = 1024;

/**
 * Counts evaluations per flag, version and variation for the `summary` event (docs/evaluation.md, "Event output"):
 * `{ kind: 'summary', startDate, endDate, features: { <flagKey>: { default, contextKinds,
 * counters: [{ variation?, version? | unknown: true, value, count }] } } }`.
 *
 * Built for the `variation()` hot path: counting an evaluation allocates nothing once its flag,
 * version and variation have been seen in the window (one Map lookup by flag key, an array slot
 * per variation, a version check, and a context-kind check that asks the context whether it has
 * a kind already recorded). Memory is bounded by flags × versions × variations seen in the
 * window, never by the number of evaluations; {@link take} empties it.
 *
 * Window dates: `startDate` is the time of the first evaluation counted; `endDate` is the time
 * the summary is taken (the flush), so no clock is read per evaluation.
 */
export class EventSummarizer {
  private flags = new Map<string, FlagEntry>();
  private startDate = 0;
  /** The entry used last, and its key (the same flag is often evaluated several times in a row). */
  private lastKey = '';
  private lastEntry: FlagEntry | undefined = undefined;

  constructor(
    /** The clock (ms since epoch). */
    private readonly now: () => number,
  ) {}

  /** True when nothing has been counted since the last {@link take}. */
  get empty(): boolean {
    return this.flags.size === 0;
  }

  /**
   * Counts one evaluation.
   *
   * @param flagKey the flag key
   * @param flag the flag's model (undefined: unknown flag, counted with `unknown: true`)
   * @param context the context evaluated
   * @param variation the variation index served, or null
   * @param value the value the application got
   * @param defaultValue the application's default
   */
  count(flagKey: string, flag: Flag | undefined, context: EvaluationContext, variation: number | null, value: unknown, defaultValue: unknown): void {
    const version = flag === undefined ? undefined : flag.version;
    let entry = this.lastEntry;
    if (flagKey !== this.lastKey || entry === undefined) {
      entry = this.flags.get(flagKey) ?? this.addFlag(flagKey, defaultValue, version);
      this.lastKey = flagKey;
      this.lastEntry = entry;
    }
    if (context.isMulti || context.individual(entry.firstKind) === undefined) noteKinds(entry, context);
    if (entry.lastVersion !== version) useVersion(entry, version);
    if (variation === null || variation === undefined) {
      const counters = entry.last;
      if (counters.noVariationCount++ === 0) counters.noVariationValue = value;
      return;
    }
    const counts = entry.lastCounts;
    if (variation < counts.length && counts[variation] > 0) {
      counts[variation]++;
      return;
    }
    countNew(entry.last, variation, value);
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
    this.lastEntry = undefined;
    return summary;
  }

  /**
   * Adds a summary taken earlier (by {@link take}) back into the current window, e.g. when the
   * payload that carried it could not be delivered: counts add up, context kinds are united, the
   * window starts at the earlier of the two start dates. Nothing is lost or counted twice.
   *
   * @param summary what {@link take} returned
   */
  merge(summary: Record<string, unknown>): void {
    const features = summary.features as Record<string, SummaryFeature> | undefined;
    if (features === null || typeof features !== 'object') return;
    const hadNothing = this.flags.size === 0;
    for (const [key, feature] of Object.entries(features)) {
      const entry = this.flags.get(key) ?? this.addFlag(key, feature.default, undefined);
      for (const kind of feature.contextKinds ?? []) if (!entry.kinds.includes(kind)) entry.kinds.push(kind);
      entry.firstKind = entry.kinds[0] ?? '';
      for (const counter of feature.counters ?? []) {
        const version = counter.unknown === true ? undefined : counter.version;
        let counters = entry.versions.find((v) => v.version === version);
        if (counters === undefined) {
          counters = newCounters(version);
          entry.versions.push(counters);
        }
        addCount(counters, counter.variation, counter.value, counter.count);
      }
    }
    const start = typeof summary.startDate === 'number' ? summary.startDate : this.now();
    this.startDate = hadNothing ? start : Math.min(this.startDate, start);
    this.lastEntry = undefined;
  }

  private addFlag(flagKey: string, defaultValue: unknown, version: number | undefined): FlagEntry {
    if (this.flags.size === 0) this.startDate = this.now();
    const first = newCounters(version);
    const entry: FlagEntry = { defaultValue, kinds: [], firstKind: '', versions: [first], last: first, lastVersion: version, lastCounts: first.counts };
    this.flags.set(flagKey, entry);
    return entry;
  }
}

/** One flag of a summary event, as {@link EventSummarizer.take} builds it. */
interface SummaryFeature {
  readonly default: unknown;
  readonly contextKinds?: readonly string[];
  readonly counters?: ReadonlyArray<{ variation?: number; version?: number; unknown?: boolean; value: unknown; count: number }>;
}

/** Adds `count` evaluations of one variation (or of no variation) to a version's counters. */
function addCount(counters: VersionCounters, variation: number | undefined, value: unknown, count: number): void {
  if (variation === undefined) {
    if (counters.noVariationCount === 0) counters.noVariationValue = value;
    counters.noVariationCount += count;
    return;
  }
  if (Number.isInteger(variation) && variation >= 0 && variation < MAX_ARRAY_INDEX) {
    const counts = counters.counts;
    while (counts.length <= variation) {
      counts.push(0);
      counters.values.push(undefined);
    }
    if (counts[variation] === 0) counters.values[variation] = value;
    counts[variation] += count;
    return;
  }
  const odd = (counters.odd ??= new Map());
  const seen = odd.get(variation);
  if (seen === undefined) odd.set(variation, { count, value });
  else seen.count += count;
}

/** Records the context's kinds (the slow path: a multi-kind context, or a kind other than the first). */
function noteKinds(entry: FlagEntry, context: EvaluationContext): void {
  const kinds = entry.kinds;
  for (let i = 0; i < kinds.length; i++) {
    if (!context.isMulti && context.individual(kinds[i]) !== undefined) return; // known, asked without allocating
  }
  for (const kind of context.kinds) if (!kinds.includes(kind)) kinds.push(kind);
  entry.firstKind = kinds[0] ?? '';
}

/** Switches the entry to the counters of `version` (another version of the flag in this window). */
function useVersion(entry: FlagEntry, version: number | undefined): void {
  let counters = entry.versions.find((v) => v.version === version);
  if (counters === undefined) {
    counters = newCounters(version);
    entry.versions.push(counters);
  }
  entry.last = counters;
  entry.lastVersion = version;
  entry.lastCounts = counters.counts;
}

function newCounters(version: number | undefined): VersionCounters {
  return { version, counts: [], values: [], noVariationCount: 0, noVariationValue: undefined, odd: undefined };
}

/** First evaluation of a variation in this version (or an index that needs the slow path). */
function countNew(counters: VersionCounters, variation: number, value: unknown): void {
  if (Number.isInteger(variation) && variation >= 0 && variation < MAX_ARRAY_INDEX) {
    const counts = counters.counts;
    while (counts.length <= variation) {
      counts.push(0);
      counters.values.push(undefined);
    }
    counts[variation] = 1;
    counters.values[variation] = value;
    return;
  }
  const odd = (counters.odd ??= new Map());
  const seen = odd.get(variation);
  if (seen === undefined) odd.set(variation, { count: 1, value });
  else seen.count++;
}
