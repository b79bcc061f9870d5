import type { AnalyticsEvent } from './event-batch-codec';
import type { SeenContext } from './event-context-codec';
import { InsightsBucket, NO_VARIATION } from './insights-bucket';
import type { InsightsTier, ResolvedInsightsOptions } from './insights-options';

/**
 * The insights of one environment: time buckets in tiers (by default 1-minute buckets for an
 * hour, then 1-hour buckets for a day), filled from decoded event batches.
 *
 * What is counted, from which events:
 * - evaluations per flag and variation: from `summary` counters only. The SDK summarises every
 *   evaluation, including those also sent as full `feature`/`debug` events, so counting those
 *   too would count twice. Counters with `unknown: true` count as evaluations of a flag the SDK
 *   did not have;
 * - custom events: count per key, and count and sum of `metricValue` where present;
 * - contexts seen: `index`, `identify`, `feature`, `debug` and `custom` events' context (inline
 *   `context` or `contextKeys`).
 *
 * A batch is counted in the bucket of the time the server received it (SDK clocks are not
 * trusted; an SDK flushes every few seconds, well within a bucket).
 */
export class EnvironmentInsights {
  /** Buckets per tier, by start time. */
  private readonly tiers: { readonly tier: InsightsTier; readonly buckets: Map<number, InsightsBucket> }[];

  constructor(private readonly options: ResolvedInsightsOptions) {
    this.tiers = options.tiers.map((tier) => ({ tier, buckets: new Map() }));
  }

  /** Counts a decoded batch received at `receivedAt` (ms since epoch). */
  record(events: readonly AnalyticsEvent[], receivedAt: number): void {
    const now = Math.max(receivedAt, this.options.now());
    this.age(now);
    const bucket = this.bucketAt(receivedAt, now);
    if (bucket === undefined) return; // older than every tier keeps
    for (const event of events) {
      switch (event.kind) {
        case 'summary':
          for (const [flagKey, flag] of Object.entries(event.features)) {
            for (const counter of flag.counters) {
              const variation = counter.variation ?? NO_VARIATION;
              bucket.countEvaluations(flagKey, variation, counter.unknown === true, counter.count, counter.value, 'value' in counter);
            }
          }
          break;
        case 'custom': {
          const metric = summable(event.metricValue);
          bucket.countCustom(event.key, 1, metric === undefined ? 0 : 1, metric ?? 0);
          see(bucket, event.context ?? event.contextKeys);
          break;
        }
        case 'feature':
        case 'debug':
          see(bucket, event.context ?? event.contextKeys);
          break;
        case 'identify':
        case 'index':
          bucket.seeContext(event.context);
          break;
        default:
          break; // an event kind the server does not count
      }
    }
  }

  /**
   * The buckets overlapping `[from, to)`, oldest first (after ageing them at `now`), whole: the
   * resolution of `from` and `to` is the bucket length of the tier that holds that time. A coarse
   * bucket holds only what left the finer tier, so the buckets' counts never overlap even where
   * their spans do (the current hour's bucket and the last hour's minute buckets).
   */
  select(from: number, to: number, now: number): InsightsBucket[] {
    this.age(now);
    const found: InsightsBucket[] = [];
    for (const { buckets } of this.tiers) {
      for (const bucket of buckets.values()) if (bucket.start < to && bucket.end > from) found.push(bucket);
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** Moves buckets that are too old for their tier into the next one, or drops them. */
  private age(now: number): void {
    this.tiers.forEach(({ tier, buckets }, i) => {
      const next = this.tiers[i + 1];
      for (const [start, bucket] of buckets) {
        if (bucket.end > now - tier.keepMs) continue;
        buckets.delete(start);
        if (next) this.tierBucket(i + 1, start).addAll(bucket);
      }
    });
  }

  /** The bucket of the finest tier that still keeps time `at`, created when missing. */
  private bucketAt(at: number, now: number): InsightsBucket | undefined {
    for (let i = 0; i < this.tiers.length; i++) {
      const { bucketMs, keepMs } = this.tiers[i].tier;
      const start = Math.floor(at / bucketMs) * bucketMs;
      if (start + bucketMs > now - keepMs) return this.tierBucket(i, start);
    }
    return undefined;
  }

  private tierBucket(tierIndex: number, at: number): InsightsBucket {
    const { tier, buckets } = this.tiers[tierIndex];
    const start = Math.floor(at / tier.bucketMs) * tier.bucketMs;
    let bucket = buckets.get(start);
    if (bucket === undefined) {
      bucket = new InsightsBucket(start, start + tier.bucketMs, this.options.limits);
      buckets.set(start, bucket);
    }
    return bucket;
  }
}

function see(bucket: InsightsBucket, context: SeenContext | null | undefined): void {
  if (context) bucket.seeContext(context);
}

/** A metric value that can be summed, or undefined. */
function summable(metricValue: number | null | undefined): number | undefined {
  return typeof metricValue === 'number' && Number.isFinite(metricValue) ? metricValue : undefined;
}
