import assert from 'node:assert/strict';
import { diffItems, diffLines, hasChanges, stableJson } from '../../console/src/util/json-diff';

describe('console: diff of a change', () => {
  it('marks removed and added lines and keeps the rest', () => {
    assert.deepEqual(diffLines('a\nb\nc', 'a\nx\nc'), [
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
    assert.deepEqual(diffLines('', 'a'), [{ op: '+', text: 'a' }]);
    assert.deepEqual(diffLines('a\nb', ''), [
      { op: '-', text: 'a' },
      { op: '-', text: 'b' },
    ]);
  });

  it('rebuilds both texts from the diff on random edits', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const a = Array.from({ length: Math.floor(random() * 12) }, () => 'abcde'[Math.floor(random() * 5)]);
      const b = a.filter(() => random() > 0.3).concat(random() > 0.5 ? ['z'] : []);
      const diff = diffLines(a.join('\n'), b.join('\n'));
      assert.deepEqual(diff.filter((l) => l.op !== '+').map((l) => l.text), a);
      assert.deepEqual(diff.filter((l) => l.op !== '-').map((l) => l.text), b);
    }
  });

  it('compares items with sorted keys and without their version', () => {
    const before = { key: 'f', version: 3, on: false, variations: [true, false] };
    const after = { variations: [true, false], on: true, key: 'f', version: 4 };
    const diff = diffItems(before, after);
    assert.deepEqual(diff.filter((l) => l.op !== ' '), [
      { op: '-', text: '  "on": false,' },
      { op: '+', text: '  "on": true,' },
    ]);
    assert.equal(hasChanges(diffItems(before, { ...before, version: 9 })), false);
    assert.equal(stableJson({ b: 1, a: { d: 1, c: 2 } }), '{\n  "a": {\n    "c": 2,\n    "d": 1\n  },\n  "b": 1\n}');
  });
});
