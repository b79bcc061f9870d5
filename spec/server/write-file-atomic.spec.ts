import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type AtomicWriteFs, writeFileAtomic } from '../../lib/server/write-file-atomic';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the content, leaves no temporary file, and makes the file private (0600)', async () => {
    const file = path.join(dir, 'data.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new content');
    assert.equal(readFileSync(file, 'utf8'), 'new content');
    assert.deepEqual(readdirSync(dir), ['data.json']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('leaves the old file whole when the write fails half-way, and removes the temporary file', async () => {
    const file = path.join(dir, 'data.json');
    writeFileSync(file, '{"complete":true}');
    let partialWritten = false;
    const failing: AtomicWriteFs = {
      async open(target, flags, mode) {
        const handle = await fsp.open(target, flags, mode);
        return {
          async writeFile(data: string) {
            await handle.writeFile(data.slice(0, data.length / 2)); // the disk fills up half-way
            partialWritten = true;
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
      rename: fsp.rename,
      unlink: fsp.unlink,
    };
    await assert.rejects(writeFileAtomic(file, JSON.stringify({ complete: false, padding: 'x'.repeat(1000) }), failing), /ENOSPC/);
    assert.ok(partialWritten);
    assert.equal(readFileSync(file, 'utf8'), '{"complete":true}');
    assert.deepEqual(readdirSync(dir), ['data.json']);
  });

  it('leaves the old file whole when the rename fails', async () => {
    const file = path.join(dir, 'data.json');
    writeFileSync(file, 'old');
    const failing: AtomicWriteFs = { open: fsp.open, unlink: fsp.unlink, rename: () => Promise.reject(new Error('EXDEV')) };
    await assert.rejects(writeFileAtomic(file, 'new', failing), /EXDEV/);
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['data.json']);
  });
});
