import assert from 'node:assert/strict';
import type { FlagstreamClient } from '../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { InitializationTimeoutError } from '../../lib/errors/initialization-timeout-error';
import { ALICE } from './helpers/e2e-data';
import { streamingClient } from './helpers/e2e-client';
import { E2eServer } from './helpers/e2e-server';
import { type Recorder, record } from './helpers/recorder';

describe('e2e: the server is down when the client starts', () => {
  let server: E2eServer;
  let client: FlagstreamClient;
  let status: Recorder<DataSourceStatus>;
  let lines: string[];

  beforeEach(async () => {
    server = await E2eServer.reserve(); // a free port, nothing listening yet
    lines = [];
    const logger = { error: (m: string) => lines.push(`error ${m}`), warn: (m: string) => lines.push(`warn ${m}`), info: (m: string) => lines.push(`info ${m}`), debug: (m: string) => lines.push(`debug ${m}`) };
    client = streamingClient(server.url, { reconnect: { initialDelay: 20, maxDelay: 60 }, logger });
    status = record(client.status$);
  });

  afterEach(async () => {
    status.stop();
    await client.close();
    await server.dispose();
  });

  it('keeps retrying; waitForInitialization times out cleanly; the client initializes once the server starts on that port', async () => {
    await assert.rejects(client.waitForInitialization({ timeout: 300 }), (error: unknown) => {
      assert.ok(error instanceof InitializationTimeoutError, `got ${String(error)}`);
      assert.equal(error.timeout, 300);
      assert.match(error.message, /not initialized within 300 ms \(last error: GET ws:\/\/127\.0\.0\.1:\d+\/sdk\/stream failed: .*ECONNREFUSED/);
      return true;
    });
    // Still running, still retrying: not closed, not OFF, no data; status$ told once (the first
    // error), each later attempt only updates the current status and logs at debug.
    assert.equal(client.closed, false);
    assert.equal(client.initialized, false);
    assert.deepEqual(status.values.map((s) => [s.state, s.lastError?.kind]), [['INITIALIZING', undefined], ['INITIALIZING', 'NETWORK_ERROR']]);
    const failures = lines.filter((line) => /stream .* (interrupted|attempt \d+ failed)/.test(line)).length;
    assert.ok(failures >= 3, `only ${failures} connection attempts in 300 ms with delays of 20-60 ms`);
    assert.equal(lines.filter((line) => line.startsWith('warn')).length, 1, `one warning for the outage: ${lines.join('; ')}`);
    assert.deepEqual(client.variationDetail('checkout', ALICE, 'default'), {
      value: 'default',
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'CLIENT_NOT_READY' },
    });

    await server.startAgain();
    await client.waitForInitialization({ timeout: 3000 });
    assert.equal(client.variation('checkout', ALICE, 'default'), true);
    await status.waitFor((s) => s.state === 'VALID', 'status VALID');
    assert.equal(server.watch.upgrades, 1, 'one stream connection once the server is up');
    assert.equal(server.connectionCount(), 1);
    const valid = status.values.findIndex((s) => s.state === 'VALID');
    assert.equal(status.values.length, valid + 1, 'nothing reported after VALID');
  });

  it('a waitForInitialization with a longer timeout resolves when the server comes up in time', async () => {
    const waiting = client.waitForInitialization({ timeout: 3000 });
    await status.waitFor((s) => s.lastError?.kind === 'NETWORK_ERROR', 'a refused attempt');
    await server.startAgain();
    assert.equal(await waiting, client);
    assert.equal(client.variation('plan', ALICE, 'default'), 'full');
  });
});
