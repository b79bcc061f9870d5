import assert from 'node:assert/strict';
import { integrations } from '@launchdarkly/node-server-sdk';
import { decode } from '../../../lib/model/decode';
import { Flag } from '../../../lib/model/flag';
import { TestDataFlagBuilder } from '../../../lib/integrations/test-data/flag-builder';
import { TestData } from '../../../lib/integrations/test-data/test-data';

/** The builder methods ours and LaunchDarkly's share (both classes fit this shape). */
interface Builder {
  booleanFlag(): Builder;
  variations(...values: unknown[]): Builder;
  on(on: boolean): Builder;
  fallthroughVariation(variation: number | boolean): Builder;
  offVariation(variation: number | boolean): Builder;
  variationForAll(variation: number | boolean): Builder;
  valueForAll(value: unknown): Builder;
  variationForUser(key: string, variation: number | boolean): Builder;
  variationForContext(kind: string, key: string, variation: number | boolean): Builder;
  clearRules(): Builder;
  clearAllTargets(): Builder;
  ifMatch(kind: string, attribute: string, ...values: unknown[]): RuleBuilder;
  ifNotMatch(kind: string, attribute: string, ...values: unknown[]): RuleBuilder;
  samplingRatio(ratio: number): Builder;
  checkRatio(ratio: number): Builder;
}
interface RuleBuilder {
  andMatch(kind: string, attribute: string, ...values: unknown[]): RuleBuilder;
  andNotMatch(kind: string, attribute: string, ...values: unknown[]): RuleBuilder;
  thenReturn(variation: number | boolean): Builder;
}

/** LaunchDarkly's built flag as JSON, without the parsed `attributeReference` it adds to clauses. */
function launchDarklyFlag(builder: Builder, version: number): unknown {
  // `build` is public in LaunchDarkly's JavaScript but left out of its type declarations.
  const built = (builder as unknown as { build(version: number): unknown }).build(version);
  const json = JSON.parse(JSON.stringify(built)) as { rules?: Array<{ clauses: Array<Record<string, unknown>> }> };
  for (const rule of json.rules ?? []) for (const clause of rule.clauses) delete clause.attributeReference;
  return json;
}

const chains: Array<[string, (builder: Builder) => Builder]> = [
  ['a new flag', (b) => b],
  [
    'user targets and a two-clause rule (the issue example)',
    (b) =>
      b
        .booleanFlag()
        .variationForUser('alice', true)
        .variationForUser('bob', false)
        .ifMatch('user', 'country', 'gb', 'fr')
        .andNotMatch('user', 'plan', 'free')
        .thenReturn(false),
  ],
  [
    'targets of several kinds, moved between variations',
    (b) =>
      b
        .variations('red', 'green', 'blue')
        .offVariation(2)
        .fallthroughVariation(1)
        .variationForContext('org', 'acme', 0)
        .variationForUser('u1', 2)
        .variationForContext('org', 'acme', 1)
        .variationForUser('u2', 2)
        .variationForContext('device', 'd1', 0)
        .variationForUser('u1', 0)
        .variationForUser('u1', 0),
  ],
  ['an index outside the variations only removes the key', (b) => b.variationForUser('u', 0).variationForUser('u', 5)],
  ['a single value for everyone', (b) => b.variationForUser('u', true).ifMatch('user', 'k', 1).thenReturn(true).valueForAll({ a: [1] })],
  ['one variation for everyone clears targets and rules', (b) => b.on(false).variationForUser('u', false).ifMatch('user', 'x').thenReturn(true).variationForAll(false)],
  ['off, with sampling and check ratios', (b) => b.on(false).samplingRatio(10).checkRatio(3)],
  [
    'index rules on a non-boolean flag, then a boolean rule converts it',
    (b) =>
      b
        .variations('a', 'b', 'c')
        .ifMatch('org', '/address/city', 'x', 'y')
        .thenReturn(2)
        .ifNotMatch('user', 'email')
        .andMatch('device', 'os', 'ios')
        .thenReturn(0),
  ],
  ['a boolean fallthrough converts a non-boolean flag', (b) => b.variations(1, 2, 3).offVariation(2).fallthroughVariation(true)],
  ['clearing everything', (b) => b.variationForUser('u', true).ifMatch('user', 'a', 1).thenReturn(false).clearRules().clearAllTargets()],
];

describe('TestDataFlagBuilder', () => {
  for (const [name, chain] of chains) {
    it(`builds the same flag JSON as LaunchDarkly's TestData: ${name}`, () => {
      const ours = chain(new TestData().flag('the-flag')) as TestDataFlagBuilder;
      const theirs = chain(new integrations.TestData().flag('the-flag'));
      const built = ours.build(3);
      assert.deepEqual(built, launchDarklyFlag(theirs, 3));
      const decoded = decode(Flag, built, 'built flag');
      assert.ok(decoded._tag === 'Right', JSON.stringify(decoded));
    });
  }

  it('builds the same flag after update and flag(key) as LaunchDarkly (a copy of the last builder)', async () => {
    const ours = new TestData();
    const theirs = new integrations.TestData();
    const first = (b: Builder) => b.variationForUser('alice', false).ifMatch('user', 'team', 'core').thenReturn(true);
    const second = (b: Builder) => b.variationForContext('org', 'acme', true).variationForUser('alice', true);
    const ourFirst = ours.flag('f');
    await ours.update(first(ourFirst) as typeof ourFirst);
    await theirs.update(first(theirs.flag('f')) as ReturnType<typeof theirs.flag>);
    const ourNext = second(ours.flag('f')) as typeof ourFirst;
    assert.deepEqual(ourNext.build(2), launchDarklyFlag(second(theirs.flag('f')), 2));
    ourFirst.variationForUser('carol', true);
    assert.deepEqual(ours.flag('f').build(2).targets, [{ values: ['alice'], variation: 1 }], 'later builder changes are not kept');
  });

  it('keeps sampling and check ratios in the copy from flag(key) (LaunchDarkly drops them)', async () => {
    const td = new TestData();
    await td.update(td.flag('f').samplingRatio(5).checkRatio(2));
    const copy = td.flag('f').build(1);
    assert.equal(copy.samplingRatio, 5);
    assert.deepEqual(copy.migration, { checkRatio: 2 });
  });

  it('returns fresh objects from build', () => {
    const builder = new TestData().flag('f').variationForUser('u', true).ifMatch('user', 'a', 1).thenReturn(false);
    const built = builder.build(1);
    (built.variations as unknown[]).push('x');
    built.targets![0].values.push('mutated');
    built.rules![0].clauses![0].values!.push(2);
    assert.deepEqual(builder.build(1), {
      key: 'f',
      version: 1,
      on: true,
      offVariation: 1,
      fallthrough: { variation: 0 },
      variations: [true, false],
      targets: [{ values: ['u'], variation: 0 }],
      contextTargets: [{ contextKind: 'user', values: [], variation: 0 }],
      rules: [{ id: 'rule0', variation: 1, clauses: [{ contextKind: 'user', attribute: 'a', op: 'in', values: [1], negate: false }] }],
    });
  });
});
