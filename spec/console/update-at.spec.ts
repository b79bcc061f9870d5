import assert from 'node:assert/strict';
import { updateAt } from '../../console/src/util/update-at';

describe('console: updateAt (editing one item of a list in a draft)', () => {
  it('replaces the item at the index and keeps the others (the same objects, a new list)', () => {
    const list = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const next = updateAt(list, 1, (item) => ({ n: item.n * 10 }));
    assert.deepEqual(next, [{ n: 1 }, { n: 20 }, { n: 3 }]);
    assert.notEqual(next, list);
    assert.equal(next[0], list[0]);
    assert.deepEqual(list, [{ n: 1 }, { n: 2 }, { n: 3 }], 'the draft it came from is unchanged');
  });

  it('removes the item when the change returns undefined', () => {
    assert.deepEqual(updateAt(['a', 'b', 'c'], 0, () => undefined), ['b', 'c']);
  });

  it('treats a missing list as empty, and an index outside it as no change', () => {
    assert.deepEqual(updateAt(undefined, 0, () => 'x'), []);
    assert.deepEqual(updateAt(null, 0, () => 'x'), []);
    assert.deepEqual(updateAt(['a'], 5, () => 'x'), ['a']);
  });
});
