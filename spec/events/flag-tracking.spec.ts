import assert from 'node:assert/strict';
import { type EvaluationContext, parseContext } from '../../lib/context/evaluation-context';
import type { EvaluationLookup } from '../../lib/evaluation/evaluation-lookup';
import { evaluate } from '../../lib/evaluation/evaluator';
import { prepareFlag } from '../../lib/evaluation/prepared-flag';
import { flagMayTrack } from '../../lib/events/flag-tracking';
import { isExperiment } from '../../lib/events/is-experiment';
import type { Flag } from '../../lib/model/flag';

const base: Flag = { key: 'f', version: 1, on: true, salt: 's', variations: [false, true], fallthrough: { variation: 0 }, offVariation: 0 };
const rule = (extra: Record<string, unknown>) => ({ id: 'r', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], variation: 1, ...extra });

describe('flagMayTrack', () => {
  it('is true exactly for trackEvents, trackEventsFallthrough, a rule with trackEvents, or debugEventsUntilDate', () => {
    const cases: Array<[string, Flag, boolean]> = [
      ['plain', base, false],
      ['trackEvents', { ...base, trackEvents: true }, true],
      ['trackEvents false/null', { ...base, trackEvents: false, trackEventsFallthrough: null }, false],
      ['trackEventsFallthrough', { ...base, trackEventsFallthrough: true }, true],
      ['a rule with trackEvents', { ...base, rules: [rule({}), rule({ trackEvents: true })] }, true],
      ['rules without trackEvents', { ...base, rules: [rule({ trackEvents: false })] }, false],
      ['debugEventsUntilDate', { ...base, debugEventsUntilDate: 1 }, true],
      ['debugEventsUntilDate null', { ...base, debugEventsUntilDate: null }, false],
      ['an experiment rollout (decided by the reason)', { ...base, fallthrough: { rollout: { kind: 'experiment', variations: [{ variation: 1, weight: 100_000 }] } } }, false],
    ];
    for (const [name, flag, expected] of cases) assert.equal(flagMayTrack(flag), expected, name);
  });

  it('never hides a full event: for every evaluation, isExperiment(flag, reason) ⇒ flagMayTrack(flag) or reason.inExperiment', () => {
    const experiment = { rollout: { kind: 'experiment', variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000, untracked: false }] } };
    const rollout = { rollout: { variations: [{ variation: 0, weight: 30_000 }, { variation: 1, weight: 70_000 }] } };
    const flags: Flag[] = [
      base,
      { ...base, trackEventsFallthrough: true },
      { ...base, fallthrough: experiment },
      { ...base, fallthrough: rollout, rules: [rule({ trackEvents: true })] },
      { ...base, rules: [rule({ ...experiment, variation: undefined })] },
      { ...base, rules: [rule({ ...rollout, variation: undefined })] },
      { ...base, on: false },
    ];
    const noSegments: EvaluationLookup = { getFlag: () => undefined, getSegment: () => undefined };
    const contexts = Array.from({ length: 40 }, (_, i) => parseContext({ kind: i % 5 === 0 ? 'org' : 'user', key: `k${i}`, plan: i % 2 === 0 ? 'pro' : 'free' }) as EvaluationContext);
    let experiments = 0;
    for (const flag of flags) {
      const prepared = prepareFlag(flag);
      for (const context of contexts) {
        const { reason } = evaluate(prepared, context, noSegments);
        if (!isExperiment(flag, reason)) continue;
        experiments++;
        const inExperiment = (reason as { inExperiment?: boolean }).inExperiment === true;
        assert.ok(flagMayTrack(flag) || inExperiment, `${JSON.stringify(flag)} for ${context.canonicalKey}: ${JSON.stringify(reason)}`);
      }
    }
    assert.ok(experiments > 40, `only ${experiments} experiment evaluations: the check proves little`);
  });
});
