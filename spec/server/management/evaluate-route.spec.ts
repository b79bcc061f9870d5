import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server';

const EVALUATE = '/api/environments/production/evaluate';

describe('admin API: POST /api/environments/:env/evaluate', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
    await t.admin('PUT', '/api/environments/production/flags/banner', {
      on: true,
      salt: 's',
      variations: ['red', 'green', 'blue'],
      offVariation: 0,
      prerequisites: [{ key: 'checkout', variation: 1 }],
      rules: [{ id: 'beta-rule', clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['beta'] }], variation: 2 }],
      fallthrough: { rollout: { variations: [{ variation: 0, weight: 50000 }, { variation: 1, weight: 50000 }] } },
    });
  });
  afterEach(() => t.stop());

  it('answers every flag with the SDK evaluator\'s value and reason and the trace behind it', async () => {
    const response = await t.admin('POST', EVALUATE, { context: { kind: 'user', key: 'u1', email: 'x@y.z' } });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json.context, { key: 'u1', kinds: ['user'] });
    const [banner, checkout] = response.json.items;
    assert.deepEqual([banner.key, checkout.key], ['banner', 'checkout']);
    assert.deepEqual({ value: checkout.value, variationIndex: checkout.variationIndex, reason: checkout.reason }, { value: false, variationIndex: 1, reason: { kind: 'FALLTHROUGH' } });
    // banner: the prerequisite checkout serves variation 1 (met), then u1 is included in beta
    assert.deepEqual(banner.reason, { kind: 'RULE_MATCH', ruleId: 'beta-rule', ruleIndex: 0 });
    assert.equal(banner.value, 'blue');
    assert.equal(banner.trace.prerequisites[0].met, true);
    assert.equal(banner.trace.prerequisites[0].trace.decidedBy, 'fallthrough');
    assert.deepEqual(banner.trace.rules[0].clauses[0].segments, [{ key: 'beta', found: true, member: true, decidedBy: 'included' }]);
    assert.deepEqual(banner.trace.result, { value: banner.value, variationIndex: banner.variationIndex, reason: banner.reason });
  });

  it('evaluates only the flags asked for, FLAG_NOT_FOUND for unknown ones, without the trace on request', async () => {
    const response = await t.admin('POST', EVALUATE, { context: { kind: 'user', key: 'u7' }, flags: ['banner', 'nope'], trace: false });
    assert.equal(response.status, 200);
    const [banner, nope] = response.json.items;
    assert.equal(banner.trace, undefined);
    assert.equal(banner.reason.kind, 'FALLTHROUGH');
    assert.deepEqual(nope, { key: 'nope', value: null, variationIndex: null, reason: { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' } });
    const traced = await t.admin('POST', EVALUATE, { context: { kind: 'user', key: 'u7' }, flags: ['banner'] });
    const rollout = traced.json.items[0].trace.fallthrough.rollout;
    assert.equal(rollout.bucketValue, 'u7');
    assert.ok(rollout.bucket >= 0 && rollout.bucket < 1);
    assert.equal(traced.json.items[0].variationIndex, rollout.bucket < 0.5 ? 0 : 1);
  });

  it('refuses an invalid context or body with 400 naming what is wrong, and an unknown environment with 404', async () => {
    const noKind = await t.admin('POST', EVALUATE, { context: { kind: 'b@d', key: 'x' } });
    assert.equal(noKind.status, 400);
    assert.match(noKind.json.issues[0], /^context: .*b@d/);
    const badFlags = await t.admin('POST', EVALUATE, { context: { key: 'u' }, flags: 'banner' });
    assert.equal(badFlags.status, 400);
    assert.match(badFlags.json.issues.join('\n'), /flags/);
    assert.equal((await t.admin('POST', '/api/environments/nope/evaluate', { context: { key: 'u' } })).status, 404);
  });
});
