import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { FlagstreamClient } from '../../lib/client/flagstream-client';
import type { DataSourceStatus } from '../../lib/data-sources/data-source-status';
import { ALICE, SDK_KEY } from './helpers/e2e-data';
import { streamingClient } from './helpers/e2e-client';
import { E2eServer } from './helpers/e2e-server';
import { type Recorder, record } from './helpers/recorder';
import { Condition, quietPeriod } from './helpers/wait-until';

describe('e2e: close() while the client waits to reconnect', () => {
  let server: E2eServer;

  beforeEach(async () => {
    server = await E2eServer.start();
  });

  afterEach(async () => {
    await server.dispose();
  });

  describe('in this process', () => {
    let client: FlagstreamClient | undefined;
    let status: Recorder<DataSourceStatus> | undefined;

    afterEach(async () => {
      status?.stop();
      await client?.close();
    });

    it('cancels the pending reconnect: the server, back on its port, never sees the client again', async () => {
      client = streamingClient(server.url, { reconnect: { initialDelay: 150, maxDelay: 150 } });
      await client.waitForInitialization({ timeout: 3000 });
      status = record(client.status$);
      const checkout = record(client.variation$<unknown>('checkout', ALICE, 'default'));

      await server.stop();
      await status.waitFor((s) => s.state === 'INTERRUPTED', 'INTERRUPTED');
      await client.close(); // the 150 ms reconnect timer is pending now
      await server.startAgain();
      const tcpBefore = server.watch.tcpAccepted;

      await quietPeriod(450); // three times the reconnect delay
      assert.equal(server.watch.upgrades, 1, 'no stream connection after close()');
      assert.equal(server.watch.tcpAccepted, tcpBefore, 'no TCP connection either');
      assert.equal(server.connectionCount(), 0);
      assert.equal(status.completed, true, 'status$ completed');
      assert.equal(status.values.at(-1)?.state, 'OFF');
      assert.equal(checkout.completed, true, 'variation$ completed');
      assert.equal(client.variation('checkout', ALICE, 'default'), 'default', 'a closed client serves defaults');
      checkout.stop();
    });
  });

  it('lets a script exit by itself, long before its 10 s reconnect delay', async function () {
    this.timeout(20_000);
    const script = path.join(__dirname, 'fixtures', 'close-during-backoff.ts');
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', script, server.url, SDK_KEY], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let closedAt = 0;
    const printed = new Condition();
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('closed')) closedAt ||= Date.now();
      printed.notify();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve(code);
      });
    });

    await printed.until(() => output.includes('ready'), 'the child to initialize', 10_000);
    assert.equal(server.connectionCount(), 1);
    await server.stop();
    const code = await exited;
    const exitedAt = Date.now();
    assert.equal(code, 0, `the child did not exit by itself; output:\n${output}`);
    assert.equal(output, 'ready\nclosed after NETWORK_ERROR\n');
    assert.ok(exitedAt - closedAt < 3000, `exited ${exitedAt - closedAt} ms after close()`);
    assert.equal(server.watch.upgrades, 1);
  });
});
