import assert from 'node:assert/strict';
import { bucketOf, bucketPrefix } from '../../lib/evaluation/bucketing';
import { prepareFlag } from '../../lib/evaluation/prepared-flag';
import type { Rollout } from '../../lib/model/rollout';
import { ctx, evaluateFlag, flag, MALFORMED, plain } from './fixtures';

const variations = ['a', 'b', 'c'];

/** Evaluates a flag whose fallthrough is `rollout`. */
function fallthrough(rollout: Rollout, context: Record<string, unknown>, fields: Parameters<typeof flag>[0] = {}) {
  return evaluateFlag(flag({ key: 'hashKey', salt: 'saltyA', variations, fallthrough: { rollout }, ...fields }), ctx(context));
}

// hashKey.saltyA buckets (docs/evaluation.md, "Bucketing"): userKeyA 0.42157587, userKeyB 0.6708485, userKeyC 0.10343106;
// with seed 61: userKeyA 0.09801207, userKeyB 0.14483777, userKeyC 0.9242641.
const split = (w0: number, w1: number, w2: number): Rollout['variations'] => [
  { variation: 0, weight: w0 },
  { variation: 1, weight: w1 },
  { variation: 2, weight: w2 },
];

describe('evaluate: rollouts', () => {
  it('picks the variation whose cumulative weight passes the bucket', () => {
    const rollout = { variations: split(40000, 30000, 30000) };
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'userKeyA' }).variationIndex, 1); // 0.4216
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'userKeyB' }).variationIndex, 1); // 0.6708 < 0.7
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'userKeyC' }).variationIndex, 0); // 0.1034
    assert.deepEqual(plain(fallthrough(rollout, { kind: 'user', key: 'userKeyA' })), { value: 'b', variationIndex: 1, reason: { kind: 'FALLTHROUGH' } });
  });

  it('puts a bucket exactly at a boundary into the next variation', () => {
    const bucket = bucketOf(bucketPrefix('hashKey', 'saltyA'), 'userKeyA');
    const w0 = bucket * 100000; // cumulative weight / 100000 === bucket: not "bucket < sum"
    assert.equal(fallthrough({ variations: [{ variation: 0, weight: w0 }, { variation: 1, weight: 100000 - w0 }] }, { kind: 'user', key: 'userKeyA' }).variationIndex, 1);
  });

  it('uses the last variation when the weights fall short of the bucket', () => {
    assert.equal(fallthrough({ variations: [{ variation: 2, weight: 1 }, { variation: 1, weight: 1 }] }, { kind: 'user', key: 'userKeyA' }).variationIndex, 1);
  });

  it('uses a seed instead of key and salt (0 counts as none)', () => {
    const rollout = { seed: 61, variations: split(10000, 10000, 80000) };
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'userKeyA' }).variationIndex, 0); // 0.098
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'userKeyB' }).variationIndex, 1); // 0.1448
    assert.equal(fallthrough({ ...rollout, seed: 0 }, { kind: 'user', key: 'userKeyA' }).variationIndex, 2); // 0.4216
  });

  it('buckets by another attribute, integers as decimal text', () => {
    const rollout = { bucketBy: 'n', variations: split(54000, 1000, 45000) }; // hashKey.saltyA.33333 ⇒ 0.5477
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'x', n: 33333 }).variationIndex, 1);
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'x', n: '33333' }).variationIndex, 1);
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'x', n: 1.5 }).variationIndex, 0); // not bucketable ⇒ 0
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'x' }).variationIndex, 0);
  });

  it('reads bucketBy as a reference only with a contextKind', () => {
    const weights = split(54000, 1000, 45000);
    const context = { kind: 'user', key: 'x', '/n': 33333, n: { x: 33333 } };
    assert.equal(fallthrough({ bucketBy: '/n', variations: weights }, context).variationIndex, 1);
    assert.equal(fallthrough({ bucketBy: '/n/x', contextKind: 'user', variations: weights }, context).variationIndex, 1);
  });

  it('buckets by the rollout kind; a context without it gets bucket 0', () => {
    const rollout = { contextKind: 'org', variations: split(40000, 30000, 30000) };
    assert.equal(fallthrough(rollout, { kind: 'multi', user: { key: 'userKeyC' }, org: { key: 'userKeyA' } }).variationIndex, 1);
    assert.equal(fallthrough(rollout, { kind: 'user', key: 'userKeyA' }).variationIndex, 0);
    // bucket 0 is in the first variation with a positive weight
    assert.equal(fallthrough({ contextKind: 'org', variations: split(0, 0, 100000) }, { kind: 'user', key: 'userKeyA' }).variationIndex, 2);
  });

  it('is MALFORMED_FLAG for an invalid bucketBy reference or an index out of range', () => {
    assert.deepEqual(plain(fallthrough({ contextKind: 'user', bucketBy: '//', variations: split(100000, 0, 0) }, { kind: 'user', key: 'k' })), {
      value: null,
      variationIndex: null,
      reason: MALFORMED,
    });
    assert.deepEqual(fallthrough({ variations: [{ variation: 9, weight: 100000 }] }, { kind: 'user', key: 'k' }).reason, MALFORMED);
  });

  it('serves a rule rollout with the rule reason', () => {
    const f = flag({ key: 'hashKey', salt: 'saltyA', variations, rules: [{ id: 'r', clauses: [], rollout: { variations: split(0, 100000, 0) } }] });
    assert.deepEqual(plain(evaluateFlag(f, ctx({ kind: 'user', key: 'k' }))), { value: 'b', variationIndex: 1, reason: { kind: 'RULE_MATCH', ruleId: 'r', ruleIndex: 0 } });
  });

  describe('experiments', () => {
    it('adds inExperiment: true, and buckets by key whatever bucketBy says', () => {
      const rollout = { kind: 'experiment', bucketBy: 'n', variations: split(40000, 30000, 30000) };
      assert.deepEqual(plain(fallthrough(rollout, { kind: 'user', key: 'userKeyA', n: 1 })), {
        value: 'b',
        variationIndex: 1,
        reason: { kind: 'FALLTHROUGH', inExperiment: true },
      });
      const rule = flag({ key: 'hashKey', salt: 'saltyA', variations, rules: [{ id: 'r', clauses: [], rollout }] });
      assert.deepEqual(evaluateFlag(rule, ctx({ kind: 'user', key: 'userKeyA' })).reason, { kind: 'RULE_MATCH', ruleId: 'r', ruleIndex: 0, inExperiment: true });
    });

    it('leaves inExperiment out for an untracked variation', () => {
      const rollout = { kind: 'experiment', variations: [{ variation: 0, weight: 50000, untracked: true }, { variation: 1, weight: 50000 }] };
      assert.deepEqual(fallthrough(rollout, { kind: 'user', key: 'userKeyA' }).reason, { kind: 'FALLTHROUGH' });
      assert.deepEqual(fallthrough(rollout, { kind: 'user', key: 'userKeyB' }).reason, { kind: 'FALLTHROUGH', inExperiment: true });
    });

    it('leaves inExperiment out when the context lacks the rollout kind', () => {
      const rollout = { kind: 'experiment', contextKind: 'org', variations: split(50000, 50000, 0) };
      const reason = fallthrough(rollout, { kind: 'user', key: 'userKeyA' }).reason;
      assert.deepEqual(reason, { kind: 'FALLTHROUGH' });
      assert.ok(!('inExperiment' in reason));
    });

    it('sets inExperiment on the last-variation fallback even without the kind (Node SDK)', () => {
      const rollout = { kind: 'experiment', contextKind: 'org', variations: [{ variation: 0, weight: 0 }, { variation: 1, weight: 0 }] };
      assert.deepEqual(plain(fallthrough(rollout, { kind: 'user', key: 'userKeyA' })), { value: 'b', variationIndex: 1, reason: { kind: 'FALLTHROUGH', inExperiment: true } });
    });

    it('never sets inExperiment for a plain rollout', () => {
      assert.deepEqual(fallthrough({ kind: 'rollout', variations: split(100000, 0, 0) }, { kind: 'user', key: 'k' }).reason, { kind: 'FALLTHROUGH' });
    });
  });

  it('marks the prepared flag as using a rollout', () => {
    assert.equal(prepareFlag(flag({ fallthrough: { rollout: { variations: split(1, 1, 1) } } })).usesRollout, true);
    assert.equal(prepareFlag(flag()).usesRollout, false);
  });
});
