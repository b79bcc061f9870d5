import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resolves with the output once `pattern` appears in it, or rejects after `ms`. */
function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output().match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match);
      }
    };
    const timer = setTimeout(() => {
      child.stdout?.off('data', check);
      reject(new Error(`no ${pattern} within ${ms} ms; output:\n${output()}`));
    }, ms);
    child.stdout?.on('data', check);
    check();
  });
}

describe('npm start (examples/start.ts)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'flagstream-start-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a server and a demo client that reacts at once to the README curl, and stops cleanly', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../examples/start.ts')], {
      env: { ...process.env, PORT: '0', FLAGSTREAM_DB: join(dir, 'flagstream.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const [, port] = await waitFor(child, () => output, /flag server on http:\/\/localhost:(\d+)/, 20_000);
      await waitFor(child, () => output, /\[demo\] new-checkout: alice=true carol=false/, 10_000);
      const response = await fetch(`http://127.0.0.1:${port}/api/environments/development/flags/new-checkout`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ instructions: [{ kind: 'turnFlagOff' }] }),
      });
      assert.equal(response.status, 200);
      await waitFor(child, () => output, /\[demo\] new-checkout: alice=false carol=false/, 5_000);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.match(output, /\[demo\] stopped/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
