import assert from 'node:assert/strict';
import { createClient } from '../../lib/client/create-client';
import type { FlagChange, FlagstreamClient } from '../../lib/client/flagstream-client';
import { silentLogger } from '../../lib/logging/logger';
import { ALICE, ENVIRONMENT, flag, SDK_KEY } from './helpers/e2e-data';
import { E2eServer } from './helpers/e2e-server';
import { type Recorder, Recorders, record } from './helpers/recorder';

describe('e2e: admin API changes reach a client streaming with the default options', () => {
  let server: E2eServer;
  let client: FlagstreamClient;
  const recorders = new Recorders();
  const watch = recorders.watch;
  const keys = (changes: Recorder<FlagChange>): string[] => [...new Set(changes.values.map((change) => change.key))].sort();

  beforeEach(async () => {
    server = await E2eServer.start();
    // The public defaults: streaming (with polling fallback), nothing short-circuited.
    client = createClient({ sdkKey: SDK_KEY, baseUri: server.url, sendEvents: false, logger: silentLogger });
    await client.waitForInitialization({ timeout: 3000 });
  });

  afterEach(async () => {
    recorders.stopAll();
    await client.close();
    await server.dispose();
  });

  it('turning a flag off and on changes variation$ of the flag and of its dependant, and flagChanges$ names both', async () => {
    const checkout = watch(record(client.variation$<unknown>('checkout', ALICE, 'default')));
    const plan = watch(record(client.variation$('plan', ALICE, 'default')));
    const banner = watch(record(client.variation$('banner', ALICE, 'default')));
    const changes = watch(record(client.flagChanges$));
    assert.deepEqual([checkout.values, plan.values, banner.values], [[true], ['full'], ['hello']]);

    await server.patchFlag('checkout', { kind: 'turnFlagOff' });
    await checkout.waitFor((value) => value === false, 'checkout to turn false');
    await plan.waitFor((value) => value === 'basic', 'plan to follow its prerequisite');
    await changes.waitFor((change) => change.key === 'plan', 'a change of plan');
    // Both changes of one patch are published together: nothing else can still be on its way.
    assert.deepEqual(keys(changes), ['checkout', 'plan']);
    assert.deepEqual(client.variationDetail('plan', ALICE, 'default').reason, { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'checkout' });

    await server.patchFlag('checkout', { kind: 'turnFlagOn' });
    await plan.waitFor((value) => value === 'full' && plan.values.length === 3, 'plan back to full');
    assert.deepEqual([checkout.values, plan.values, banner.values], [[true, false, true], ['full', 'basic', 'full'], ['hello']]);
    assert.deepEqual(
      changes.values.map((change) => change.key),
      ['checkout', 'plan', 'checkout', 'plan'],
    );
  });

  it('a targeting change reaches only the contexts it affects', async () => {
    const alice = watch(record(client.variation$('banner', ALICE, 'default')));
    const bob = watch(record(client.variation$('banner', { kind: 'user', key: 'bob' }, 'default')));
    const changes = watch(record(client.flagChanges$));

    await server.patchFlag('banner', { kind: 'addTargets', variation: 1, values: ['alice'] });
    await alice.waitFor((value) => value === 'welcome back', 'alice to be targeted');
    await changes.waitFor((change) => change.key === 'banner', 'a change of banner');
    assert.deepEqual(alice.values, ['hello', 'welcome back']);
    assert.deepEqual(bob.values, ['hello'], 'bob is not targeted: his variation$ emits nothing');
    assert.equal(client.variationDetail('banner', ALICE, 'default').reason.kind, 'TARGET_MATCH');
  });

  it('a deleted flag serves the default and a created one appears, without a reconnect', async () => {
    const legacy = watch(record(client.variation$<unknown>('legacy', ALICE, 'default')));
    const fresh = watch(record(client.variation$('fresh', ALICE, 'default')));
    const changes = watch(record(client.flagChanges$));
    assert.deepEqual([legacy.values, fresh.values], [[true], ['default']]);

    const deleted = await server.admin('DELETE', `/api/environments/${ENVIRONMENT}/flags/legacy`);
    assert.equal(deleted.status, 200);
    await legacy.waitFor((value) => value === 'default', 'legacy to be gone');
    assert.deepEqual(client.variationDetail('legacy', ALICE, 'default').reason, { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' });

    const created = await server.admin('PUT', `/api/environments/${ENVIRONMENT}/flags/fresh`, flag('fresh', ['new', 'old']));
    assert.equal(created.status, 201);
    await fresh.waitFor((value) => value === 'new', 'fresh to appear');
    assert.deepEqual(
      changes.values.map((change) => change.key),
      ['legacy', 'fresh'],
    );
    assert.equal(server.watch.upgrades, 1, 'one stream connection carried everything');
  });

  it('uses exactly one connection for the whole session, however many changes and watchers', async () => {
    const watchers = Array.from({ length: 20 }, (_, i) => watch(record(client.variation$<unknown>('checkout', { kind: 'user', key: `u${i}` }, 'default'))));
    const changes = watch(record(client.flagChanges$));
    for (let i = 0; i < 10; i++) {
      await server.patchFlag('checkout', { kind: i % 2 === 0 ? 'turnFlagOff' : 'turnFlagOn' });
    }
    await changes.waitFor(() => changes.values.filter((change) => change.key === 'checkout').length === 10, 'ten changes of checkout');
    for (const watcher of watchers) assert.deepEqual(watcher.values, [true, false, true, false, true, false, true, false, true, false, true]);
    assert.equal(server.connectionCount(), 1);
    assert.equal(server.watch.upgrades, 1, 'stream connections ever opened');
    assert.equal(server.watch.maxStreamsOpen, 1);
  });
});
