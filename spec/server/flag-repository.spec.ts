import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServerRequestError } from '../../lib/errors/server-request-error';
import type { DataChange } from '../../lib/server/data-change';
import { DataFile } from '../../lib/server/data-file';
import { FlagRepository } from '../../lib/server/flag-repository';
import type { AtomicWriteFs } from '../../lib/server/write-file-atomic';
import { silentLogger } from '../../lib/logging/logger';
import { testEnvironments } from './helpers/test-server';

describe('FlagRepository', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-repo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('changes nothing in memory and emits nothing when the data file cannot be written', async () => {
    let failWrites = false;
    const fs: AtomicWriteFs = {
      open: (file, flags, mode) => (failWrites ? Promise.reject(new Error('EROFS: read-only file system')) : fsp.open(file, flags, mode)),
      rename: fsp.rename,
      unlink: fsp.unlink,
    };
    const file = path.join(dir, 'data.json');
    const repository = await FlagRepository.open({ dataFile: new DataFile(file, fs), initialData: { environments: testEnvironments() }, logger: silentLogger });
    const emitted: DataChange[] = [];
    repository.changes$.subscribe((change) => emitted.push(change));
    const before = readFileSync(file, 'utf8');

    failWrites = true;
    await assert.rejects(
      repository.update('production', 'flags', 'checkout', (current) => ({ ...current!, on: false })),
      (error: unknown) => error instanceof ServerRequestError && error.status === 500 && /EROFS/.test(error.message),
    );
    assert.equal(repository.environment('production')!.flag('checkout')!.on, true);
    assert.equal(repository.environment('production')!.flag('checkout')!.version, 1);
    assert.deepEqual(emitted, []);
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.deepEqual(readdirSync(dir), ['data.json']);

    failWrites = false;
    const change = await repository.update('production', 'flags', 'checkout', (current) => ({ ...current!, on: false }));
    assert.equal(change.version, 2, 'the failed change did not use up a version');
    assert.deepEqual(emitted, [change]);
    await repository.close();
  });

  it('runs changes one at a time, each builder seeing the result of the previous one', async () => {
    const repository = await FlagRepository.open({ initialData: { environments: testEnvironments() }, logger: silentLogger });
    const seen: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        repository.update('production', 'flags', 'checkout', (current) => {
          seen.push(current!.version);
          return { ...current! };
        }),
      ),
    );
    assert.deepEqual(seen, [1, 2, 3]);
    await repository.close();
  });

  it('resolves SDK keys to environments, marking disabled keys', async () => {
    const repository = await FlagRepository.open({ initialData: { environments: testEnvironments() }, logger: silentLogger });
    assert.equal(repository.resolveSdkKey('sdk-test-key-production')?.environment.key, 'production');
    assert.equal(repository.resolveSdkKey('sdk-test-key-revoked')?.disabled, true);
    assert.equal(repository.resolveSdkKey('sdk-test-key-productio'), undefined);
    await repository.close();
  });
});
