import assert from 'node:assert/strict';
import { InsightsBucket, NO_VARIATION } from '../../../lib/server/insights/insights-bucket';

const limits = { maxCounters: 100, maxEventKeys: 100, maxContextKinds: 4, exactContexts: 10 };
const user = (key: string) => ({ canonicalKey: key, parts: [{ kind: 'user', key }] });

describe('insights: InsightsBucket', () => {
  it('merges another bucket: counts add up, the later bucket’s values win, contexts unite', () => {
    const older = new InsightsBucket(0, 60_000, limits);
    older.countEvaluations('f', 0, false, 3, 'old', true);
    older.countEvaluations('f', NO_VARIATION, false, 1, 'dflt', true);
    older.countEvaluations('gone', 0, true, 2, undefined, false);
    older.countCustom('buy', 2, 1, 9);
    older.seeContext(user('a'));
    older.seeContext(user('b'));
    const newer = new InsightsBucket(60_000, 120_000, limits);
    newer.countEvaluations('f', 0, false, 4, 'new', true);
    newer.countCustom('buy', 1, 1, 1);
    newer.seeContext(user('b'));
    newer.seeContext({ canonicalKey: 'org:o', parts: [{ kind: 'org', key: 'o' }] });

    const total = new InsightsBucket(0, 120_000, limits);
    total.addAll(older);
    total.addAll(newer);
    assert.deepEqual(total.flags.get('f')?.variations.get(0), { count: 7, value: 'new', hasValue: true });
    assert.deepEqual(total.flags.get('f')?.variations.get(NO_VARIATION), { count: 1, value: 'dflt', hasValue: true });
    assert.deepEqual(total.flags.get('gone'), { variations: new Map(), unknown: 2 });
    assert.deepEqual(total.customEvents.get('buy'), { count: 3, metricCount: 2, metricSum: 10 });
    assert.equal(total.contexts.count(), 3);
    assert.deepEqual([...total.contextKinds].map(([kind, counter]) => [kind, counter.count()]), [['user', 2], ['org', 1]]);
  });

  it('adds the merged bucket’s drops and drops what does not fit into itself', () => {
    const full = new InsightsBucket(0, 60_000, { ...limits, maxCounters: 2, maxContextKinds: 1 });
    full.countEvaluations('a', 0, false, 1, 1, true);
    full.countEvaluations('a', 1, false, 5, 2, true); // third counter: dropped
    full.seeContext({ canonicalKey: 'org:o', parts: [{ kind: 'org', key: 'o' }] });
    const other = new InsightsBucket(0, 60_000, limits);
    other.countEvaluations('b', 0, false, 2, 1, true);
    other.seeContext(user('u'));
    other.dropped.customEvents = 4;
    full.addAll(other);
    assert.deepEqual([...full.flags.keys()], ['a']);
    assert.deepEqual(full.dropped, { evaluations: 5 + 2, customEvents: 4, contexts: 1 });
  });
});
