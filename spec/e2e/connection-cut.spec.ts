import assert from 'node:assert/strict';
import type { FlagChange, FlagstreamClient } from '../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { ALICE } from './helpers/e2e-data';
import { streamingClient } from './helpers/e2e-client';
import { E2eServer } from './helpers/e2e-server';
import { type Recorder, Recorders, record } from './helpers/recorder';

describe('e2e: the stream connection is cut on the server side', () => {
  let server: E2eServer;
  let client: FlagstreamClient | undefined;
  const recorders = new Recorders();
  const watch = recorders.watch;
  /** How many times the status became VALID (the initial replayed status included). */
  const validCount = (status: Recorder<DataSourceStatus>): number =>
    status.values.filter((s, i) => s.state === 'VALID' && status.values[i - 1]?.state !== 'VALID').length;

  beforeEach(async () => {
    server = await E2eServer.start();
  });

  afterEach(async () => {
    recorders.stopAll();
    await client?.close();
    await server.dispose();
  });

  it('reconnects with its data intact, reports no change for the identical resync, and keeps receiving changes', async () => {
    client = streamingClient(server.url);
    await client.waitForInitialization({ timeout: 3000 });
    const status = watch(record(client.status$));
    const changes = watch(record<FlagChange>(client.flagChanges$));
    const checkout = watch(record(client.variation$<unknown>('checkout', ALICE, 'default')));

    assert.equal(server.watch.cutStreams(), 1);
    const interrupted = await status.waitFor((s) => s.state === 'INTERRUPTED', 'INTERRUPTED after the cut');
    assert.equal(interrupted.lastError?.kind, 'NETWORK_ERROR');
    assert.equal(client.variation('checkout', ALICE, 'default'), true, 'data intact while interrupted');

    await status.waitFor(() => validCount(status) === 2, 'VALID again after reconnecting');
    assert.equal(server.connectionCount(), 1);
    assert.deepEqual(changes.values, [], 'the resync brought the same data: no change reported');
    assert.deepEqual(checkout.values, [true]);

    await server.patchFlag('checkout', { kind: 'turnFlagOff' });
    await checkout.waitFor((value) => value === false, 'the change over the new connection');
    assert.equal(server.watch.upgrades, 2);
    assert.equal(server.watch.maxStreamsOpen, 1);
  });

  it('gets a change made while it was cut off from the resync', async () => {
    client = streamingClient(server.url, { reconnect: { initialDelay: 200, maxDelay: 200 } });
    await client.waitForInitialization({ timeout: 3000 });
    const status = watch(record(client.status$));
    const changes = watch(record<FlagChange>(client.flagChanges$));
    const plan = watch(record(client.variation$('plan', ALICE, 'default')));

    server.watch.cutStreams();
    await status.waitFor((s) => s.state === 'INTERRUPTED', 'INTERRUPTED after the cut');
    await server.patchFlag('checkout', { kind: 'turnFlagOff' });

    await plan.waitFor((value) => value === 'basic', 'plan to follow checkout');
    await changes.waitFor((c) => c.key === 'plan', 'a change of plan');
    assert.deepEqual(changes.values.map((c) => c.key).sort(), ['checkout', 'plan']);
    assert.equal(client.variation('checkout', ALICE, 'default'), false);
  });

  it('opens exactly one new connection per cut, never two at once', async () => {
    client = streamingClient(server.url);
    await client.waitForInitialization({ timeout: 3000 });
    const status = watch(record(client.status$));
    for (let cut = 1; cut <= 5; cut++) {
      assert.equal(server.watch.cutStreams(), 1, `cut ${cut}`);
      await status.waitFor(() => validCount(status) === cut + 1, `VALID after cut ${cut}`);
    }
    assert.equal(server.watch.upgrades, 6);
    assert.equal(server.watch.maxStreamsOpen, 1);
    assert.equal(server.connectionCount(), 1);
    assert.equal(client.variation('banner', ALICE, 'default'), 'hello');
  });
});
