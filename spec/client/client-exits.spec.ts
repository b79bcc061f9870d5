import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../helpers/run-script';

describe('a script that creates, uses and closes a client', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'flagstream-exit-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits by itself (no timer, watcher or socket left open)', async function () {
    this.timeout(20_000);
    const file = join(dir, 'flags.json');
    writeFileSync(file, JSON.stringify({ flagValues: { f: 42 } }));
    const { code, output } = await runScript(join(__dirname, '../fixtures/client-exits.ts'), [file]);
    assert.equal(code, 0, `the script did not exit by itself:\n${output}`);
    assert.match(output, /value 42\nclosed/);
  });
});
