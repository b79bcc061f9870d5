import assert from 'node:assert/strict';
import { describeOutcome, differingFields, type Outcome } from './compare';
import { flagstreamEvaluator } from './flagstream-evaluator';
import { launchDarklyEvaluator } from './harness';
import type { RawFlagData } from './launchdarkly-runner';

type Json = Record<string, unknown>;

/** A boolean flag `f` with the given extra fields. */
function flag(fields: Json): Json {
  return { key: 'f', version: 1, on: true, variations: ['a', 'b', 'c'], fallthrough: { variation: 2 }, offVariation: 1, ...fields };
}

function rule(clauses: Json[] | undefined, extra: Json = {}): Json {
  return { id: 'r0', variation: 0, ...(clauses === undefined ? {} : { clauses }), ...extra };
}

const user = { kind: 'user', key: 'u1', name: 'Ann' };

/**
 * Evaluates `f` (or `key`) with both SDKs; asserts they agree and that LaunchDarkly's result is
 * the documented quirk (so the case keeps testing what its title says).
 */
async function agree(data: Partial<RawFlagData>, context: unknown, expected: Partial<{ value: unknown; variationIndex: number | null; reason: Json }>, key = 'f'): Promise<void> {
  const full = { flags: data.flags ?? {}, segments: data.segments ?? {} };
  const ld = await launchDarklyEvaluator(full);
  try {
    const fs = await flagstreamEvaluator(full);
    const reference: Outcome = await ld.evaluate(key, structuredClone(context), 'dflt');
    const candidate: Outcome = await fs.evaluate(key, structuredClone(context), 'dflt');
    assert.deepEqual(differingFields(reference, candidate), [], `LaunchDarkly ${describeOutcome(reference)}\nflagstream   ${describeOutcome(candidate)}`);
    assert.ok(!('threw' in reference));
    for (const [field, value] of Object.entries(expected)) {
      assert.deepEqual(JSON.parse(JSON.stringify((reference as Json)[field])), value, `LaunchDarkly ${field}`);
    }
  } finally {
    ld.close();
  }
}

const bad = { contextKind: 'user', attribute: '///', op: 'in', values: ['x'] };
const keyIsU1 = { contextKind: 'user', attribute: 'key', op: 'in', values: ['u1'] };

describe('Node SDK quirks flagstream reproduces (each checked against LaunchDarkly)', () => {
  it('an erroring clause followed by a matching one does not fail the rule', async () => {
    await agree({ flags: { f: flag({ rules: [rule([bad, keyIsU1])] }) } }, user, { variationIndex: 0, reason: { kind: 'RULE_MATCH', ruleId: 'r0', ruleIndex: 0 } });
  });

  it('an erroring last clause is MALFORMED_FLAG', async () => {
    await agree({ flags: { f: flag({ rules: [rule([keyIsU1, bad])] }) } }, user, { variationIndex: null, reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' } });
  });

  it('a rule without `clauses` never matches; with `clauses: []` it always does', async () => {
    await agree({ flags: { f: flag({ rules: [rule(undefined), rule([], { id: 'r1', variation: 1 })] }) } }, user, { variationIndex: 1 });
  });

  it('a negated unknown operator matches', async () => {
    await agree({ flags: { f: flag({ rules: [rule([{ contextKind: 'user', attribute: 'name', op: 'regexMatch', values: ['x'], negate: true }])] }) } }, user, { variationIndex: 0 });
  });

  it('seed 0 counts as no seed', async () => {
    const rollout = (seed: number | undefined) => ({ rollout: { variations: [{ variation: 0, weight: 50000 }, { variation: 1, weight: 50000 }], ...(seed === undefined ? {} : { seed }) } });
    for (const key of ['u0', 'u1', 'u2', 'u3', 'u4', 'u5']) {
      await agree({ flags: { f: flag({ fallthrough: rollout(0) }) } }, { key }, {});
    }
  });

  it('an experiment whose weights are all 0 serves the last variation, in the experiment even without the kind', async () => {
    const fallthrough = { rollout: { kind: 'experiment', contextKind: 'org', variations: [{ variation: 0, weight: 0 }, { variation: 1, weight: 0 }] } };
    await agree({ flags: { f: flag({ fallthrough }) } }, user, { variationIndex: 1, reason: { kind: 'FALLTHROUGH', inExperiment: true } });
  });

  it('a segment rule rolling out on a kind the context lacks buckets at 0 and matches', async () => {
    const segment = { key: 's', version: 1, rules: [{ clauses: [keyIsU1], weight: 1, rolloutContextKind: 'org' }] };
    const f = flag({ rules: [rule([{ op: 'segmentMatch', values: ['s'] }])] });
    await agree({ flags: { f }, segments: { s: segment } }, user, { variationIndex: 0 });
  });

  it('a cycle is no error when a later prerequisite fails: the cycle error is overwritten', async () => {
    // f → f (cycle, detected one level down) then f → g (off). The nested f's cycle error is
    // replaced by "g failed", so the top-level f sees its prerequisite f fail instead of an error.
    const f = flag({ prerequisites: [{ key: 'f', variation: 0 }, { key: 'g', variation: 0 }] });
    const g = { key: 'g', version: 1, on: false, variations: [true, false], offVariation: 1 };
    await agree({ flags: { f, g } }, user, { variationIndex: 1, reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'f' } });
    // Without the failing g the cycle is MALFORMED_FLAG.
    const alone = flag({ prerequisites: [{ key: 'f', variation: 0 }] });
    await agree({ flags: { f: alone } }, user, { variationIndex: null, reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' } });
  });

  it('a reference component starting with ~ is not unescaped', async () => {
    const f = flag({ rules: [rule([{ contextKind: 'user', attribute: '/~1slash', op: 'in', values: ['lit'] }])] });
    await agree({ flags: { f } }, { kind: 'user', key: 'u1', '~1slash': 'lit', '/slash': 'other' }, { variationIndex: 0 });
  });

  it('a non-integer variation index serves an undefined value with that index', async () => {
    await agree({ flags: { f: flag({ fallthrough: { variation: 0.5 } }) } }, user, { variationIndex: 0.5 });
  });

  it('an RFC 3339 prefix with trailing junk is accepted by the check but never compares', async () => {
    const f = flag({ rules: [rule([{ contextKind: 'user', attribute: 'at', op: 'before', values: ['2030-01-01T00:00:00Zjunk'] }])] });
    await agree({ flags: { f } }, { kind: 'user', key: 'u1', at: 0 }, { variationIndex: 2 });
  });

  it('a Big Segment with no store reports NOT_CONFIGURED', async () => {
    const segment = { key: 's', version: 1, unbounded: true, generation: 2, rules: [{ clauses: [keyIsU1] }] };
    const f = flag({ rules: [rule([{ op: 'segmentMatch', values: ['s'] }])] });
    await agree({ flags: { f }, segments: { s: segment } }, user, { variationIndex: 0, reason: { kind: 'RULE_MATCH', ruleId: 'r0', ruleIndex: 0, bigSegmentsStatus: 'NOT_CONFIGURED' } });
  });

  it('legacy users: numeric keys are strings, `kind: null` is still legacy, custom `kind` is ignored', async () => {
    const f = flag({ targets: [{ values: ['7'], variation: 0 }], rules: [rule([{ attribute: 'kind', op: 'in', values: ['org'] }], { variation: 1 })] });
    await agree({ flags: { f } }, { key: 7, kind: null, custom: { kind: 'org' } }, { variationIndex: 0 });
    await agree({ flags: { f } }, { key: 'x', custom: { kind: 'org' } }, { variationIndex: 2 });
  });

  it('a non-object context is USER_NOT_SPECIFIED (LaunchDarkly itself throws; see harness.ts)', async () => {
    await agree({ flags: { f: flag({}) } }, 42, { value: 'dflt', reason: { kind: 'ERROR', errorKind: 'USER_NOT_SPECIFIED' } });
  });
});
