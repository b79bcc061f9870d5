import assert from 'node:assert/strict';
import { ServerRequestError } from '../../lib/errors/server-request-error';
import type { DataChange } from '../../lib/server/data-change';
import { FlagRepository } from '../../lib/server/flag-repository';
import { silentLogger } from '../../lib/logging/logger';
import { SqliteDatabase } from '../../lib/server/storage/sqlite-database';
import { SqlServerStore } from '../../lib/server/storage/sql-server-store';
import { StoreUnavailableError } from '../../lib/server/storage/store-errors';
import { testEnvironments } from './helpers/test-server';

const seed = async () => ({ environments: testEnvironments() });

describe('FlagRepository', () => {
  it('changes nothing in memory or in the store and emits nothing when the store cannot be written (503)', async () => {
    const database = new SqliteDatabase(':memory:');
    let failWrites = false;
    const transaction = database.transaction.bind(database);
    database.transaction = (work) => (failWrites ? Promise.reject(new StoreUnavailableError('disk gone')) : transaction(work));
    const store = new SqlServerStore({ database, description: 'test store' });
    const repository = await FlagRepository.open({ store, seed, logger: silentLogger });
    const emitted: DataChange[] = [];
    repository.changes$.subscribe((change) => emitted.push(change));

    failWrites = true;
    await assert.rejects(
      repository.update('production', 'flags', 'checkout', (current) => ({ ...current!, on: false })),
      (error: unknown) => error instanceof ServerRequestError && error.status === 503 && /database is unavailable/.test(error.message),
    );
    assert.equal(repository.environment('production')!.flag('checkout')!.on, true);
    assert.equal(repository.environment('production')!.flag('checkout')!.version, 1);
    assert.deepEqual(emitted, []);
    assert.equal((await store.readItem('production', 'flags', 'checkout'))!.version, 1);

    failWrites = false;
    const change = await repository.update('production', 'flags', 'checkout', (current) => ({ ...current!, on: false }));
    assert.equal(change.version, 2, 'the failed change did not use up a version');
    assert.deepEqual(emitted, [change]);
    assert.equal((await store.readItem('production', 'flags', 'checkout'))!.version, 2);
    await repository.close();
    await store.close();
  });

  it('runs changes one at a time, each builder seeing the result of the previous one', async () => {
    const store = new SqlServerStore({ database: new SqliteDatabase(':memory:'), description: 'test store' });
    const repository = await FlagRepository.open({ store, seed, logger: silentLogger });
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
    await store.close();
  });

  it('resolves SDK keys to environments, marking disabled keys', async () => {
    const store = new SqlServerStore({ database: new SqliteDatabase(':memory:'), description: 'test store' });
    const repository = await FlagRepository.open({ store, seed, logger: silentLogger });
    assert.equal(repository.resolveSdkKey('sdk-test-key-production')?.environment.key, 'production');
    assert.equal(repository.resolveSdkKey('sdk-test-key-revoked')?.disabled, true);
    assert.equal(repository.resolveSdkKey('sdk-test-key-productio'), undefined);
    await repository.close();
    await store.close();
  });

  it('creates environments and adds, disables and removes SDK keys at run time', async () => {
    const store = new SqlServerStore({ database: new SqliteDatabase(':memory:'), description: 'test store' });
    const repository = await FlagRepository.open({ store, seed, logger: silentLogger });
    const events: string[] = [];
    repository.environmentChanges$.subscribe((change) => events.push(`${change.environment}${change.deleted ? ' deleted' : ''}`));
    await repository.putEnvironment('qa', 'QA');
    const key = await repository.addSdkKey('qa');
    assert.equal(repository.resolveSdkKey(key)?.environment.key, 'qa');
    await repository.setSdkKeyState('qa', key, 'disabled');
    assert.equal(repository.resolveSdkKey(key)?.disabled, true);
    await repository.removeSdkKey('qa', key);
    assert.equal(repository.resolveSdkKey(key), undefined);
    await repository.deleteEnvironment('qa');
    assert.equal(repository.environment('qa'), undefined);
    assert.equal(await store.readEnvironment('qa'), undefined);
    assert.deepEqual(events, ['qa', 'qa', 'qa', 'qa', 'qa deleted']);
    await repository.close();
    await store.close();
  });
});
