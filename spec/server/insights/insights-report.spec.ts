import assert from 'node:assert/strict';
import { InsightsBucket, NO_VARIATION } from '../../../lib/server/insights/insights-bucket';
import { buildInsightsReport } from '../../../lib/server/insights/insights-report';

const limits = { maxCounters: 100, maxEventKeys: 100, maxContextKinds: 4, exactContexts: 10 };

describe('insights: buildInsightsReport', () => {
  it('orders variations by index with the default last, rounds percentages, omits values it does not have', () => {
    const bucket = new InsightsBucket(0, 60_000, limits);
    bucket.countEvaluations('f', NO_VARIATION, false, 1, undefined, false);
    bucket.countEvaluations('f', 2, false, 1, 'c', true);
    bucket.countEvaluations('f', 0, false, 1, 'a', true);
    const report = buildInsightsReport('env', new Set(), [bucket], { flag: 'f', from: 0, to: 60_000 });
    assert.deepEqual(report.flag?.variations, [
      { variation: 0, value: 'a', count: 1, percent: 33.33 },
      { variation: 2, value: 'c', count: 1, percent: 33.33 },
      { variation: null, count: 1, percent: 33.33 },
    ]);
    assert.equal(report.flag?.defined, false);
  });

  it('reports a flag nobody evaluated with zeros and an empty series, and an empty period with nothing', () => {
    const report = buildInsightsReport('env', new Set(['quiet']), [], { flag: 'quiet', from: 5, to: 10 });
    assert.deepEqual(report, {
      environment: 'env',
      from: 5,
      to: 10,
      flag: { key: 'quiet', defined: true, evaluations: 0, unknown: 0, variations: [], series: [] },
      customEvents: [],
      contexts: { distinct: 0, estimated: false, byKind: [] },
      dropped: { evaluations: 0, customEvents: 0, contexts: 0 },
    });
    const all = buildInsightsReport('env', new Set(['b', 'a']), [new InsightsBucket(0, 60_000, limits)], { flag: undefined, from: 0, to: 1 });
    assert.deepEqual(all.flags?.map((flag) => flag.key), ['a', 'b']);
    assert.deepEqual(all.series, [], 'empty buckets are not listed');
  });

  it('says when context counts are estimates', () => {
    const bucket = new InsightsBucket(0, 60_000, { ...limits, exactContexts: 2 });
    for (const key of ['a', 'b', 'c']) bucket.seeContext({ canonicalKey: key, parts: [{ kind: 'user', key }] });
    const report = buildInsightsReport('env', new Set(), [bucket], { flag: undefined, from: 0, to: 1 });
    assert.equal(report.contexts.estimated, true);
    assert.equal(report.contexts.distinct, 3);
  });
});
