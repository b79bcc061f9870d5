import assert from 'node:assert/strict';
import { canonicalJson, differingFields, type Outcome } from './compare';
import { formatMismatch, launchDarklyEvaluator, runConformance, type EvaluatorFactory } from './harness';

/** The reference itself, with `alter` applied to every result it returns. */
function alteredReference(alter: (flagKey: string, outcome: Outcome) => Outcome): EvaluatorFactory {
  return async (data) => {
    const inner = await launchDarklyEvaluator(data);
    return {
      evaluate: async (flagKey, context, defaultValue) => alter(flagKey, await inner.evaluate(flagKey, context, defaultValue)),
      close: () => inner.close(),
    };
  };
}

function isRuleMatch(outcome: Outcome): boolean {
  return !('threw' in outcome) && (outcome.reason as { kind?: string }).kind === 'RULE_MATCH';
}

describe('conformance harness (self-test)', () => {
  it('finds no mismatch when the candidate is the reference itself', async () => {
    const report = await runConformance({ seed: 11, cases: 300, candidate: launchDarklyEvaluator });
    assert.ok(report.cases >= 300, `ran ${report.cases} cases`);
    assert.equal(report.mismatchCount, 0, report.mismatches.map(formatMismatch).join('\n\n'));
  });

  it('reports a deliberately different reason as a mismatch, with what reproduces it', async () => {
    // Drop `ruleId` from every RULE_MATCH: a subtle difference that must not slip through.
    const candidate = alteredReference((_key, outcome) => {
      if (!isRuleMatch(outcome) || 'threw' in outcome) return outcome;
      const { ruleId: _dropped, ...reason } = outcome.reason as Record<string, unknown>;
      return { ...outcome, reason };
    });
    const report = await runConformance({ seed: 12, cases: 1000, candidate });
    const ruleMatches = report.outcomes.RULE_MATCH ?? 0;
    assert.ok(ruleMatches > 0, 'the generated cases contain rule matches');
    const withRuleId = report.mismatchCount;
    assert.ok(withRuleId > 0 && withRuleId <= ruleMatches + (report.outcomes['RULE_MATCH+inExperiment'] ?? 0));
    const first = report.mismatches[0];
    assert.deepEqual(first.fields, ['reason']);
    assert.ok(first.data.flags[first.flagKey], 'the mismatch carries the flag JSON');
    const text = formatMismatch(first);
    assert.match(text, new RegExp(`--seed 12 --case ${first.caseIndex}\\b`));
    assert.ok(text.includes(canonicalJson(first.context)), 'the mismatch shows the context');

    // The printed case index alone reproduces the same disagreement.
    const again = await runConformance({ seed: 12, cases: 0, onlyCase: first.caseIndex, candidate });
    assert.equal(again.cases, 1);
    assert.equal(again.mismatchCount, 1);
    assert.equal(canonicalJson(again.mismatches[0].context), canonicalJson(first.context));
    assert.equal(again.mismatches[0].flagKey, first.flagKey);
  });

  it('reports a different value or variation index, and a candidate that throws', async () => {
    const candidate = alteredReference((flagKey, outcome) => {
      if ('threw' in outcome) return outcome;
      if (flagKey === 'flag-1') throw new Error('boom');
      if (flagKey === 'flag-2' && outcome.variationIndex !== null) return { ...outcome, variationIndex: (outcome.variationIndex ?? 0) + 1 };
      if (flagKey === 'flag-3') return { ...outcome, value: ['something else'] };
      return outcome;
    });
    const report = await runConformance({ seed: 13, cases: 500, candidate, keepMismatches: 1000 });
    const byFlag = (key: string) => report.mismatches.filter((m) => m.flagKey === key);
    assert.ok(byFlag('flag-1').length > 0 && byFlag('flag-1').every((m) => 'threw' in m.actual && m.fields[0] === 'threw'));
    assert.ok(byFlag('flag-2').length > 0 && byFlag('flag-2').every((m) => m.fields.includes('variationIndex')));
    assert.ok(byFlag('flag-3').length > 0 && byFlag('flag-3').every((m) => m.fields.includes('value')));
    assert.equal(report.mismatchCount, report.mismatches.length);
    assert.ok(report.mismatches.every((m) => ['flag-1', 'flag-2', 'flag-3'].includes(m.flagKey)));
  });
});

describe('differingFields', () => {
  const detail = { value: 'a', variationIndex: 0, reason: { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'r' } };

  it('ignores key order and undefined properties', () => {
    const same = { reason: { ruleId: 'r', ruleIndex: 0, kind: 'RULE_MATCH', inExperiment: undefined }, variationIndex: 0, value: 'a' };
    assert.deepEqual(differingFields(detail, same), []);
  });

  it('treats an absent variationIndex as null, but not as 0', () => {
    const none = { value: 'd', variationIndex: null, reason: { kind: 'OFF' } };
    assert.deepEqual(differingFields(none, { value: 'd', reason: { kind: 'OFF' } }), []);
    assert.deepEqual(differingFields(none, { value: 'd', variationIndex: 0, reason: { kind: 'OFF' } }), ['variationIndex']);
  });

  it('names each differing field', () => {
    assert.deepEqual(differingFields(detail, { ...detail, value: 'b' }), ['value']);
    assert.deepEqual(differingFields(detail, { ...detail, value: 1, reason: { kind: 'FALLTHROUGH' } }), ['value', 'reason']);
    assert.deepEqual(differingFields(detail, { ...detail, reason: { ...detail.reason, inExperiment: true } }), ['reason']);
    assert.deepEqual(differingFields(detail, { threw: 'x' }), ['threw']);
    assert.deepEqual(differingFields({ threw: 'x' }, { threw: 'y' }), []);
  });

  it('tells 1 from true and null from a missing value', () => {
    assert.deepEqual(differingFields({ ...detail, value: 1 }, { ...detail, value: true }), ['value']);
    assert.deepEqual(differingFields({ ...detail, value: null }, { ...detail, value: undefined }), ['value']);
  });
});
