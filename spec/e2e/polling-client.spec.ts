import assert from 'node:assert/strict';
import { createClient } from '../../lib/client/create-client';
import type { FlagChange, FlagstreamClient } from '../../lib/client/flagstream-client';
import { silentLogger } from '../../lib/logging/logger';
import { ALICE, SDK_KEY } from './helpers/e2e-data';
import { E2eServer } from './helpers/e2e-server';
import type { ObservedResponse } from './helpers/port-watch';
import { type Recorder, record } from './helpers/recorder';

describe('e2e: a polling client (stream: false)', () => {
  let server: E2eServer;
  let client: FlagstreamClient;
  let recorders: Recorder<unknown>[];

  const polls = (): ObservedResponse[] => server.watch.responses.filter((r) => r.path === '/sdk/latest-all');
  const waitForPolls = (count: number): Promise<void> => server.watch.changed.until(() => polls().length >= count, `${count} polls`, 3000);

  beforeEach(async () => {
    recorders = [];
    server = await E2eServer.start();
    client = createClient({ sdkKey: SDK_KEY, baseUri: server.url, stream: false, pollInterval: 1000, sendEvents: false, logger: silentLogger });
  });

  afterEach(async () => {
    for (const recorder of recorders) recorder.stop();
    await client.close();
    await server.dispose();
  });

  it('initializes from one 200, then gets 304s, and picks up an admin change with the next 200', async function () {
    this.timeout(10_000); // three poll intervals of 1,000 ms (the minimum)
    await client.waitForInitialization({ timeout: 3000 });
    const checkout = record(client.variation$<unknown>('checkout', ALICE, 'default'));
    const changes = record<FlagChange>(client.flagChanges$);
    recorders.push(checkout as Recorder<unknown>, changes as Recorder<unknown>);
    assert.deepEqual(polls().map((p) => [p.status, p.ifNoneMatch]), [[200, undefined]]);

    await waitForPolls(2);
    const [, unchanged] = polls();
    assert.equal(unchanged.status, 304);
    assert.match(unchanged.ifNoneMatch ?? '', /^"[^"]+"$/, 'the ETag of the first answer is sent back');
    assert.deepEqual(checkout.values, [true], 'a 304 changes nothing');

    await server.patchFlag('checkout', { kind: 'turnFlagOff' });
    await checkout.waitFor((value) => value === false, 'the change to arrive by polling', 3000);
    const changed = polls().at(-1)!;
    assert.equal(changed.status, 200);
    assert.equal(changed.ifNoneMatch, unchanged.ifNoneMatch, 'asked with the old ETag, got the new data');
    assert.ok(polls().slice(1, -1).every((p) => p.status === 304), JSON.stringify(polls()));
    assert.deepEqual(changes.values.map((c) => c.key).sort(), ['checkout', 'plan']);

    const count = polls().length;
    await waitForPolls(count + 1);
    const after = polls()[count];
    assert.equal(after.status, 304);
    assert.notEqual(after.ifNoneMatch, unchanged.ifNoneMatch, 'the new ETag is sent from then on');
    assert.deepEqual(checkout.values, [true, false]);
    assert.equal(server.watch.upgrades, 0, 'no stream was opened');
  });
});
