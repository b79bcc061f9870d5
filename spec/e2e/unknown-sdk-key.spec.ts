import assert from 'node:assert/strict';
import { createClient } from '../../lib/client/create-client';
import type { FlagstreamClient } from '../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { InitializationFailedError } from '../../lib/errors/initialization-failed-error';
import { silentLogger } from '../../lib/logging/logger';
import { ALICE, UNKNOWN_SDK_KEY } from './helpers/e2e-data';
import { streamingClient } from './helpers/e2e-client';
import { E2eServer } from './helpers/e2e-server';
import { type Recorder, record } from './helpers/recorder';
import { quietPeriod } from './helpers/wait-until';

describe('e2e: the server does not know the SDK key', () => {
  let server: E2eServer;
  let client: FlagstreamClient | undefined;
  let status: Recorder<DataSourceStatus> | undefined;

  beforeEach(async () => {
    server = await E2eServer.start();
  });

  afterEach(async () => {
    status?.stop();
    await client?.close();
    await server.dispose();
  });

  const expectRefusal = async (refused: FlagstreamClient): Promise<void> => {
    await assert.rejects(refused.waitForInitialization({ timeout: 3000 }), (error: unknown) => {
      assert.ok(error instanceof InitializationFailedError, `got ${String(error)}`);
      assert.equal(error.error?.kind, 'ERROR_RESPONSE');
      assert.equal(error.error?.statusCode, 401);
      assert.ok(!error.message.includes(UNKNOWN_SDK_KEY), 'the key is not in the message');
      return true;
    });
    const off = await status!.waitFor((s) => s.state === 'OFF', 'status OFF');
    assert.equal(off.lastError?.statusCode, 401);
    assert.equal(off.lastError?.kind, 'ERROR_RESPONSE');
    assert.equal(refused.variation('checkout', ALICE, 'default'), 'default');
  };

  it('stops for good: status OFF with 401, waitForInitialization rejects, no retry ever', async () => {
    // Reconnect delays of 10 ms: a retry, if any, would show within the quiet period below.
    client = streamingClient(server.url, { sdkKey: UNKNOWN_SDK_KEY, reconnect: { initialDelay: 10, maxDelay: 10 } });
    status = record(client.status$);
    await expectRefusal(client);
    await quietPeriod(150);
    assert.equal(server.watch.upgrades, 1, 'one refused upgrade, never retried');
    assert.equal(server.connectionCount(), 0);
    assert.equal(status.values.at(-1)?.state, 'OFF');
  });

  it('does the same with the default options (stream with polling fallback)', async () => {
    client = createClient({ sdkKey: UNKNOWN_SDK_KEY, baseUri: server.url, sendEvents: false, logger: silentLogger });
    status = record(client.status$);
    await expectRefusal(client);
    assert.equal(server.watch.upgrades, 1);
    assert.deepEqual(server.watch.responses, [], 'no poll either');
  });
});
