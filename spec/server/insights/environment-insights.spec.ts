import assert from 'node:assert/strict';
import { type AnalyticsEvent, EventBatchBody } from '../../../lib/server/insights/event-batch-codec';
import { EnvironmentInsights } from '../../../lib/server/insights/environment-insights';
import type { InsightsBucket } from '../../../lib/server/insights/insights-bucket';
import { type InsightsOptions, resolveInsightsOptions } from '../../../lib/server/insights/insights-options';
import { assertDecodes } from '../../helpers/assert-decode';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

function events(...raw: unknown[]): AnalyticsEvent[] {
  return assertDecodes(EventBatchBody, raw);
}

function summary(flag: string, counters: unknown[]): unknown {
  return { kind: 'summary', startDate: 0, endDate: 0, features: { [flag]: { default: false, counters } } };
}

/** Evaluations per variation index (-1: none) of a flag in a bucket. */
function counts(bucket: InsightsBucket, flag: string): Record<number, number> {
  return Object.fromEntries([...(bucket.flags.get(flag)?.variations ?? [])].map(([variation, slot]) => [variation, slot.count]));
}

describe('insights: EnvironmentInsights', () => {
  let clock = T0;
  const make = (options: InsightsOptions = {}) => new EnvironmentInsights(resolveInsightsOptions({ now: () => clock, ...options }));
  beforeEach(() => {
    clock = T0;
  });

  it('counts summaries by variation, unknown flags apart, and never feature events', () => {
    const insights = make();
    insights.record(
      events(
        summary('f', [
          { variation: 0, version: 1, value: true, count: 3 },
          { variation: 1, version: 1, value: false, count: 7 },
          { variation: 1, version: 2, value: false, count: 2 },
          { version: 2, value: false, count: 1 },
        ]),
        summary('missing', [{ unknown: true, value: 'x', count: 4 }]),
        { kind: 'feature', key: 'f', variation: 0, value: true, context: { kind: 'user', key: 'u1' } },
      ),
      clock,
    );
    const [bucket] = insights.select(T0, T0 + MINUTE, clock);
    assert.deepEqual(counts(bucket, 'f'), { 0: 3, 1: 9, [-1]: 1 });
    assert.equal(bucket.flags.get('missing')?.unknown, 4);
    assert.equal(bucket.flags.get('missing')?.variations.size, 0);
    assert.equal(bucket.contexts.count(), 1, 'the feature event still counts its context');
  });

  it('puts a batch in the minute it was received, moves minutes into hours after an hour, drops them after a day', () => {
    const insights = make();
    const batch = events(summary('f', [{ variation: 0, value: 1, count: 1 }]));
    insights.record(batch, T0 + 10_000);
    insights.record(batch, T0 + 70_000);
    insights.record(batch, T0 + 75_000);
    const spans = () => insights.select(0, Number.MAX_SAFE_INTEGER, clock).map((b) => [b.start - T0, b.end - T0, counts(b, 'f')[0]]);
    assert.deepEqual(spans(), [
      [0, MINUTE, 1],
      [MINUTE, 2 * MINUTE, 2],
    ]);
    clock = T0 + HOUR + MINUTE; // the first minute is now more than an hour old
    assert.deepEqual(spans(), [
      [0, HOUR, 1],
      [MINUTE, 2 * MINUTE, 2],
    ]);
    clock = T0 + HOUR + 2 * MINUTE;
    assert.deepEqual(spans(), [[0, HOUR, 3]]);
    clock = T0 + 25 * HOUR - 1;
    assert.equal(spans().length, 1);
    clock = T0 + 25 * HOUR;
    assert.deepEqual(spans(), []);

    insights.record(batch, T0 + 30_000); // stamped before every tier's reach: not counted
    assert.deepEqual(spans(), []);
    insights.record(batch, T0 + HOUR + 30_000); // too old for minutes, not for hours
    assert.deepEqual(spans(), [[HOUR, 2 * HOUR, 1]]);
  });

  it('selects the buckets overlapping [from, to)', () => {
    const insights = make();
    const batch = events(summary('f', [{ variation: 0, value: 1, count: 1 }]));
    for (const minute of [0, 1, 5]) insights.record(batch, T0 + minute * MINUTE + 1);
    const starts = (from: number, to: number) => insights.select(T0 + from, T0 + to, clock).map((b) => (b.start - T0) / MINUTE);
    assert.deepEqual(starts(0, 10 * MINUTE), [0, 1, 5]);
    assert.deepEqual(starts(MINUTE, 10 * MINUTE), [1, 5]);
    assert.deepEqual(starts(MINUTE + 30_000, 5 * MINUTE), [1], 'a partly covered bucket counts whole; to is exclusive');
  });

  it('caps counters, event keys and context kinds per bucket, counting what it drops', () => {
    const insights = make({ limits: { maxCounters: 3, maxEventKeys: 1, maxContextKinds: 1 } });
    insights.record(
      events(
        summary('a', [
          { variation: 0, value: 1, count: 5 },
          { variation: 1, value: 2, count: 6 },
          { variation: 2, value: 3, count: 7 },
        ]),
        summary('b', [{ variation: 0, value: 1, count: 8 }]),
        { kind: 'custom', key: 'one' },
        { kind: 'custom', key: 'two' },
        { kind: 'index', context: { kind: 'multi', user: { key: 'u' }, org: { key: 'o' } } },
      ),
      clock,
    );
    const [bucket] = insights.select(T0, T0 + MINUTE, clock);
    assert.deepEqual(counts(bucket, 'a'), { 0: 5, 1: 6 }, 'one counter for the flag, two for its variations');
    assert.equal(bucket.flags.has('b'), false);
    assert.deepEqual([...bucket.customEvents.keys()], ['one']);
    assert.deepEqual([...bucket.contextKinds.keys()], ['org']);
    assert.deepEqual(bucket.dropped, { evaluations: 7 + 8, customEvents: 1, contexts: 1 });
  });

  it('sums metric values of custom events, counting those without one apart', () => {
    const insights = make();
    insights.record(events({ kind: 'custom', key: 'buy', metricValue: 2.5 }, { kind: 'custom', key: 'buy', metricValue: -0.5 }, { kind: 'custom', key: 'buy' }), clock);
    const [bucket] = insights.select(T0, T0 + MINUTE, clock);
    assert.deepEqual(bucket.customEvents.get('buy'), { count: 3, metricCount: 2, metricSum: 2 });
  });

  it('keeps small variation values only', () => {
    const insights = make();
    insights.record(events(summary('f', [{ variation: 0, value: 'x'.repeat(2000), count: 1 }, { variation: 1, value: { a: [1] }, count: 1 }])), clock);
    const flag = insights.select(T0, T0 + MINUTE, clock)[0].flags.get('f')!;
    assert.deepEqual(flag.variations.get(0), { count: 1, value: undefined, hasValue: false });
    assert.deepEqual(flag.variations.get(1), { count: 1, value: { a: [1] }, hasValue: true });
  });
});
