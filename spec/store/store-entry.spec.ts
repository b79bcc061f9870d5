import assert from 'node:assert/strict';
import { isVersioned, liveEntry, tombstone } from '../../lib/store/store-entry';

describe('store entries', () => {
  it('liveEntry freezes the item before preparing it', () => {
    const item = { key: 'a', version: 3, nested: { x: 1 } };
    const entry = liveEntry(item, (i) => Object.isFrozen(i.nested));
    assert.deepEqual(entry, { version: 3, item, prepared: true });
  });

  it('tombstone holds only a version', () => {
    assert.deepEqual(tombstone(9), { version: 9, item: undefined, prepared: undefined });
  });

  it('isVersioned accepts objects with a string key and a numeric, non-NaN version', () => {
    assert.equal(isVersioned({ key: 'a', version: 0 }), true);
    assert.equal(isVersioned({ key: 'a', version: Infinity }), true);
    for (const bad of [null, undefined, 'a', { key: 'a' }, { key: 1, version: 1 }, { key: 'a', version: '1' }, { key: 'a', version: NaN }]) {
      assert.equal(isVersioned(bad), false, JSON.stringify(bad));
    }
  });
});
