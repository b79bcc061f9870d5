import assert from 'node:assert/strict';
import path from 'node:path';
import { runScript } from '../helpers/run-script';
import { FlagTestServer, SDK_KEY } from './helpers/flag-test-server';

describe('streamingDataSource in a child process', () => {
  let server: FlagTestServer;

  beforeEach(async () => {
    server = await FlagTestServer.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('lets the process exit by itself after an unsubscribe during a backoff wait', async function () {
    this.timeout(20_000);
    server.refuseWith = 503;
    const script = path.join(__dirname, 'helpers', 'unsubscribe-during-backoff.ts');
    // The backoff wait is 10 s: exiting well before it proves nothing was left running.
    const exit = await runScript(script, [server.baseUri, SDK_KEY], { killAfter: 9_000 });
    const output = exit.output;
    const unsubscribedAt = exit.markedAt;
    assert.equal(exit.code, 0, `the child did not exit by itself; output: ${output}`);
    assert.match(output, /^unsubscribed after ERROR_RESPONSE 503\n$/);
    assert.ok(exit.exitedAt - unsubscribedAt < 2_000, `exited ${exit.exitedAt - unsubscribedAt} ms after unsubscribing`);
    assert.equal(server.upgrades, 1);
  });
});
