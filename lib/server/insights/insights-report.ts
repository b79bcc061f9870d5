import { type DroppedCounts, type FlagCounts, InsightsBucket, NO_VARIATION } from './insights-bucket';
import type { InsightsQuery } from './insights-query';

/** Distinct contexts counted exactly in a report (the union of the buckets) before estimating. */
const REPORT_EXACT_CONTEXTS = 100_000;

/** Evaluations that served one variation. */
export interface VariationReport {
  /** The variation index; `null` for evaluations that served the application's default. */
  readonly variation: number | null;
  /** The value served, when it was reported and is small (JSON of at most 1,024 characters). */
  readonly value?: unknown;
  readonly count: number;
  /** Share of the flag's evaluations, in percent, rounded to 2 decimals. */
  readonly percent: number;
}

/** Evaluations of one flag in the period. */
export interface FlagReport {
  readonly key: string;
  /** Whether the environment has the flag now. */
  readonly defined: boolean;
  /** Evaluations while the SDK had the flag. */
  readonly evaluations: number;
  /** Evaluations while the SDK did not have the flag (it served the default). */
  readonly unknown: number;
  readonly variations: readonly VariationReport[];
}

/** One bucket of a flag's time series (only buckets where it was evaluated are listed). */
export interface FlagSeriesPoint {
  readonly start: number;
  readonly end: number;
  readonly evaluations: number;
  readonly unknown: number;
  readonly variations: readonly { readonly variation: number | null; readonly count: number }[];
}

/** One bucket of the environment's time series (only non-empty buckets are listed). */
export interface SeriesPoint {
  readonly start: number;
  readonly end: number;
  /** Evaluations of all flags (including `unknown` ones). */
  readonly evaluations: number;
  readonly customEvents: number;
}

/** Custom events of one key in the period. */
export interface CustomEventReport {
  readonly key: string;
  readonly count: number;
  /** Events that carried a `metricValue`; their sum and mean (`null` when there were none). */
  readonly metricCount: number;
  readonly sum: number;
  readonly mean: number | null;
}

/** Distinct contexts seen in the period. */
export interface ContextsReport {
  /** Distinct canonical keys (a multi-kind context counts once). */
  readonly distinct: number;
  /** True when a count is a HyperLogLog estimate (about 2.3 % standard error) rather than exact. */
  readonly estimated: boolean;
  /** Distinct keys per context kind. */
  readonly byKind: readonly { readonly kind: string; readonly distinct: number }[];
}

/** The body of `GET /api/environments/:env/insights`. */
export interface InsightsReport {
  readonly environment: string;
  /** The period asked for, ms since epoch; buckets overlapping it are counted whole. */
  readonly from: number;
  readonly to: number;
  /** With `?flag=`: that flag, with its time series. */
  readonly flag?: FlagReport & { readonly series: readonly FlagSeriesPoint[] };
  /** Without `?flag=`: every flag evaluated in the period or defined now, by key. */
  readonly flags?: readonly FlagReport[];
  /** Without `?flag=`: totals per bucket. */
  readonly series?: readonly SeriesPoint[];
  readonly customEvents: readonly CustomEventReport[];
  readonly contexts: ContextsReport;
  /** What was not counted because a per-bucket cap was reached. */
  readonly dropped: DroppedCounts;
}

/**
 * Builds the insights report of a period from its buckets (oldest first).
 *
 * @param environment the environment key
 * @param definedFlags keys of the environment's live flags
 * @param buckets the buckets overlapping the period, oldest first
 * @param query the parsed query
 */
export function buildInsightsReport(environment: string, definedFlags: ReadonlySet<string>, buckets: readonly InsightsBucket[], query: InsightsQuery): InsightsReport {
  const unlimited = { maxCounters: Number.MAX_SAFE_INTEGER, maxEventKeys: Number.MAX_SAFE_INTEGER, maxContextKinds: Number.MAX_SAFE_INTEGER, exactContexts: REPORT_EXACT_CONTEXTS };
  const total = new InsightsBucket(query.from, query.to, unlimited);
  for (const bucket of buckets) total.addAll(bucket);
  const common = {
    customEvents: [...total.customEvents]
      .sort(([a], [b]) => compare(a, b))
      .map(([key, c]) => ({ key, count: c.count, metricCount: c.metricCount, sum: c.metricSum, mean: c.metricCount > 0 ? c.metricSum / c.metricCount : null })),
    contexts: contextsReport(total),
    dropped: { ...total.dropped },
  };
  const head = { environment, from: query.from, to: query.to };
  const flagKey = query.flag;
  if (flagKey !== undefined) {
    const series = buckets.flatMap((bucket) => {
      const counts = bucket.flags.get(flagKey);
      if (counts === undefined) return [];
      const { evaluations, unknown, variations } = flagReport(flagKey, counts, false);
      return [{ start: bucket.start, end: bucket.end, evaluations, unknown, variations: variations.map(({ variation, count }) => ({ variation, count })) }];
    });
    return { ...head, flag: { ...flagReport(flagKey, total.flags.get(flagKey), definedFlags.has(flagKey)), series }, ...common };
  }
  const keys = [...new Set([...total.flags.keys(), ...definedFlags])].sort(compare);
  const series = buckets.flatMap((bucket) => {
    let evaluations = 0;
    for (const counts of bucket.flags.values()) {
      evaluations += counts.unknown;
      for (const slot of counts.variations.values()) evaluations += slot.count;
    }
    let customEvents = 0;
    for (const counts of bucket.customEvents.values()) customEvents += counts.count;
    return evaluations + customEvents > 0 ? [{ start: bucket.start, end: bucket.end, evaluations, customEvents }] : [];
  });
  return { ...head, flags: keys.map((key) => flagReport(key, total.flags.get(key), definedFlags.has(key))), series, ...common };
}

function flagReport(key: string, counts: FlagCounts | undefined, defined: boolean): FlagReport {
  const slots = counts ? [...counts.variations].sort(([a], [b]) => (a === NO_VARIATION ? 1 : b === NO_VARIATION ? -1 : a - b)) : [];
  let evaluations = 0;
  for (const [, slot] of slots) evaluations += slot.count;
  const variations = slots.map(([variation, slot]) => ({
    variation: variation === NO_VARIATION ? null : variation,
    ...(slot.hasValue ? { value: slot.value } : {}),
    count: slot.count,
    percent: evaluations > 0 ? Math.round((slot.count * 10_000) / evaluations) / 100 : 0,
  }));
  return { key, defined, evaluations, unknown: counts?.unknown ?? 0, variations };
}

function contextsReport(total: InsightsBucket): ContextsReport {
  let estimated = total.contexts.estimated;
  const byKind = [...total.contextKinds]
    .sort(([a], [b]) => compare(a, b))
    .map(([kind, counter]) => {
      estimated ||= counter.estimated;
      return { kind, distinct: counter.count() };
    });
  return { distinct: total.contexts.count(), estimated, byKind };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
