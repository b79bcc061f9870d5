import { DistinctCounter, hashKey } from './distinct-counter';
import type { SeenContext } from './event-context-codec';
import type { InsightsLimits } from './insights-options';

/** Variation values are kept when their JSON has at most this many characters. */
export const MAX_KEPT_VALUE_CHARS = 1024;
/** The variation slot of evaluations that served no variation (the application's default). */
export const NO_VARIATION = -1;

/** Evaluations of one variation (or of {@link NO_VARIATION}). */
export interface VariationCount {
  count: number;
  /** The value served, when known and small (see {@link MAX_KEPT_VALUE_CHARS}). */
  value: unknown;
  hasValue: boolean;
}

/** Evaluations of one flag key. */
export interface FlagCounts {
  /** Evaluations of the flag while the SDK had it, by variation index ({@link NO_VARIATION} for none). */
  readonly variations: Map<number, VariationCount>;
  /** Evaluations of the key while the SDK did not have the flag (`unknown: true` counters). */
  unknown: number;
}

/** Custom events of one key. */
export interface CustomCounts {
  count: number;
  /** Events that carried a `metricValue`, and the sum of those values. */
  metricCount: number;
  metricSum: number;
}

/** What a bucket could not keep because a cap of {@link InsightsLimits} was reached. */
export interface DroppedCounts {
  evaluations: number;
  customEvents: number;
  contexts: number;
}

/**
 * What the insights hold for one environment and one time span `[start, end)`: evaluation counts
 * per flag and variation (from summary events), custom event counts and metric sums per event
 * key, and the distinct contexts seen, in total (canonical keys) and per kind. Every map is
 * capped by {@link InsightsLimits}; what does not fit is counted in {@link dropped}.
 */
export class InsightsBucket {
  readonly flags = new Map<string, FlagCounts>();
  readonly customEvents = new Map<string, CustomCounts>();
  /** Distinct canonical context keys. */
  readonly contexts: DistinctCounter;
  /** Distinct keys per context kind. */
  readonly contextKinds = new Map<string, DistinctCounter>();
  readonly dropped: DroppedCounts = { evaluations: 0, customEvents: 0, contexts: 0 };
  /** Counters in use: flags plus flag variations (capped by `maxCounters`). */
  private counters = 0;

  constructor(
    /** Start of the span, ms since epoch (inclusive). */
    readonly start: number,
    /** End of the span, ms since epoch (exclusive). */
    readonly end: number,
    private readonly limits: Required<InsightsLimits>,
  ) {
    this.contexts = new DistinctCounter(limits.exactContexts);
  }

  /**
   * Counts `count` evaluations of a flag key.
   *
   * @param variation the variation index served, or {@link NO_VARIATION}
   * @param unknown true when the SDK did not have the flag (the variation is then ignored)
   * @param value the value served (`hasValue` false when the counter had none)
   */
  countEvaluations(flagKey: string, variation: number, unknown: boolean, count: number, value: unknown, hasValue: boolean): void {
    let flag = this.flags.get(flagKey);
    if (flag === undefined) {
      if (this.counters >= this.limits.maxCounters) {
        this.dropped.evaluations += count;
        return;
      }
      flag = { variations: new Map(), unknown: 0 };
      this.flags.set(flagKey, flag);
      this.counters++;
    }
    if (unknown) {
      flag.unknown += count;
      return;
    }
    let slot = flag.variations.get(variation);
    if (slot === undefined) {
      if (this.counters >= this.limits.maxCounters) {
        this.dropped.evaluations += count;
        return;
      }
      slot = { count: 0, value: undefined, hasValue: false };
      flag.variations.set(variation, slot);
      this.counters++;
    }
    slot.count += count;
    if (hasValue && (!slot.hasValue || slot.value !== value)) keepValue(slot, value);
  }

  /** Counts custom events of a key, `metricSum` and `metricCount` from those with a `metricValue`. */
  countCustom(key: string, count: number, metricCount: number, metricSum: number): void {
    let counts = this.customEvents.get(key);
    if (counts === undefined) {
      if (this.customEvents.size >= this.limits.maxEventKeys) {
        this.dropped.customEvents += count;
        return;
      }
      counts = { count: 0, metricCount: 0, metricSum: 0 };
      this.customEvents.set(key, counts);
    }
    counts.count += count;
    counts.metricCount += metricCount;
    counts.metricSum += metricSum;
  }

  /** Records a context as seen. */
  seeContext(context: SeenContext): void {
    this.contexts.add(hashKey(context.canonicalKey));
    for (const part of context.parts) {
      const kind = this.kindCounter(part.kind);
      if (kind === undefined) this.dropped.contexts++;
      else kind.add(hashKey(part.key));
    }
  }

  /** Adds everything `other` counted (its values win: merge older buckets first). */
  addAll(other: InsightsBucket): void {
    for (const [key, flag] of other.flags) {
      if (flag.unknown > 0) this.countEvaluations(key, NO_VARIATION, true, flag.unknown, undefined, false);
      for (const [variation, slot] of flag.variations) this.countEvaluations(key, variation, false, slot.count, slot.value, slot.hasValue);
    }
    for (const [key, counts] of other.customEvents) this.countCustom(key, counts.count, counts.metricCount, counts.metricSum);
    this.contexts.addAll(other.contexts);
    for (const [name, counter] of other.contextKinds) {
      const kind = this.kindCounter(name);
      if (kind === undefined) this.dropped.contexts += counter.count();
      else kind.addAll(counter);
    }
    this.dropped.evaluations += other.dropped.evaluations;
    this.dropped.customEvents += other.dropped.customEvents;
    this.dropped.contexts += other.dropped.contexts;
  }

  private kindCounter(kind: string): DistinctCounter | undefined {
    let counter = this.contextKinds.get(kind);
    if (counter === undefined && this.contextKinds.size < this.limits.maxContextKinds) {
      counter = new DistinctCounter(this.limits.exactContexts);
      this.contextKinds.set(kind, counter);
    }
    return counter;
  }
}

function keepValue(slot: VariationCount, value: unknown): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  const small = json !== undefined && json.length <= MAX_KEPT_VALUE_CHARS;
  slot.value = small ? value : undefined;
  slot.hasValue = small;
}
