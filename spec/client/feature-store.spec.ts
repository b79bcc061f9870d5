import assert from 'node:assert/strict';
import { NEVER, Subject } from 'rxjs';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { createClient } from '../../lib/client/create-client';
import { TestData } from '../../lib/integrations/test-data/test-data';
import type { Logger } from '../../lib/logging/logger';
import { silentLogger } from '../../lib/logging/logger';
import type { FeatureStore } from '../../lib/store/feature-store';
import { inMemoryFeatureStore } from '../../lib/store/in-memory-feature-store';
import { pollUntil } from '../helpers/poll-until';

const alice = { kind: 'user', key: 'alice' };
const flag = (key: string, version: number, value: unknown) => ({ key, version, on: true, fallthrough: { variation: 0 }, variations: [value] });

describe('client with a feature store', () => {
  it('writes every applied change through and closes the store', async () => {
    const store = inMemoryFeatureStore();
    let closed = 0;
    const watched: FeatureStore = { ...store, close: async () => void closed++ };
    const td = new TestData();
    await td.usePreconfiguredFlag(flag('a', 1, 'one'));
    const client = createClient({ dataSource: td, featureStore: watched, logger: silentLogger });
    await client.waitForInitialization({ timeout: 1000 });
    await td.usePreconfiguredFlag(flag('a', 2, 'two'));
    await td.usePreconfiguredFlag(flag('b', 1, 'bee'));
    await client.close();
    const persisted = await store.all();
    assert.equal(persisted?.flags.a.version, 2);
    assert.deepEqual(persisted?.flags.a.variations, ['two']);
    assert.deepEqual(persisted?.flags.b.variations, ['bee']);
    assert.equal(closed, 1);
  });

  it('persists a delete as a versioned tombstone', async () => {
    const store = inMemoryFeatureStore();
    const events = new Subject<DataSourceEvent>();
    const client = createClient({ dataSource: { connect: () => events }, featureStore: store, logger: silentLogger });
    events.next({ type: 'put', data: { flags: { a: flag('a', 1, 'one') }, segments: {} } });
    events.next({ type: 'delete', kind: 'flags', key: 'a', version: 2 });
    events.next({ type: 'patch', kind: 'flags', data: flag('a', 1, 'stale') });
    await client.close();
    assert.deepEqual((await store.all())?.flags.a, { key: 'a', version: 2, deleted: true });
  });

  it('serves the persisted flags while the data source has not delivered', async () => {
    const store = inMemoryFeatureStore();
    await store.init({ flags: { a: flag('a', 3, 'persisted') }, segments: {} });
    const client = createClient({ dataSource: { connect: () => NEVER }, featureStore: store, logger: silentLogger });
    await pollUntil(() => client.variation<unknown>('a', alice, 'dflt') === 'persisted', 'the persisted value', 1000);
    assert.equal((client as unknown as { status: { current: { state: string } } }).status.current.state, 'INITIALIZING');
    await client.close();
  });

  it('keeps evaluating from memory when the store fails, logging the failure once', async () => {
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message: string) => void errors.push(message) };
    const failing: FeatureStore = {
      description: 'broken store',
      init: async () => Promise.reject(new Error('store down')),
      upsert: async () => Promise.reject(new Error('store down')),
      all: async () => undefined,
      close: async () => undefined,
    };
    const td = new TestData();
    await td.usePreconfiguredFlag(flag('a', 1, 'one'));
    const client = createClient({ dataSource: td, featureStore: failing, logger });
    await client.waitForInitialization({ timeout: 1000 });
    await td.usePreconfiguredFlag(flag('a', 2, 'two'));
    assert.equal(client.variation('a', alice, 'dflt'), 'two');
    await client.close();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /writing to broken store failed: Error: store down; evaluation goes on from memory/);
  });

  it('refuses something that is not a feature store', () => {
    assert.throws(() => createClient({ offline: true, featureStore: {} as FeatureStore }), /Invalid option 'featureStore'/);
  });
});

describe('client with a feature store that recovers', () => {
  it('replaces the store content with its current flags once writes work again', async () => {
    const store = inMemoryFeatureStore();
    let down = true;
    const flaky: FeatureStore = {
      ...store,
      init: (data) => (down ? Promise.reject(new Error('down')) : store.init(data)),
      upsert: (kind, item) => (down ? Promise.reject(new Error('down')) : store.upsert(kind, item)),
    };
    const td = new TestData();
    await td.usePreconfiguredFlag(flag('a', 1, 'one'));
    const client = createClient({ dataSource: td, featureStore: flaky, logger: silentLogger });
    await client.waitForInitialization({ timeout: 1000 });
    await td.usePreconfiguredFlag(flag('b', 1, 'missed'));
    assert.equal(await store.all(), undefined, 'nothing reached the store while it was down');
    down = false;
    await td.usePreconfiguredFlag(flag('c', 1, 'after'));
    await client.close();
    const persisted = await store.all();
    assert.deepEqual(Object.keys(persisted?.flags ?? {}).sort(), ['a', 'b', 'c']);
  });
});
