import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('a script that creates, uses and closes a client', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'flagstream-exit-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits by itself (no timer, watcher or socket left open)', async function () {
    this.timeout(20_000);
    const file = join(dir, 'flags.json');
    writeFileSync(file, JSON.stringify({ flagValues: { f: 42 } }));
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../fixtures/client-exits.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (exitCode) => {
        clearTimeout(killer);
        resolve(exitCode);
      });
    });
    assert.equal(code, 0, `the script did not exit by itself:\n${output}`);
    assert.match(output, /value 42\nclosed/);
  });
});
