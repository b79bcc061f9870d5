import assert from 'node:assert/strict';
import type { Flag } from '../../lib/model/flag';
import type { Segment } from '../../lib/model/segment';
import { itemDependencies } from '../../lib/evaluation/item-dependencies';
import { flag, segment } from '../store/store-fixtures';

describe('itemDependencies', () => {
  it('lists prerequisites and segmentMatch segments of a flag, once each', () => {
    const f = flag('f', 1, {
      prerequisites: [
        { key: 'p1', variation: 0 },
        { key: 'p2', variation: 1 },
        { key: 'p1', variation: 1 },
      ],
      rules: [
        { clauses: [{ attribute: 'email', op: 'endsWith', values: ['s1'] }] },
        { clauses: [{ op: 'segmentMatch', values: ['s1', 's2'] }, { op: 'segmentMatch', values: ['s1'] }] },
      ],
    });
    assert.deepEqual(itemDependencies('flags', f), [
      { kind: 'flags', key: 'p1' },
      { kind: 'flags', key: 'p2' },
      { kind: 'segments', key: 's1' },
      { kind: 'segments', key: 's2' },
    ]);
  });

  it('lists the segments a segment rule matches, ignoring a prerequisites field', () => {
    const s = { ...segment('s', 1, { rules: [{ clauses: [{ op: 'segmentMatch', values: ['inner'] }] }] }), prerequisites: [{ key: 'p', variation: 0 }] };
    assert.deepEqual(itemDependencies('segments', s), [{ kind: 'segments', key: 'inner' }]);
  });

  it('tolerates missing and null arrays, odd values and unknown operators', () => {
    const odd = {
      key: 'odd',
      version: 1,
      prerequisites: null,
      rules: [
        null,
        {},
        { clauses: null },
        { clauses: [null, { op: 'segmentMatch' }, { op: 'segmentMatch', values: null }] },
        { clauses: [{ op: 'segmentMatch', values: [7, null, { key: 'x' }, ['y'], 'real'] }] },
        { clauses: [{ op: 'futureOperator', values: ['not-a-segment'] }] },
      ],
    } as unknown as Flag;
    assert.deepEqual(itemDependencies('flags', odd), [{ kind: 'segments', key: 'real' }]);
    assert.deepEqual(itemDependencies('flags', { key: 'bare', version: 1 }), []);
    assert.deepEqual(itemDependencies('segments', { key: 'bare', version: 1, rules: 'nope' } as unknown as Segment), []);
  });
});
