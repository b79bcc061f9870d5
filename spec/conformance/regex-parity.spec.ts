import assert from 'node:assert/strict';
import type { Outcome } from './compare';
import { flagstreamEvaluator } from './flagstream-evaluator';
import { LaunchDarklyRunner } from './launchdarkly-runner';
import { REGEXES } from './pools';

/**
 * Values every pattern is tried on: the pools' strings and those that tell engines apart (line
 * terminators, Unicode white space, an astral character and lone surrogates, near-misses).
 */
const VALUES = [
  'Ann', 'Bob', 'ann', '', 'Zoë', 'Ann Lee', 'AnnBob', '\u{1F600}', 'a1b2c3d4', 'uu', 'u2',
  'ann@example.com', 'bob@corp.example.com', 'qa1@gmail.com', 'ops@yahoo.com', 'ANN@EXAMPLE.COM', 'x@y',
  'ann.lee@corp.example.com', 'a.b@corp.example.com', '1.2.3', '1.2.3.', '10.20', 'foobar', 'barfoox', 'fo',
  'a\n', '\nAnn', 'Ann\r', '\u2028', '\u00a0', '\ufeff', '\v', '\uD83D', '\uDE00x', 'x,y,x', 'x,y', 'ee', 'e',
  '\u0001', '\u0002\u0002', 'A', 'AA', 'aaaaan', 'Ann2', 'abc1def', '-', 'z', '9',
];

/** The value of an outcome, or what it threw. */
function valueOf(outcome: Outcome): unknown {
  return 'threw' in outcome ? `threw ${outcome.threw}` : outcome.value;
}

describe('differential conformance: matches, pattern by pattern', function () {
  this.timeout(30_000);

  it(`agrees with LaunchDarkly on ${REGEXES.length} patterns × ${VALUES.length} values`, async () => {
    const flags: Record<string, unknown> = {};
    REGEXES.forEach((pattern, i) => {
      flags[`re-${i}`] = {
        key: `re-${i}`, version: 1, on: true, salt: 's', variations: [false, true], offVariation: 0,
        fallthrough: { variation: 0 }, rules: [{ id: 'r', variation: 1, clauses: [{ attribute: 's', op: 'matches', values: [pattern] }] }],
      };
    });
    const data = { flags, segments: {} };
    const launchDarkly = await LaunchDarklyRunner.open(data);
    const flagstream = await flagstreamEvaluator(data);
    const differences: string[] = [];
    let matches = 0;
    try {
      for (let i = 0; i < REGEXES.length; i++) {
        for (const value of VALUES) {
          const context = { kind: 'user', key: 'k', s: value };
          const expected = (await launchDarkly.evaluate(`re-${i}`, context, null)).value;
          const actual = valueOf(await flagstream.evaluate(`re-${i}`, context, null));
          if (expected === true) matches++;
          if (actual !== expected) differences.push(`/${REGEXES[i]}/ on ${JSON.stringify(value)}: LaunchDarkly ${expected}, flagstream ${actual}`);
        }
      }
    } finally {
      launchDarkly.close();
      await flagstream.close();
    }
    assert.deepEqual(differences, []);
    assert.ok(matches > 100, `only ${matches} matches: the values hardly exercise the patterns`);
  });
});
