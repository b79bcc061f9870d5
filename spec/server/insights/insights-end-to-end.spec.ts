import assert from 'node:assert/strict';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { silentLogger } from '../../../lib/logging/logger';
import { SDK_KEY, startTestServer, type TestServer, testEnvironments } from '../helpers/test-server';
import { getInsights } from './insights-helpers';

describe('insights end to end: the real SDK client against the real flag server', () => {
  let t: TestServer;
  let client: FlagstreamClient | undefined;

  beforeEach(async () => {
    const environments = testEnvironments();
    environments.production.flags = {
      ...environments.production.flags,
      split: {
        key: 'split',
        version: 1,
        on: true,
        salt: 'split-salt',
        variations: ['control', 'treatment'],
        offVariation: 0,
        fallthrough: { rollout: { variations: [{ variation: 0, weight: 30_000 }, { variation: 1, weight: 70_000 }] } },
      },
    };
    t = await startTestServer({ environments });
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await t.stop();
  });

  it('shows a 30/70 rollout evaluated for 2,000 contexts as about 30/70, with its contexts and custom events', async () => {
    client = createClient({ sdkKey: SDK_KEY, baseUri: t.url, logger: silentLogger });
    await client.waitForInitialization({ timeout: 5000 });
    const served = { control: 0, treatment: 0 } as Record<string, number>;
    for (let i = 0; i < 2000; i++) {
      const user = { kind: 'user', key: `user-${i}` };
      served[client.variation('split', user, 'none') as string]++;
      if (i % 10 === 0) client.track('converted', user, undefined, 2.5);
    }
    client.variation('no-such-flag', { kind: 'user', key: 'user-0' }, false);
    await client.flush();

    const { status, json } = await getInsights(t, 'flag=split');
    assert.equal(status, 200);
    const { flag } = json;
    assert.equal(flag.defined, true);
    assert.equal(flag.evaluations, 2000);
    const [control, treatment] = flag.variations;
    assert.deepEqual([control.variation, control.value, treatment.variation, treatment.value], [0, 'control', 1, 'treatment']);
    assert.deepEqual([control.count, treatment.count], [served.control, served.treatment], 'exactly what the SDK served');
    assert.ok(Math.abs(control.percent - 30) < 3 && Math.abs(treatment.percent - 70) < 3, `split ${control.percent}/${treatment.percent}`);
    assert.equal(flag.series.length, 1);
    assert.equal(flag.series[0].evaluations, 2000);

    assert.deepEqual(json.customEvents, [{ key: 'converted', count: 200, metricCount: 200, sum: 500, mean: 2.5 }]);
    const { distinct, byKind } = json.contexts;
    assert.ok(Math.abs(distinct - 2000) / 2000 < 0.05, `contexts seen ${distinct}`);
    assert.deepEqual(byKind.map((k: { kind: string }) => k.kind), ['user']);

    const all = await getInsights(t);
    const missing = all.json.flags.find((f: { key: string }) => f.key === 'no-such-flag');
    assert.deepEqual([missing.defined, missing.evaluations, missing.unknown], [false, 0, 1]);

    await client.flush(); // nothing new: nothing counted twice
    assert.equal((await getInsights(t, 'flag=split')).json.flag.evaluations, 2000);
  });
});
