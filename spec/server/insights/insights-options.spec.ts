import assert from 'node:assert/strict';
import { ServerConfigError } from '../../../lib/errors/server-config-error';
import { createFlagServer } from '../../../lib/server/flag-server';
import { DEFAULT_INSIGHTS_TIERS, resolveInsightsOptions } from '../../../lib/server/insights/insights-options';

describe('insights: options', () => {
  it('applies the documented defaults', () => {
    const options = resolveInsightsOptions();
    assert.deepEqual(options.tiers, [
      { bucketMs: 60_000, keepMs: 3_600_000 },
      { bucketMs: 3_600_000, keepMs: 86_400_000 },
    ]);
    assert.deepEqual(options.tiers, DEFAULT_INSIGHTS_TIERS);
    assert.deepEqual(options.limits, { maxCounters: 2000, maxEventKeys: 500, maxContextKinds: 16, exactContexts: 128 });
    assert.equal(options.now, Date.now);
  });

  it('names a bad option', () => {
    const refused = (insights: Parameters<typeof resolveInsightsOptions>[0], option: string, message: RegExp) =>
      assert.throws(() => resolveInsightsOptions(insights), (error: unknown) => error instanceof ServerConfigError && error.option === option && message.test(error.message));
    refused({ tiers: [] }, 'insights.tiers', /at least one tier/);
    refused({ tiers: [{ bucketMs: 500, keepMs: 60_000 }] }, 'insights.tiers[0].bucketMs', /whole number ≥ 1000, got 500/);
    refused({ tiers: [{ bucketMs: 60_000, keepMs: 1000 }] }, 'insights.tiers[0].keepMs', /≥ 60000/);
    refused({ tiers: [{ bucketMs: 60_000, keepMs: 3_600_000 }, { bucketMs: 90_000, keepMs: 7_200_000 }] }, 'insights.tiers[1].bucketMs', /multiple of the previous tier's \(60000\)/);
    refused({ tiers: [{ bucketMs: 60_000, keepMs: 3_600_000 }, { bucketMs: 120_000, keepMs: 3_600_000 }] }, 'insights.tiers[1].keepMs', /more than the previous/);
    refused({ tiers: [{ bucketMs: 1000, keepMs: 86_400_000 }] }, 'insights.tiers', /86401 buckets; at most 10000/);
    refused({ limits: { maxCounters: 0 } }, 'insights.limits.maxCounters', /≥ 1, got 0/);
    refused({ limits: { exactContexts: 1.5 } }, 'insights.limits.exactContexts', /got 1.5/);
  });

  it('createFlagServer checks them before anything listens', () => {
    assert.throws(() => createFlagServer({ dev: true, insights: { limits: { maxEventKeys: -1 } } }), /'insights\.limits\.maxEventKeys'/);
  });
});
