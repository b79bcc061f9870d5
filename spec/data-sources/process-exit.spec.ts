import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
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
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', script, server.baseUri, SDK_KEY], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The backoff wait is 10 s: exiting well before it proves nothing was left running.
    let unsubscribedAt = 0;
    child.stdout.on('data', () => (unsubscribedAt ||= Date.now()));
    const exit = await new Promise<{ code: number | null; at: number }>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 9_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, at: Date.now() });
      });
    });
    assert.equal(exit.code, 0, `the child did not exit by itself; output: ${output}`);
    assert.match(output, /^unsubscribed after ERROR_RESPONSE 503\n$/);
    assert.ok(exit.at - unsubscribedAt < 2_000, `exited ${exit.at - unsubscribedAt} ms after unsubscribing`);
    assert.equal(server.upgrades, 1);
  });
});
