/** The insights report (`GET /api/environments/:env/insights`, see docs/insights.md). */
export interface VariationCount {
  readonly variation: number | null;
  readonly value?: unknown;
  readonly count: number;
  readonly percent: number;
}

export interface FlagInsights {
  readonly key: string;
  readonly defined: boolean;
  readonly evaluations: number;
  readonly unknown: number;
  readonly variations: readonly VariationCount[];
  readonly series?: readonly {
    readonly start: number;
    readonly end: number;
    readonly evaluations: number;
    readonly unknown: number;
    readonly variations: readonly { readonly variation: number | null; readonly count: number }[];
  }[];
}

export interface CustomEventInsights {
  readonly key: string;
  readonly count: number;
  readonly metricCount: number;
  readonly sum: number;
  readonly mean: number | null;
}

export interface InsightsReport {
  readonly environment: string;
  readonly from: number;
  readonly to: number;
  readonly flag?: FlagInsights;
  readonly flags?: readonly FlagInsights[];
  readonly series?: readonly { readonly start: number; readonly end: number; readonly evaluations: number; readonly customEvents: number }[];
  readonly customEvents: readonly CustomEventInsights[];
  readonly contexts: { readonly distinct: number; readonly estimated: boolean; readonly byKind: readonly { readonly kind: string; readonly distinct: number }[] };
  readonly dropped: { readonly evaluations: number; readonly customEvents: number; readonly contexts: number };
}

/** Evaluations per minute of the last `minutes` minutes, oldest first, from a flag's series. */
export function perMinute(series: FlagInsights['series'], now: number, minutes = 60): number[] {
  const counts = new Array<number>(minutes).fill(0);
  const start = now - minutes * 60_000;
  for (const bucket of series ?? []) {
    const index = Math.floor((bucket.start - start) / 60_000);
    if (index >= 0 && index < minutes) counts[index] += bucket.evaluations;
    else if (index >= minutes) counts[minutes - 1] += bucket.evaluations;
  }
  return counts;
}
