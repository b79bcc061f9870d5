import assert from 'node:assert/strict';
import type { EvaluationDetail } from '../../lib/evaluation/evaluation-reason';
import type { Flag } from '../../lib/model/flag';
import { evaluateFlag, flag, MALFORMED, plain, user } from './fixtures';

const needs = (key: string, variation = 1) => ({ key, variation });
const served = (key: string, variation: number, fields: Partial<Flag> = {}): Flag => flag({ key, fallthrough: { variation }, ...fields });

describe('evaluate: prerequisites', () => {
  const top = (prerequisites: { key: string; variation: number }[], fields: Partial<Flag> = {}) =>
    flag({ key: 'top', prerequisites, fallthrough: { variation: 1 }, offVariation: 0, ...fields });

  it('proceeds when every prerequisite serves the required variation', () => {
    assert.deepEqual(plain(evaluateFlag(top([needs('p1'), needs('p2', 0)]), user('u'), { flags: [served('p1', 1), served('p2', 0)] })), {
      value: true,
      variationIndex: 1,
      reason: { kind: 'FALLTHROUGH' },
    });
  });

  const failures: [string, Flag[]][] = [
    ['another variation', [served('p1', 0)]],
    ['is off (even serving the required off variation)', [served('p1', 1, { on: false, offVariation: 1 })]],
    ['is missing', []],
    ['is deleted', [served('p1', 1, { deleted: true })]],
    ['has itself a failed prerequisite', [served('p1', 1, { prerequisites: [needs('p2')] }), served('p2', 0)]],
  ];
  for (const [name, flags] of failures) {
    it(`fails with the off variation when a prerequisite ${name}`, () => {
      assert.deepEqual(plain(evaluateFlag(top([needs('p1')]), user('u'), { flags })), {
        value: false,
        variationIndex: 0,
        reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'p1' },
      });
    });
  }

  it('stops at the first failure', () => {
    const calls: string[] = [];
    const result = evaluateFlag(top([needs('p1'), needs('p2'), needs('p3')]), user('u'), {
      flags: [served('p1', 1), served('p2', 0), served('p3', 1)],
      onPrerequisite: (p) => calls.push(p.key),
    });
    assert.deepEqual(result.reason, { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'p2' });
    assert.deepEqual(calls, ['p1', 'p2']);
  });

  it('serves null/null on failure when the flag has no off variation, MALFORMED_FLAG when it is out of range', () => {
    assert.deepEqual(plain(evaluateFlag(top([needs('p1')], { offVariation: undefined }), user('u'))), {
      value: null,
      variationIndex: null,
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'p1' },
    });
    assert.deepEqual(evaluateFlag(top([needs('p1')], { offVariation: 9 }), user('u')).reason, MALFORMED);
  });

  it('returns a prerequisite’s error result as is (Node SDK)', () => {
    const broken = served('p1', 7); // variation out of range
    assert.deepEqual(plain(evaluateFlag(top([needs('p1')]), user('u'), { flags: [broken] })), { value: null, variationIndex: null, reason: MALFORMED });
  });

  it('reports each prerequisite evaluation to the listener, nested ones first', () => {
    const calls: [string, EvaluationDetail, string][] = [];
    evaluateFlag(top([needs('p1'), needs('p3')]), user('u'), {
      flags: [served('p1', 1, { prerequisites: [needs('p2', 0)] }), served('p2', 0), served('p3', 1)],
      onPrerequisite: (p, detail, of) => calls.push([p.key, detail, of.key]),
    });
    assert.deepEqual(
      calls.map(([key, detail, of]) => [key, detail.variationIndex, detail.reason.kind, of]),
      [
        ['p2', 0, 'FALLTHROUGH', 'p1'],
        ['p1', 1, 'FALLTHROUGH', 'top'],
        ['p3', 1, 'FALLTHROUGH', 'top'],
      ],
    );
  });

  it('reports an off prerequisite with its own (unsubstituted) result', () => {
    const calls: EvaluationDetail[] = [];
    evaluateFlag(top([needs('p1')]), user('u'), { flags: [served('p1', 1, { on: false, offVariation: undefined })], onPrerequisite: (_, d) => calls.push(d) });
    assert.deepEqual(plain(calls[0]), { value: null, variationIndex: null, reason: { kind: 'OFF' } });
  });

  describe('cycles', () => {
    it('is MALFORMED_FLAG for a flag that requires itself', () => {
      const self = flag({ key: 'self', prerequisites: [needs('self')] });
      assert.deepEqual(evaluateFlag(self, user('u')).reason, MALFORMED);
    });

    it('is MALFORMED_FLAG for a cycle at a deeper level', () => {
      const a = top([needs('b')]);
      const b = served('b', 1, { prerequisites: [needs('c')] });
      const c = served('c', 1, { prerequisites: [needs('b')] });
      const calls: string[] = [];
      assert.deepEqual(evaluateFlag(a, user('u'), { flags: [b, c], onPrerequisite: (p, _, of) => calls.push(`${p.key}<${of.key}`) }).reason, MALFORMED);
      // the repeated b is caught before it is evaluated again; c and b report the error
      assert.deepEqual(calls, ['c<b', 'b<top']);
    });

    it('lets a later failing prerequisite replace the cycle error (Node SDK)', () => {
      const self = flag({ key: 'self', prerequisites: [needs('self', 0), needs('missing')], offVariation: 1 });
      assert.deepEqual(plain(evaluateFlag(self, user('u'))), {
        value: true,
        variationIndex: 1,
        reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'self' },
      });
    });

    it('does not mistake a diamond for a cycle', () => {
      const d = top([needs('b'), needs('c')]);
      const flags = [served('b', 1, { prerequisites: [needs('x')] }), served('c', 1, { prerequisites: [needs('x')] }), served('x', 1)];
      assert.equal(evaluateFlag(d, user('u'), { flags }).reason.kind, 'FALLTHROUGH');
    });
  });

  it('allows a nested evaluation from the listener without disturbing the outer one', () => {
    const flags = [served('p1', 1, { prerequisites: [needs('p2')] }), served('p2', 1)];
    let nested: EvaluationDetail | undefined;
    const outer = evaluateFlag(top([needs('p1')]), user('u'), {
      flags,
      onPrerequisite: (p) => {
        if (p.key === 'p2' && nested === undefined) nested = evaluateFlag(top([needs('p2')]), user('u'), { flags });
      },
    });
    assert.equal(outer.reason.kind, 'FALLTHROUGH');
    assert.equal(nested?.reason.kind, 'FALLTHROUGH');
  });
});
