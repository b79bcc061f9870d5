import { ServerConfigError } from '../../errors/server-config-error';

/**
 * One resolution of the insights time series: buckets of `bucketMs`, kept until they are
 * `keepMs` old. When a bucket ages out of a tier that has a next tier, it is merged into the
 * next tier's (larger) bucket; out of the last tier, it is dropped.
 */
export interface InsightsTier {
  /** Bucket length, ms; a multiple of the previous tier's. */
  readonly bucketMs: number;
  /** Age at which a bucket leaves this tier, ms; more than the previous tier's. */
  readonly keepMs: number;
}

/** Per-bucket caps that bound the memory of the insights whatever the SDKs send. */
export interface InsightsLimits {
  /** Counters per bucket: one per flag plus one per variation of it. Default 2,000. */
  readonly maxCounters?: number;
  /** Custom event keys per bucket. Default 500. */
  readonly maxEventKeys?: number;
  /** Context kinds per bucket. Default 16. */
  readonly maxContextKinds?: number;
  /** Distinct contexts counted exactly per bucket and kind before a HyperLogLog estimate takes over. Default 128. */
  readonly exactContexts?: number;
}

/** Options of the insights module (`createFlagServer({ insights })`). Every field is optional. */
export interface InsightsOptions {
  /**
   * Resolutions of the time series, finest first. Default: 1-minute buckets for the last hour,
   * then 1-hour buckets up to 24 hours (`[{ bucketMs: 60_000, keepMs: 3_600_000 },
   * { bucketMs: 3_600_000, keepMs: 86_400_000 }]`): at most 60 + 25 buckets per environment.
   */
  readonly tiers?: readonly InsightsTier[];
  readonly limits?: InsightsLimits;
  /** Clock, ms since epoch (query defaults and ageing; batches carry their own receive time). Default `Date.now`. */
  readonly now?: () => number;
}

/** {@link InsightsOptions} with every default applied and checked. */
export interface ResolvedInsightsOptions {
  readonly tiers: readonly InsightsTier[];
  readonly limits: Required<InsightsLimits>;
  readonly now: () => number;
}

/** The default tiers: minutes for an hour, hours for a day. */
export const DEFAULT_INSIGHTS_TIERS: readonly InsightsTier[] = [
  { bucketMs: 60_000, keepMs: 3_600_000 },
  { bucketMs: 3_600_000, keepMs: 86_400_000 },
];

/** Most buckets all tiers together may hold (a bound on memory). */
const MAX_BUCKETS = 10_000;

/**
 * Applies defaults and checks options.
 *
 * @throws ServerConfigError naming the bad option (e.g. `insights.tiers[1].bucketMs`)
 */
export function resolveInsightsOptions(options: InsightsOptions = {}): ResolvedInsightsOptions {
  const tiers = options.tiers ?? DEFAULT_INSIGHTS_TIERS;
  if (tiers.length === 0) throw new ServerConfigError('insights.tiers', 'at least one tier is needed');
  let buckets = 0;
  tiers.forEach((tier, i) => {
    const name = `insights.tiers[${i}]`;
    integer(`${name}.bucketMs`, tier.bucketMs, 1000);
    integer(`${name}.keepMs`, tier.keepMs, tier.bucketMs);
    const previous = tiers[i - 1];
    if (previous && tier.bucketMs % previous.bucketMs !== 0) {
      throw new ServerConfigError(`${name}.bucketMs`, `must be a multiple of the previous tier's (${previous.bucketMs}), got ${tier.bucketMs}`);
    }
    if (previous && tier.keepMs <= previous.keepMs) {
      throw new ServerConfigError(`${name}.keepMs`, `must be more than the previous tier's (${previous.keepMs}), got ${tier.keepMs}`);
    }
    buckets += Math.ceil(tier.keepMs / tier.bucketMs) + 1;
  });
  if (buckets > MAX_BUCKETS) throw new ServerConfigError('insights.tiers', `would keep up to ${buckets} buckets; at most ${MAX_BUCKETS}`);
  const limits = options.limits ?? {};
  return {
    tiers: tiers.map((tier) => ({ bucketMs: tier.bucketMs, keepMs: tier.keepMs })),
    limits: {
      maxCounters: integer('insights.limits.maxCounters', limits.maxCounters ?? 2000, 1),
      maxEventKeys: integer('insights.limits.maxEventKeys', limits.maxEventKeys ?? 500, 1),
      maxContextKinds: integer('insights.limits.maxContextKinds', limits.maxContextKinds ?? 16, 1),
      exactContexts: integer('insights.limits.exactContexts', limits.exactContexts ?? 128, 0),
    },
    now: options.now ?? Date.now,
  };
}

function integer(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new ServerConfigError(name, `expected a whole number ≥ ${min}, got ${value}`);
  return value;
}
