import assert from 'node:assert/strict';
import { parseContext } from '../../lib/context/evaluation-context';
import { evaluate } from '../../lib/evaluation/evaluator';
import { explainFlag } from '../../lib/evaluation/explain/explain-flag';
import { decodeOrThrow } from '../../lib/model/decode';
import { FlagData } from '../../lib/model/flag-data';
import type { Flag } from '../../lib/model/flag';
import type { Segment } from '../../lib/model/segment';
import { generateDataSet } from '../conformance/generator';
import { ctx, flag, lookupOf, plain, segment, user } from './fixtures';

describe('explainFlag', () => {
  it('arrives at the same value, variation and reason as the evaluator on 50 generated data sets', () => {
    let compared = 0;
    const kinds = new Set<string>();
    for (let index = 0; index < 50; index++) {
      const dataSet = generateDataSet(0x7ace, index);
      const data = decodeOrThrow(FlagData, structuredClone({ flags: dataSet.flags, segments: dataSet.segments }), 'data set');
      const lookup = lookupOf(Object.values(data.flags ?? {}) as Flag[], Object.values(data.segments ?? {}) as Segment[]);
      for (const { context: input } of dataSet.contexts) {
        const context = parseContext(input);
        if (!context.valid) continue;
        for (const prepared of lookup.flags.values()) {
          if (prepared.flag.deleted) continue;
          const expected = plain(evaluate(prepared, context, lookup));
          const trace = explainFlag(prepared, context, lookup);
          assert.deepEqual(plain(trace.result), expected, `data set ${index}, flag ${prepared.key}, context ${JSON.stringify(input)}`);
          kinds.add(trace.result.reason.kind === 'ERROR' ? `ERROR` : `${trace.decidedBy}:${trace.result.reason.kind}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 5000, `${compared} evaluations compared`);
    for (const kind of ['off:OFF', 'prerequisite:PREREQUISITE_FAILED', 'target:TARGET_MATCH', 'rule:RULE_MATCH', 'fallthrough:FALLTHROUGH', 'ERROR']) {
      assert.ok(kinds.has(kind), `the generated cases reach ${kind} (reached: ${[...kinds].join(', ')})`);
    }
  });

  it('records each target, rule and clause tried with the context value, and the segment rule that decided', () => {
    const beta = segment({
      key: 'beta',
      excluded: ['u9'],
      rules: [
        { id: 'r-mail', clauses: [{ attribute: 'email', op: 'endsWith', values: ['@other.com'] }] },
        { id: 'r-plan', clauses: [{ attribute: 'plan', op: 'in', values: ['gold'] }], weight: 100000 },
      ],
    });
    const subject = flag({
      key: 'checkout',
      targets: [{ variation: 1, values: ['u1', 'u2'] }],
      rules: [
        { id: 'country', clauses: [{ attribute: 'country', op: 'in', values: ['fr'] }], variation: 1 },
        { id: 'seg', clauses: [{ attribute: '', op: 'segmentMatch', values: ['missing', 'beta'] }, { attribute: 'age', op: 'greaterThan', values: [30] }], variation: 1 },
      ],
    });
    const lookup = lookupOf([subject], [beta]);
    const trace = explainFlag(lookup.getFlag('checkout')!, user('u5', { country: 'de', email: 'a@corp.com', plan: 'gold', age: 42 }), lookup);
    assert.equal(trace.decidedBy, 'rule');
    assert.deepEqual(plain(trace.result), { value: true, variationIndex: 1, reason: { kind: 'RULE_MATCH', ruleId: 'seg', ruleIndex: 1 } });
    assert.deepEqual(trace.targets, [{ contextKind: 'user', variation: 1, contextKey: 'u5', matched: false }]);
    const [country, seg] = trace.rules!;
    assert.deepEqual(country.clauses[0], { attribute: 'country', contextKind: 'user', op: 'in', values: ['fr'], negate: false, kindPresent: true, contextValue: 'de', matched: false });
    assert.equal(seg.matched, true);
    assert.deepEqual(seg.serve, { variation: 1 });
    const segments = seg.clauses[0].segments!;
    assert.deepEqual(segments[0], { key: 'missing', found: false });
    assert.equal(segments[1].decidedBy, 'rule');
    assert.equal(segments[1].decidingRule, 1);
    assert.equal(segments[1].rules![0].clauses[0].contextValue, 'a@corp.com');
    assert.equal(segments[1].rules![1].bucket! < 1, true);
    assert.equal(seg.clauses[1].contextValue, 42);
  });

  it('shows the prerequisite chain with each prerequisite\'s own trace, and a rollout\'s bucket', () => {
    const base = flag({ key: 'base', fallthrough: { rollout: { variations: [{ variation: 0, weight: 30000 }, { variation: 1, weight: 70000 }] } } });
    const top = flag({ key: 'top', prerequisites: [{ key: 'base', variation: 1 }], fallthrough: { variation: 1 } });
    const lookup = lookupOf([top, base]);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const context = ctx({ kind: 'user', key });
      const trace = explainFlag(lookup.getFlag('top')!, context, lookup);
      const prerequisite = trace.prerequisites![0];
      const rollout = prerequisite.trace!.fallthrough!.rollout!;
      assert.equal(rollout.bucketValue, key);
      assert.equal(rollout.chosen, rollout.bucket < 0.3 ? 0 : 1);
      assert.equal(prerequisite.met, rollout.chosen === 1);
      assert.equal(trace.decidedBy, prerequisite.met ? 'fallthrough' : 'prerequisite');
      assert.deepEqual(plain(trace.result), plain(evaluate(lookup.getFlag('top')!, context, lookup)));
    }
  });
});
