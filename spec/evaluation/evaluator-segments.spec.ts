import assert from 'node:assert/strict';
import type { Clause } from '../../lib/model/clause';
import type { Segment } from '../../lib/model/segment';
import { prepareSegment } from '../../lib/evaluation/prepared-segment';
import { ctx, evaluateFlag, flag, MALFORMED, segment } from './fixtures';

/** 'in' | 'out' | 'error' for a flag whose only rule is `segmentMatch` of `keys`. */
function membership(segments: Segment[], context: Record<string, unknown>, keys: unknown[] = [segments[0].key], negate = false): string {
  const clause: Clause = { attribute: '', op: 'segmentMatch', values: keys, negate };
  const result = evaluateFlag(flag({ rules: [{ id: 'r', clauses: [clause], variation: 1 }] }), ctx(context), { segments });
  return result.reason.kind === 'RULE_MATCH' ? 'in' : result.reason.kind === 'ERROR' ? 'error' : 'out';
}

const u = (key: string, attributes: Record<string, unknown> = {}) => ({ kind: 'user', key, ...attributes });
const nameIs = (name: string): Clause => ({ attribute: 'name', op: 'in', values: [name] });

describe('evaluate: segments', () => {
  describe('included and excluded lists', () => {
    const s = segment({
      key: 's',
      included: ['in', 'both'],
      excluded: ['out', 'both'],
      includedContexts: [{ contextKind: 'org', values: ['org-in', 'org-both'] }],
      excludedContexts: [{ contextKind: 'org', values: ['org-out', 'org-both'] }],
      rules: [{ id: 'all', clauses: [] }],
    });
    const rows: [string, Record<string, unknown>, string][] = [
      ['an included user', u('in'), 'in'],
      ['a user both included and excluded (inclusion wins)', u('both'), 'in'],
      ['an excluded user (before the rules)', u('out'), 'out'],
      ['anyone else, by the rules', u('other'), 'in'],
      ['an included org', { kind: 'org', key: 'org-in' }, 'in'],
      ['an org both included and excluded', { kind: 'org', key: 'org-both' }, 'in'],
      ['an excluded org', { kind: 'org', key: 'org-out' }, 'out'],
      ['a multi-kind context included by one part', { kind: 'multi', user: { key: 'out' }, org: { key: 'org-in' } }, 'in'],
      ['an org whose key is on the user list only (the rules decide)', { kind: 'org', key: 'in' }, 'in'],
    ];
    for (const [name, context, expected] of rows) it(`${name} ⇒ ${expected}`, () => assert.equal(membership([s], context), expected));

    it('never matches an empty key (a legacy user with key "")', () => {
      assert.equal(membership([segment({ key: 's', included: [''] })], { key: '' }), 'out');
    });

    it('handles large lists', () => {
      const big = segment({ key: 's', included: Array.from({ length: 1000 }, (_, i) => `user-${i}`) });
      assert.equal(membership([big], u('user-999')), 'in');
      assert.equal(membership([big], u('user-1000')), 'out');
    });
  });

  describe('rules', () => {
    it('includes a context matching all clauses of any rule', () => {
      const s = segment({ key: 's', rules: [{ id: 'a', clauses: [nameIs('Ann'), { attribute: 'age', op: 'greaterThan', values: [18] }] }, { id: 'b', clauses: [nameIs('Bob')] }] });
      assert.equal(membership([s], u('k', { name: 'Ann', age: 30 })), 'in');
      assert.equal(membership([s], u('k', { name: 'Ann', age: 3 })), 'out');
      assert.equal(membership([s], u('k', { name: 'Bob' })), 'in');
    });

    it('never matches a rule without clauses array, always one with an empty array', () => {
      assert.equal(membership([segment({ key: 's', rules: [{ id: 'a' }] })], u('k')), 'out');
      assert.equal(membership([segment({ key: 's', rules: [{ id: 'a', clauses: [] }] })], u('k')), 'in');
    });

    it('includes a weighted share by bucket (segment key and salt, no seed)', () => {
      // segment3.salty: user-key ⇒ 0.149502, unmatching-key ⇒ 0.365636 (contract tests)
      const s = segment({ key: 'segment3', salt: 'salty', rules: [{ id: 'w', clauses: [], weight: 14955 }] });
      assert.equal(membership([s], u('user-key')), 'in');
      assert.equal(membership([s], u('unmatching-key')), 'out');
      assert.equal(membership([{ ...s, rules: [{ id: 'w', clauses: [], weight: 14950 }] }], u('user-key')), 'out');
    });

    it('buckets by bucketBy of rolloutContextKind; without that kind the bucket is 0 (Node SDK: in)', () => {
      const s = segment({ key: 'segment3', salt: 'salty', rules: [{ id: 'w', clauses: [], weight: 14955, rolloutContextKind: 'org', bucketBy: '/id' }] });
      assert.equal(membership([s], { kind: 'multi', user: { key: 'x' }, org: { key: 'o', id: 'user-key' } }), 'in');
      assert.equal(membership([s], { kind: 'multi', user: { key: 'x' }, org: { key: 'o', id: 'unmatching-key' } }), 'out');
      assert.equal(membership([s], u('unmatching-key')), 'in');
      assert.equal(membership([{ ...s, rules: [{ id: 'w', clauses: [], weight: 0, rolloutContextKind: 'org' }] }], u('x')), 'out');
    });

    it('is MALFORMED_FLAG for a weighted rule with an invalid bucketBy, or a bad clause', () => {
      assert.equal(membership([segment({ key: 's', rules: [{ id: 'w', clauses: [], weight: 1, rolloutContextKind: 'user', bucketBy: '//' }] })], u('k')), 'error');
      assert.equal(membership([segment({ key: 's', rules: [{ id: 'w', clauses: [{ attribute: '', op: 'in', values: [] }] }] })], u('k')), 'error');
    });
  });

  describe('segmentMatch clauses', () => {
    const a = segment({ key: 'a', included: ['ka'] });
    const b = segment({ key: 'b', included: ['kb'] });

    it('matches membership in any listed segment, skipping unknown ones', () => {
      assert.equal(membership([a, b], u('kb'), ['nope', 'a', 'b']), 'in');
      assert.equal(membership([a, b], u('kc'), ['nope', 'a', 'b']), 'out');
      assert.equal(membership([a, b], u('ka'), ['nope']), 'out');
    });

    it('negates', () => {
      assert.equal(membership([a], u('ka'), ['a'], true), 'out');
      assert.equal(membership([a], u('kc'), ['a'], true), 'in');
      assert.equal(membership([a], u('kc'), ['nope'], true), 'in');
    });

    it('looks up non-string values by their text, as the Node SDK store does', () => {
      assert.equal(membership([segment({ key: '5', included: ['k'] })], u('k'), [5]), 'in');
    });

    it('treats a deleted segment as missing', () => {
      assert.equal(membership([{ ...a, deleted: true }], u('ka')), 'out');
    });

    it('nests: a segment rule may require another segment', () => {
      const outer = segment({ key: 'outer', rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['a'] }, nameIs('Ann')] }] });
      assert.equal(membership([outer, a], u('ka', { name: 'Ann' }), ['outer']), 'in');
      assert.equal(membership([outer, a], u('kb', { name: 'Ann' }), ['outer']), 'out');
    });

    it('is MALFORMED_FLAG for a cycle, at any depth', () => {
      const self = segment({ key: 'self', rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['self'] }] }] });
      assert.equal(membership([self], u('k')), 'error');
      const x = segment({ key: 'x', rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['y'] }] }] });
      const y = segment({ key: 'y', rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['z'] }] }] });
      const z = segment({ key: 'z', rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['x'] }] }] });
      assert.equal(membership([x, y, z], u('k')), 'error');
      const result = evaluateFlag(flag({ rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['x'] }], variation: 1 }] }), ctx(u('k')), { segments: [x, y, z] });
      assert.deepEqual(result.reason, MALFORMED);
    });

    it('does not mistake two uses of one segment for a cycle', () => {
      const twice = segment({ key: 't', rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['a'] }, { attribute: '', op: 'segmentMatch', values: ['a'] }] }] });
      assert.equal(membership([twice, a], u('ka'), ['t', 'a']), 'in');
      const f = flag({ rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['a'] }, { attribute: '', op: 'segmentMatch', values: ['a'] }], variation: 1 }] });
      assert.equal(evaluateFlag(f, ctx(u('ka')), { segments: [a] }).reason.kind, 'RULE_MATCH');
    });
  });

  describe('Big (unbounded) segments, without a Big Segment store', () => {
    const big = (fields: Partial<Segment> = {}) => segment({ key: 'big', unbounded: true, generation: 1, included: ['k'], rules: [{ id: 'r', clauses: [nameIs('Ann')] }], ...fields });

    it('ignores the lists, decides by the rules and reports NOT_CONFIGURED', () => {
      const f = flag({ rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['big'] }], variation: 1 }] });
      assert.deepEqual(evaluateFlag(f, ctx(u('k')), { segments: [big()] }).reason, { kind: 'FALLTHROUGH', bigSegmentsStatus: 'NOT_CONFIGURED' });
      assert.deepEqual(evaluateFlag(f, ctx(u('x', { name: 'Ann' })), { segments: [big()] }).reason, {
        kind: 'RULE_MATCH',
        ruleId: 'r',
        ruleIndex: 0,
        bigSegmentsStatus: 'NOT_CONFIGURED',
      });
    });

    it('is never matched without a generation (still NOT_CONFIGURED)', () => {
      const f = flag({ rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['big'] }], variation: 1 }] });
      assert.deepEqual(evaluateFlag(f, ctx(u('x', { name: 'Ann' })), { segments: [big({ generation: undefined })] }).reason, { kind: 'FALLTHROUGH', bigSegmentsStatus: 'NOT_CONFIGURED' });
    });

    it('is not consulted (no status) for a context without the unbounded kind', () => {
      const f = flag({ rules: [{ id: 'r', clauses: [{ attribute: '', op: 'segmentMatch', values: ['big'] }], variation: 1 }] });
      assert.deepEqual(evaluateFlag(f, ctx(u('x', { name: 'Ann' })), { segments: [big({ unboundedContextKind: 'org' })] }).reason, { kind: 'FALLTHROUGH' });
    });
  });

  it('keeps the raw segment and lists problems as warnings', () => {
    const raw = segment({ key: 's', rules: [{ id: 'r', clauses: [{ attribute: 'email', op: 'matches', values: ['(?<!a)b'] }] }] });
    const prepared = prepareSegment(raw);
    assert.equal(prepared.segment, raw);
    assert.equal(prepared.key, 's');
    assert.match(prepared.warnings[0], /^segment s: rules\[0\]\.clauses\[0\]: regular expression '\(\?<!a\)b' refused/);
  });
});
