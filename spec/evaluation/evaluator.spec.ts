import assert from 'node:assert/strict';
import { evaluate } from '../../lib/evaluation/evaluator';
import { prepareFlag } from '../../lib/evaluation/prepared-flag';
import { evaluateFlag, flag, lookupOf, MALFORMED, plain, user } from './fixtures';

describe('evaluate: off, fallthrough and served variations', () => {
  it('serves the off variation when the flag is off', () => {
    assert.deepEqual(plain(evaluateFlag(flag({ on: false, offVariation: 1 }), user('u'))), { value: true, variationIndex: 1, reason: { kind: 'OFF' } });
  });

  it('serves no value (null/null) when off without an off variation; not an error', () => {
    for (const offVariation of [undefined, null]) {
      assert.deepEqual(plain(evaluateFlag(flag({ on: false, offVariation }), user('u'))), { value: null, variationIndex: null, reason: { kind: 'OFF' } });
    }
  });

  it('treats a missing or null `on` as off', () => {
    assert.equal(evaluateFlag(flag({ on: undefined }), user('u')).reason.kind, 'OFF');
    assert.equal(evaluateFlag(flag({ on: null }), user('u')).reason.kind, 'OFF');
  });

  it('falls through', () => {
    assert.deepEqual(plain(evaluateFlag(flag({ fallthrough: { variation: 1 } }), user('u'))), { value: true, variationIndex: 1, reason: { kind: 'FALLTHROUGH' } });
  });

  const malformed: [string, Parameters<typeof flag>[0]][] = [
    ['an off variation out of range', { on: false, offVariation: 2 }],
    ['a negative off variation', { on: false, offVariation: -1 }],
    ['a fallthrough variation out of range', { fallthrough: { variation: 2 } }],
    ['no fallthrough', { fallthrough: undefined }],
    ['a fallthrough with neither variation nor rollout', { fallthrough: {} }],
    ['a fallthrough rollout without variations', { fallthrough: { rollout: { variations: [] } } }],
    ['no variations at all (the Node SDK throws here)', { variations: undefined }],
    ['a rule variation out of range', { rules: [{ id: 'r', clauses: [], variation: 5 }] }],
  ];
  for (const [name, fields] of malformed) {
    it(`is MALFORMED_FLAG with ${name}`, () => {
      const result = evaluateFlag(flag(fields), user('u'));
      assert.deepEqual(plain(result), { value: null, variationIndex: null, reason: MALFORMED });
    });
  }

  it('lists such problems as warnings when preparing', () => {
    const prepared = prepareFlag(flag({ fallthrough: { variation: 2 }, rules: [{ id: 'r', clauses: [{ attribute: '//', contextKind: 'user', op: 'in', values: [] }], variation: 0 }] }));
    assert.equal(prepared.warnings.length, 2);
    assert.match(prepared.warnings[0], /^rules\[0\]\.clauses\[0\]: attribute reference '\/\/' has an empty path component/);
    assert.match(prepared.warnings[1], /^fallthrough\.variation: index 2 is out of range/);
  });

  it('serves undefined for a fractional index in range, as the Node SDK does', () => {
    assert.deepEqual(plain(evaluateFlag(flag({ fallthrough: { variation: 0.5 } }), user('u'))), { value: undefined, variationIndex: 0.5, reason: { kind: 'FALLTHROUGH' } });
  });

  it('serves the first matching rule, with ruleId and ruleIndex', () => {
    const f = flag({
      rules: [
        { id: 'no', clauses: [{ attribute: 'name', op: 'in', values: ['x'] }], variation: 0 },
        { id: 'yes', clauses: [{ attribute: 'name', op: 'in', values: ['Ann'] }], variation: 1 },
        { id: 'later', clauses: [], variation: 0 },
      ],
    });
    assert.deepEqual(plain(evaluateFlag(f, user('u', { name: 'Ann' }))), { value: true, variationIndex: 1, reason: { kind: 'RULE_MATCH', ruleId: 'yes', ruleIndex: 1 } });
  });

  it('keeps a ruleId property (undefined) for a rule without id, in LaunchDarkly order', () => {
    const reason = evaluateFlag(flag({ rules: [{ clauses: [], variation: 1 }] }), user('u')).reason;
    assert.deepEqual(Object.keys(reason), ['kind', 'ruleId', 'ruleIndex']);
    assert.ok('ruleId' in reason && reason.ruleId === undefined);
  });

  it('matches a rule with an empty clause list, never one without clauses', () => {
    assert.equal(evaluateFlag(flag({ rules: [{ id: 'r', clauses: [], variation: 1 }] }), user('u')).reason.kind, 'RULE_MATCH');
    assert.equal(evaluateFlag(flag({ rules: [{ id: 'r', variation: 1 }] }), user('u')).reason.kind, 'FALLTHROUGH');
    assert.equal(evaluateFlag(flag({ rules: [{ id: 'r', clauses: null, variation: 1 }] }), user('u')).reason.kind, 'FALLTHROUGH');
  });

  it('returns shared frozen results for fixed outcomes (no allocation per evaluation)', () => {
    const lookup = lookupOf([flag()]);
    const prepared = lookup.getFlag('f')!;
    const first = evaluate(prepared, user('a'), lookup);
    assert.equal(evaluate(prepared, user('b'), lookup), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.reason));
    assert.equal(prepared.flag.key, 'f');
  });
});
