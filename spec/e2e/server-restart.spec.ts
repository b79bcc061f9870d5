import assert from 'node:assert/strict';
import type { FlagChange, FlagstreamClient } from '../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { ALICE, ENVIRONMENT } from './helpers/e2e-data';
import { streamingClient } from './helpers/e2e-client';
import { E2eServer } from './helpers/e2e-server';
import { Recorders, record } from './helpers/recorder';

describe('e2e: the server restarts', () => {
  let server: E2eServer;
  let client: FlagstreamClient | undefined;
  const recorders = new Recorders();
  const watch = recorders.watch;

  beforeEach(async () => {
    server = await E2eServer.start();
  });

  afterEach(async () => {
    recorders.stopAll();
    await client?.close();
    await server.dispose();
  });

  it('resyncs with data changed while it was down: no stale flag, variation$ and flagChanges$ report each change', async () => {
    client = streamingClient(server.url);
    await client.waitForInitialization({ timeout: 3000 });
    const status = watch(record(client.status$));
    const changes = watch(record<FlagChange>(client.flagChanges$));
    const legacy = watch(record(client.variation$<unknown>('legacy', ALICE, 'default')));
    const banner = watch(record(client.variation$('banner', ALICE, 'default')));
    const checkout = watch(record(client.variation$<unknown>('checkout', ALICE, 'default')));

    await server.stop();
    await status.waitFor((s) => s.state === 'INTERRUPTED', 'INTERRUPTED once the server is gone');
    // While it is down, an operator edits the data file: one flag deleted, another switched off.
    const document = await server.readData();
    const flags = document.environments[ENVIRONMENT].flags!;
    delete flags.legacy;
    flags.banner = { ...flags.banner, on: false, version: 2 };
    server.writeData(document);
    assert.equal(client.variation('legacy', ALICE, 'default'), true, 'the last known data stays in force meanwhile');

    await server.startAgain();
    await changes.waitFor((c) => c.key === 'legacy', 'a change of legacy');
    await changes.waitFor((c) => c.key === 'banner', 'a change of banner');
    assert.deepEqual(changes.values.map((c) => c.key).sort(), ['banner', 'legacy'], 'the unchanged flags are not reported');
    assert.deepEqual(legacy.values, [true, 'default']);
    assert.deepEqual(banner.values, ['hello', 'goodbye']);
    assert.deepEqual(checkout.values, [true]);
    assert.deepEqual(client.variationDetail('legacy', ALICE, 'default').reason, { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' });
    assert.deepEqual(Object.keys(client.allFlagsState(ALICE).allValues()).sort(), ['banner', 'checkout', 'plan']);
    // (failed reconnects while the server was down may repeat INTERRUPTED, with a newer error)
    const states = status.values.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]);
    assert.deepEqual(states, ['VALID', 'INTERRUPTED', 'VALID'], 'VALID again with the put');
    assert.equal(server.watch.upgrades, 2);
    assert.equal(server.watch.maxStreamsOpen, 1);
  });

  it('misses no admin change made on the restarted server before the client is back', async () => {
    // A long first delay: the change below is (normally) made while the client waits to reconnect.
    client = streamingClient(server.url, { reconnect: { initialDelay: 300, maxDelay: 300 } });
    await client.waitForInitialization({ timeout: 3000 });
    const status = watch(record(client.status$));
    const checkout = watch(record(client.variation$<unknown>('checkout', ALICE, 'default')));
    const plan = watch(record(client.variation$('plan', ALICE, 'default')));

    await server.stop();
    await status.waitFor((s) => s.state === 'INTERRUPTED', 'INTERRUPTED');
    await server.startAgain();
    await server.patchFlag('checkout', { kind: 'turnFlagOff' });

    await plan.waitFor((value) => value === 'basic', 'plan to follow checkout');
    assert.deepEqual(checkout.values, [true, false]);
    assert.deepEqual(plan.values, ['full', 'basic']);
    // The restarted server continued the versions it had saved: checkout is now at version 2.
    const stored = await server.admin('GET', `/api/environments/${ENVIRONMENT}/flags/checkout`);
    assert.equal(stored.json.version, 2);
    assert.equal(server.connectionCount(), 1);
  });
});
