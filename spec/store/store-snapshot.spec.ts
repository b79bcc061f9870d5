import assert from 'node:assert/strict';
import { dataSet, flag, recordingStore, segment } from './store-fixtures';

describe('StoreSnapshot', () => {
  it('is unchanged by later upserts, deletes and inits', () => {
    const { store } = recordingStore();
    store.init(dataSet([flag('a', 1), flag('b', 1)], [segment('s', 1)]));
    const before = store.snapshot();
    store.upsert('flags', flag('a', 2));
    store.delete('flags', 'b', 2);
    store.upsert('flags', flag('c', 1));
    store.upsert('segments', segment('s', 2));
    assert.deepEqual(before.getFlag('a'), { key: 'a', version: 1 });
    assert.equal(before.getFlagModel('b')?.version, 1);
    assert.equal(before.getFlag('c'), undefined);
    assert.equal(before.segmentVersion('s'), 1);
    assert.deepEqual(before.allFlags().map((f) => f.key), ['a', 'b']);
    store.init(dataSet([]));
    assert.equal(before.flagVersion('a'), 1);
    const after = store.snapshot();
    assert.deepEqual(after.allFlags(), []);
    assert.equal(after.flagVersion('a'), undefined);
  });

  it('is frozen, with frozen item lists and items', () => {
    const { store } = recordingStore();
    store.init(dataSet([flag('a', 1)], [segment('s', 1, { included: ['u'] })]));
    const snapshot = store.snapshot();
    assert.ok(Object.isFrozen(snapshot));
    assert.ok(Object.isFrozen(snapshot.allFlags()));
    assert.ok(Object.isFrozen(snapshot.allSegments()[0].included));
    assert.throws(() => {
      (snapshot as { initialized: boolean }).initialized = false;
    }, TypeError);
    assert.throws(() => (snapshot.allFlags() as unknown[]).push(flag('x', 1)), TypeError);
  });

  it('is built lazily and reused until the next change', () => {
    const { store } = recordingStore();
    store.init(dataSet([flag('a', 1)]));
    const first = store.snapshot();
    assert.equal(store.snapshot(), first);
    assert.equal(store.allFlags(), first.allFlags());
    store.upsert('flags', flag('a', 1));
    assert.equal(store.snapshot(), first, 'a stale patch is not a change');
    store.upsert('flags', flag('a', 2));
    assert.notEqual(store.snapshot(), first);
    assert.equal(store.snapshot().getFlagModel('a')?.version, 2);
  });

  it('records whether the store was initialized', () => {
    const { store } = recordingStore();
    assert.equal(store.snapshot().initialized, false);
    store.init(dataSet([]));
    assert.equal(store.snapshot().initialized, true);
  });

  it('shares prepared items with the store and lists only live items', () => {
    const { store } = recordingStore();
    store.init(dataSet([flag('a', 1), flag('b', 1)]));
    store.delete('flags', 'b', 2);
    const snapshot = store.snapshot();
    assert.equal(snapshot.getFlag('a'), store.getFlag('a'));
    assert.equal(snapshot.getFlag('b'), undefined);
    assert.equal(snapshot.flagVersion('b'), 2);
    assert.deepEqual(snapshot.allFlags().map((f) => f.key), ['a']);
  });
});
