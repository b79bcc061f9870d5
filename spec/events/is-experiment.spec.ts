import assert from 'node:assert/strict';
import type { EvaluationReason } from '../../lib/evaluation/evaluation-reason';
import { isExperiment } from '../../lib/events/is-experiment';
import type { Flag } from '../../lib/model/flag';

const flag: Flag = {
  key: 'f',
  version: 1,
  rules: [{ id: 'r0', trackEvents: false }, { id: 'r1', trackEvents: true }],
  trackEventsFallthrough: true,
};

describe('isExperiment', () => {
  const cases: Array<[string, Flag, EvaluationReason | undefined, boolean]> = [
    ['inExperiment on a fallthrough', { key: 'f', version: 1 }, { kind: 'FALLTHROUGH', inExperiment: true }, true],
    ['inExperiment on a rule', { key: 'f', version: 1 }, { kind: 'RULE_MATCH', ruleIndex: 0, inExperiment: true }, true],
    ['fallthrough with trackEventsFallthrough', flag, { kind: 'FALLTHROUGH' }, true],
    ['fallthrough without trackEventsFallthrough', { key: 'f', version: 1 }, { kind: 'FALLTHROUGH' }, false],
    ['a rule with trackEvents', flag, { kind: 'RULE_MATCH', ruleIndex: 1, ruleId: 'r1' }, true],
    ['a rule without trackEvents', flag, { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'r0' }, false],
    ['a rule index out of range', flag, { kind: 'RULE_MATCH', ruleIndex: 2 }, false],
    ['a negative rule index', flag, { kind: 'RULE_MATCH', ruleIndex: -1 }, false],
    ['a target match', flag, { kind: 'TARGET_MATCH' }, false],
    ['an error', flag, { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' }, false],
    ['no reason', flag, undefined, false],
  ];
  for (const [name, model, reason, expected] of cases) {
    it(`${expected ? 'is' : 'is not'} an experiment: ${name}`, () => {
      assert.equal(isExperiment(model, reason), expected);
    });
  }
});
