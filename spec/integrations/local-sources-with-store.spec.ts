import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { fileDataSource } from '../../lib/integrations/file-data-source';
import { TestData } from '../../lib/integrations/test-data/test-data';
import type { Flag } from '../../lib/model/flag';
import { FlagStore } from '../../lib/store/flag-store';
import { EventQueue, tempDirectory, testContext } from './event-queue';

/** Applies data source events to a store the way the client does; returns the changed keys. */
function apply(store: FlagStore<Flag, unknown>, event: DataSourceEvent): string[] {
  if (event.type === 'put') return [...store.init(event.data)];
  if (event.type === 'patch') return [...store.upsert(event.kind, event.data)];
  return [];
}

function newStore(): FlagStore<Flag, unknown> {
  return new FlagStore<Flag, unknown>({ prepareFlag: (flag) => flag, prepareSegment: (segment) => segment });
}

describe('local data sources feeding the flag store', () => {
  it('TestData: every update is accepted by the store as a newer version', async () => {
    const td = new TestData();
    await td.update(td.flag('a').variationForAll(false));
    const store = newStore();
    const changed: string[][] = [];
    const subscription = td.connect(testContext()).subscribe((event) => changed.push(apply(store, event)));
    await td.update(td.flag('a').variationForAll(true));
    await td.usePreconfiguredFlag({ key: 'a', on: false, variations: ['x'] });
    subscription.unsubscribe();
    assert.deepEqual(changed, [['a'], [], ['a'], ['a']]);
    assert.equal(store.getFlagModel('a')?.version, 3);
    assert.deepEqual(store.getFlagModel('a')?.variations, ['x']);
  });

  it('fileDataSource: an edited file replaces the flag in the store', async () => {
    const dir = tempDirectory();
    writeFileSync(dir.file('flags.json'), '{"flagValues": {"a": 1}}');
    const queue = new EventQueue(
      fileDataSource({ paths: [dir.file('flags.json')], watch: true, debounce: 10 }).connect(testContext()),
    );
    try {
      const store = newStore();
      let event = await queue.take();
      assert.deepEqual(apply(store, event), ['a']);
      assert.deepEqual(await queue.take(), { type: 'status', state: 'VALID' });
      writeFileSync(dir.file('flags.json'), '{"flagValues": {"a": 2}}');
      event = await queue.take();
      assert.equal(event.type, 'put');
      assert.deepEqual(apply(store, event), ['a']);
      assert.deepEqual(store.getFlagModel('a')?.variations, [2]);
    } finally {
      queue.close();
      dir.remove();
    }
  });
});
