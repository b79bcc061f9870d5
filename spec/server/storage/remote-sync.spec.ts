import assert from 'node:assert/strict';
import { Subject } from 'rxjs';
import { silentLogger } from '../../../lib/logging/logger';
import type { DataChange } from '../../../lib/server/data-change';
import type { Item } from '../../../lib/server/environment';
import { FlagRepository } from '../../../lib/server/flag-repository';
import type { StoreNotification } from '../../../lib/server/storage/sql-database';
import { SqliteDatabase } from '../../../lib/server/storage/sqlite-database';
import { SqlServerStore } from '../../../lib/server/storage/sql-server-store';
import { testEnvironments } from '../helpers/test-server';

const flag = (key: string, version: number) => ({ key, version, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } }) as unknown as Item;

describe('changes made elsewhere (RemoteSync)', () => {
  let database: SqliteDatabase;
  let notifications: Subject<StoreNotification>;
  let repository: FlagRepository;
  /** Another process's view of the same database: writes that this repository only hears about. */
  let elsewhere: SqlServerStore;

  beforeEach(async () => {
    database = new SqliteDatabase(':memory:');
    notifications = new Subject();
    const store = new SqlServerStore({ database, description: 'test store', notifications$: notifications });
    repository = await FlagRepository.open({ store, seed: async () => ({ environments: testEnvironments() }), logger: silentLogger });
    elsewhere = new SqlServerStore({ database, description: 'the same database' });
  });
  afterEach(async () => {
    await repository.close();
    await database.close();
  });

  it('a resync that finds a new environment loads it with its items', async () => {
    await elsewhere.putEnvironment('qa', 'QA', undefined, [{ sdkKey: 'sdk-qa-0123456789', state: 'active' }]);
    await elsewhere.writeItems('qa', [{ kind: 'flags', item: flag('a', 1), expectedVersion: 0 }, { kind: 'flags', item: flag('b', 1), expectedVersion: 0 }]);
    notifications.next({ type: 'resync' });
    await repository.update('production', 'flags', 'checkout', (current) => ({ ...current! })); // runs after the resync
    assert.deepEqual(repository.environment('qa')?.list('flags').map((item) => item.key), ['a', 'b']);
    assert.equal(repository.resolveSdkKey('sdk-qa-0123456789')?.environment.key, 'qa');
  });

  it('an items notification applies every item before emitting any, segments before flags', async () => {
    await elsewhere.writeItems('production', [
      { kind: 'flags', item: flag('new', 1), expectedVersion: 0 },
      { kind: 'segments', item: { key: 'beta', version: 2, deleted: true } as Item, expectedVersion: 1 },
      { kind: 'segments', item: { key: 'fresh', version: 1, included: ['x'] } as unknown as Item, expectedVersion: 0 },
    ]);
    const seen: string[] = [];
    repository.changes$.subscribe((change: DataChange) => {
      const production = repository.environment('production')!;
      seen.push(`${change.kind}/${change.key} ${!!production.flag('new') && !!production.segment('fresh') && !production.segment('beta')}`);
    });
    notifications.next({ type: 'items', environment: 'production', count: 3 });
    await repository.update('production', 'flags', 'checkout', (current) => ({ ...current! }));
    assert.deepEqual(seen, ['segments/fresh true', 'flags/new true', 'segments/beta true', 'flags/checkout true']);
  });
});
