import assert from 'node:assert/strict';
import { LaunchDarklyRunner } from '../../conformance/launchdarkly-runner';
import { openStream } from '../helpers/stream-client';
import { SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';

const DATA = '/api/environments/production/data';

/** A LaunchDarkly-style payload listed "backwards": flags before the flags and segments they use. */
function payload() {
  return {
    flags: {
      'new-ui': {
        key: 'new-ui',
        version: 12,
        on: true,
        salt: 'nu',
        prerequisites: [{ key: 'base-ui', variation: 0 }],
        targets: [{ variation: 1, values: ['vip'] }],
        contextTargets: [{ contextKind: 'user', variation: 1 }, { contextKind: 'org', variation: 1, values: ['acme'] }],
        rules: [{ id: 'r1', clauses: [{ attribute: 'segmentMatch', op: 'segmentMatch', values: ['testers'] }], variation: 1 }],
        fallthrough: { rollout: { variations: [{ variation: 0, weight: 60000 }, { variation: 1, weight: 40000 }] } },
        offVariation: 0,
        variations: ['old', 'new'],
      },
      'orphan': {
        key: 'orphan',
        version: 3,
        on: true,
        salt: 'o',
        prerequisites: [{ key: 'not-there', variation: 0 }],
        fallthrough: { variation: 1 },
        offVariation: 0,
        variations: [false, true],
      },
      'base-ui': { key: 'base-ui', version: 4, on: true, salt: 'b', fallthrough: { variation: 0 }, offVariation: 1, variations: [true, false] },
    },
    segments: {
      testers: { key: 'testers', version: 2, salt: 't', included: ['t1'], rules: [{ clauses: [{ attribute: 'email', op: 'endsWith', values: ['@qa.example'] }] }] },
    },
  };
}

const CONTEXTS = [
  { kind: 'user', key: 'vip' },
  { kind: 'user', key: 't1' },
  { kind: 'user', key: 'someone', email: 'x@qa.example' },
  { kind: 'org', key: 'acme' },
  ...Array.from({ length: 12 }, (_, i) => ({ kind: 'user', key: `user-${i}` })),
];

describe('admin API: import and export of an environment', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(() => t.stop());

  it('imports a payload with forward references and tolerated defects at once, evaluating as LaunchDarkly does', async () => {
    const stream = await openStream(t.url, SDK_KEY);
    await stream.next();
    const imported = await t.admin('PUT', DATA, payload());
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    assert.equal(imported.json.flags, 3);
    assert.equal(imported.json.segments, 1);
    assert.equal(imported.json.deleted, 2, 'checkout and beta were not in the payload');
    const warnings: string[] = imported.json.warnings;
    assert.ok(warnings.some((w) => w.startsWith('flags/orphan: ') && w.includes('not-there')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.startsWith('flags/new-ui: contextTargets[0].values: missing (LaunchDarkly\'s convention')), warnings.join('\n'));
    assert.equal(warnings.length, 2, warnings.join('\n'));

    const exported = await t.admin('GET', DATA);
    assert.deepEqual(Object.keys(exported.json.flags).sort(), ['base-ui', 'new-ui', 'orphan']);
    assert.deepEqual(Object.keys(exported.json.segments), ['testers']);
    const frames = [];
    for (let i = 0; i < 6; i++) frames.push(await stream.next());
    assert.deepEqual(frames.map((f) => `${f.type} ${f.kind}`).slice(0, 1), ['patch segments'], 'segments first');

    const runner = await LaunchDarklyRunner.open(payload());
    try {
      for (const context of CONTEXTS) {
        const ours = await t.admin('POST', '/api/environments/production/evaluate', { context, trace: false });
        for (const item of ours.json.items) {
          const theirs = await runner.evaluate(item.key, context, null);
          assert.deepEqual({ value: item.value, variationIndex: item.variationIndex, reason: item.reason }, JSON.parse(JSON.stringify(theirs)), `${item.key} for ${JSON.stringify(context)}`);
        }
      }
    } finally {
      await runner.close();
    }
    stream.ws.terminate();
  });

  it('round-trips: what GET exports, PUT takes back (into another environment)', async () => {
    assert.equal((await t.admin('PUT', DATA, payload())).status, 200);
    const exported = await t.admin('GET', DATA);
    const copy = await t.admin('PUT', '/api/environments/staging/data', exported.json);
    assert.equal(copy.status, 200);
    const again = await t.admin('GET', '/api/environments/staging/data');
    const strip = (data: any) => JSON.stringify(data, (key, value) => (key === 'version' ? undefined : value));
    assert.equal(strip(again.json), strip(exported.json));
  });

  it('imports LaunchDarkly\'s flag file format (flagValues)', async () => {
    const response = await t.admin('PUT', DATA, { flagValues: { 'banner-text': 'hello', limit: 5 }, segments: {} });
    assert.equal(response.status, 200);
    const evaluated = await t.admin('POST', '/api/environments/production/evaluate', { context: { key: 'u' }, trace: false });
    assert.deepEqual(evaluated.json.items.map((i: any) => [i.key, i.value]), [['banner-text', 'hello'], ['limit', 5]]);
  });

  it('refuses a payload that does not decode, naming each path, and changes nothing', async () => {
    const before = await t.admin('GET', DATA);
    const bad = payload() as any;
    bad.flags['base-ui'].variations = 'nope';
    bad.segments.testers.key = 'other';
    const response = await t.admin('PUT', DATA, bad);
    assert.equal(response.status, 400);
    assert.match(response.json.issues.join('\n'), /flags\.base-ui\.variations/);
    assert.deepEqual((await t.admin('GET', DATA)).json, before.json);
    assert.equal((await t.admin('PUT', DATA, [])).status, 400);
  });

  it('is audited as one import', async () => {
    await t.admin('PUT', DATA, payload(), { 'X-Flagstream-Comment': 'from LaunchDarkly' });
    const audit = await t.admin('GET', '/api/audit?target=data');
    assert.equal(audit.json.items.length, 1);
    assert.deepEqual([audit.json.items[0].action, audit.json.items[0].actor, audit.json.items[0].comment], ['import', 'bootstrap', 'from LaunchDarkly']);
  });
});
