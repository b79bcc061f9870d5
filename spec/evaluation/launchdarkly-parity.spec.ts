import assert from 'node:assert/strict';
import { init, integrations, type LDClient } from '@launchdarkly/node-server-sdk';
import { FlagEvaluator } from '../../lib/client/flag-evaluator';
import { HookRunner } from '../../lib/client/hook-runner';
import { silentLogger } from '../../lib/logging/logger';
import type { Clause } from '../../lib/model/clause';
import type { Flag } from '../../lib/model/flag';
import type { Segment } from '../../lib/model/segment';
import { lookupOf } from './fixtures';

/**
 * Hand-picked cases, mostly Node SDK quirks, evaluated by flagstream and by the LaunchDarkly Node
 * SDK itself (through its TestData source, which loads flags exactly as its stores do); results
 * must be identical, reasons included. The broad differential fuzzing lives in spec/conformance.
 */
interface Case {
  name: string;
  flags: Flag[];
  segments?: Segment[];
  context: unknown;
  key?: string;
  /** Keep flag and segment keys as they are (keys must then be unique across cases). */
  keepKeys?: boolean;
}

const base = (fields: Partial<Flag>): Flag => ({ key: 'f', version: 1, on: true, salt: 'salt', variations: ['a', 'b', 'c'], offVariation: 0, fallthrough: { variation: 0 }, ...fields });
const rule = (clauses: Clause[], fields: Partial<Flag> = {}): Flag => base({ rules: [{ id: 'r', clauses, variation: 1 }], ...fields });
const user = { kind: 'user', key: 'userKeyA', name: 'Ann', tags: ['x', 'y'], n: 33333, nested: { city: 'Oslo' }, '/lit': 1, version: '2.0.0-rc.1', when: '2017-12-06T00:00:00.000-07:00' };

const cases: Case[] = [
  { name: 'off without off variation', flags: [base({ on: false, offVariation: undefined })], context: user },
  { name: 'rule without id', flags: [base({ rules: [{ clauses: [], variation: 2 }] })], context: user },
  { name: 'unknown operator negated', flags: [rule([{ attribute: 'name', op: 'nope', values: ['Ann'], negate: true }])], context: user },
  { name: 'missing attribute negated', flags: [rule([{ attribute: 'zzz', op: 'in', values: ['x'], negate: true }])], context: user },
  { name: 'clause error then match', flags: [rule([{ attribute: '', op: 'in', values: ['x'] }, { attribute: 'name', op: 'in', values: ['Ann'] }])], context: user },
  { name: 'clause match then error', flags: [rule([{ attribute: 'name', op: 'in', values: ['Ann'] }, { contextKind: 'user', attribute: '/a~2', op: 'in', values: ['x'] }])], context: user },
  { name: 'kind attribute', flags: [rule([{ contextKind: 'org', attribute: 'kind', op: 'in', values: ['user'] }])], context: user },
  { name: 'literal slash attribute', flags: [rule([{ attribute: '/lit', op: 'in', values: [1] }])], context: user },
  { name: 'reference with trailing slash', flags: [rule([{ contextKind: 'user', attribute: '/nested/', op: 'in', values: [1] }])], context: { ...user, nested: { '': 1 } } },
  { name: 'component starting with ~', flags: [rule([{ contextKind: 'user', attribute: '/~1lit', op: 'in', values: [1] }])], context: { ...user, '~1lit': 1 } },
  { name: 'anonymous as boolean', flags: [rule([{ attribute: 'anonymous', op: 'in', values: [true] }])], context: { ...user, anonymous: 'yes' } },
  { name: 'semver prerelease order', flags: [rule([{ attribute: 'version', op: 'semVerLessThan', values: ['2.0.0-rc.10'] }])], context: user },
  { name: 'lenient semver', flags: [rule([{ attribute: 'version', op: 'semVerEqual', values: ['2.1'] }])], context: { ...user, version: ' 2.1.0 ' } },
  { name: 'date with offset', flags: [rule([{ attribute: 'when', op: 'before', values: ['2017-12-06T07:00:00.001Z'] }])], context: user },
  { name: 'toString operator', flags: [rule([{ attribute: 'name', op: 'toString', values: ['z'] }])], context: user },
  { name: 'segmentMatch by number', flags: [rule([{ attribute: '', op: 'segmentMatch', values: [5] }])], segments: [{ key: '5', version: 1, included: ['userKeyA'] }], context: user, keepKeys: true },
  { name: 'segment rule without kind buckets 0', flags: [rule([{ attribute: '', op: 'segmentMatch', values: ['s'] }])], segments: [{ key: 's', version: 1, rules: [{ id: 'w', clauses: [], weight: 1, rolloutContextKind: 'org' }] }], context: user },
  { name: 'segment cycle', flags: [rule([{ attribute: '', op: 'segmentMatch', values: ['s'] }])], segments: [{ key: 's', version: 1, rules: [{ id: 'w', clauses: [{ attribute: '', op: 'segmentMatch', values: ['s'] }] }] }], context: user },
  { name: 'big segment', flags: [rule([{ attribute: '', op: 'segmentMatch', values: ['b'] }])], segments: [{ key: 'b', version: 1, unbounded: true, generation: 2, rules: [{ id: 'x', clauses: [] }] }], context: user },
  { name: 'rollout past the end', flags: [base({ fallthrough: { rollout: { variations: [{ variation: 2, weight: 1 }, { variation: 1, weight: 1 }] } } })], context: user },
  { name: 'seed 0', flags: [base({ key: 'hashKey', salt: 'saltyA', fallthrough: { rollout: { seed: 0, variations: [{ variation: 0, weight: 42000 }, { variation: 1, weight: 58000 }] } } })], context: user },
  { name: 'bucket by integer', flags: [base({ key: 'hashKey', salt: 'saltyA', fallthrough: { rollout: { bucketBy: 'n', variations: [{ variation: 0, weight: 54771 }, { variation: 1, weight: 45229 }] } } })], context: user },
  { name: 'experiment without kind, last bucket', flags: [base({ fallthrough: { rollout: { kind: 'experiment', contextKind: 'org', variations: [{ variation: 1, weight: 0 }] } } })], context: user },
  { name: 'experiment untracked', flags: [base({ rules: [{ id: 'e', clauses: [], rollout: { kind: 'experiment', variations: [{ variation: 1, weight: 100000, untracked: true }] } }] })], context: user },
  { name: 'prerequisite self-cycle', flags: [base({ prerequisites: [{ key: 'f', variation: 0 }] })], context: user },
  { name: 'prerequisite cycle, then missing', flags: [base({ prerequisites: [{ key: 'f', variation: 0 }, { key: 'gone', variation: 0 }] })], context: user },
  { name: 'prerequisite error passes through', flags: [base({ prerequisites: [{ key: 'p', variation: 0 }] }), base({ key: 'p', fallthrough: { variation: 8 } })], context: user },
  { name: 'off prerequisite serving the variation', flags: [base({ prerequisites: [{ key: 'p', variation: 1 }], offVariation: 2 }), base({ key: 'p', on: false, offVariation: 1 })], context: user },
  { name: 'contextTargets order', flags: [base({ targets: [{ variation: 2, values: ['userKeyA'] }, { variation: 1, values: ['userKeyA'] }], contextTargets: [{ contextKind: 'user', variation: 1, values: [] }, { variation: 2, values: [] }] })], context: user },
  { name: 'legacy user custom attribute', flags: [rule([{ attribute: 'plan', op: 'in', values: ['pro'] }])], context: { key: 7, custom: { plan: 'pro' } } },
  { name: 'legacy user top-level non-built-in', flags: [rule([{ attribute: 'plan', op: 'in', values: ['pro'] }])], context: { key: 'k', plan: 'pro' } },
  { name: 'legacy user empty key target', flags: [base({ targets: [{ variation: 1, values: [''] }] })], context: { key: '' } },
  { name: 'multi-kind with one kind', flags: [rule([{ contextKind: 'org', attribute: 'key', op: 'in', values: ['o'] }])], context: { kind: 'multi', org: { key: 'o' } } },
  { name: 'invalid context', flags: [base({})], context: { kind: 'multi' } },
  { name: 'unknown flag', flags: [base({})], context: user, key: 'nope' },
];

describe('parity with the LaunchDarkly Node SDK (hand-picked cases)', function () {
  this.timeout(20000);
  let td: InstanceType<typeof integrations.TestData>;
  let client: LDClient;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };

  before(async () => {
    td = new integrations.TestData();
    client = init('sdk-key', { updateProcessor: td.getFactory(), sendEvents: false, diagnosticOptOut: true, logger: silent });
    await client.waitForInitialization({ timeout: 10 });
  });

  after(() => client.close());

  cases.forEach((c, i) => {
    it(c.name, async () => {
      // Unique keys per case: the LaunchDarkly side keeps every flag it was given.
      const rename = (key: string) => (c.keepKeys ? key : `c${i}-${key}`);
      const flags = c.flags.map((f) => ({
        ...f,
        key: rename(f.key),
        prerequisites: f.prerequisites?.map((p) => ({ ...p, key: rename(p.key) })),
        rules: f.rules?.map((r) => ({ ...r, clauses: r.clauses?.map((cl) => (cl.op === 'segmentMatch' ? { ...cl, values: cl.values?.map((v) => (typeof v === 'string' ? rename(v) : v)) } : cl)) })),
      }));
      const segments = (c.segments ?? []).map((s) => ({
        ...s,
        key: rename(s.key),
        rules: s.rules?.map((r) => ({ ...r, clauses: r.clauses?.map((cl) => (cl.op === 'segmentMatch' ? { ...cl, values: cl.values?.map((v) => (typeof v === 'string' ? rename(v) : v)) } : cl)) })),
      }));
      for (const s of segments) await td.usePreconfiguredSegment(s);
      for (const f of flags) await td.usePreconfiguredFlag(f);
      const key = rename(c.key ?? 'f');
      const expected = await client.variationDetail(key, c.context as never, 'default');
      const evaluator = new FlagEvaluator(lookupOf(flags, segments), () => true, new HookRunner([], silentLogger), undefined, silentLogger);
      const actual = evaluator.detail(key, c.context, 'default', 'any', 'variationDetail', true);
      assert.deepStrictEqual({ ...actual, reason: { ...actual.reason } }, expected);
    });
  });
});
