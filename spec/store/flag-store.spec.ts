import assert from 'node:assert/strict';
import type { Flag } from '../../lib/model/flag';
import type { Segment } from '../../lib/model/segment';
import { FlagStore } from '../../lib/store/flag-store';
import { dataSet, flag, prerequisites, recordingStore, segment, sorted, usesSegments } from './store-fixtures';

describe('FlagStore', () => {
  describe('versions', () => {
    it('applies a newer version and ignores an equal or older one', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('a', 5, { salt: 'v5' })]));
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 5, { salt: 'equal' }))), []);
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 4, { salt: 'older' }))), []);
      assert.equal(store.getFlagModel('a')?.salt, 'v5');
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 6, { salt: 'newer' }))), ['a']);
      assert.equal(store.getFlagModel('a')?.salt, 'newer');
      assert.deepEqual(store.getFlag('a'), { key: 'a', version: 6 });
      assert.equal(store.flagVersion('a'), 6);
    });

    it('applies versions the same way to segments', () => {
      const { store } = recordingStore();
      store.upsert('segments', segment('s', 2, { included: ['u2'] }));
      store.upsert('segments', segment('s', 1, { included: ['u1'] }));
      assert.deepEqual(store.getSegmentModel('s')?.included, ['u2']);
      store.upsert('segments', segment('s', 3, { included: ['u3'] }));
      assert.deepEqual(store.getSegmentModel('s')?.included, ['u3']);
      assert.equal(store.segmentVersion('s'), 3);
    });

    it('accepts patches before the first init without becoming initialized', () => {
      const { store } = recordingStore();
      assert.equal(store.initialized, false);
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 1))), ['a']);
      assert.equal(store.initialized, false);
      store.init(dataSet([]));
      assert.equal(store.initialized, true);
      assert.equal(store.getFlag('a'), undefined);
    });
  });

  describe('tombstones', () => {
    it('ignores an older or equal patch after a delete, and a newer patch resurrects', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('a', 1)]));
      assert.deepEqual(sorted(store.delete('flags', 'a', 3)), ['a']);
      assert.equal(store.getFlag('a'), undefined);
      assert.equal(store.getFlagModel('a'), undefined);
      assert.equal(store.flagVersion('a'), 3);
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 2))), []);
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 3))), []);
      assert.equal(store.getFlag('a'), undefined);
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 4))), ['a']);
      assert.deepEqual(store.getFlag('a'), { key: 'a', version: 4 });
    });

    it('stores a tombstone for an unknown key, so a late older patch is ignored', () => {
      const { store } = recordingStore();
      assert.deepEqual(sorted(store.delete('segments', 'ghost', 7)), []);
      assert.equal(store.segmentVersion('ghost'), 7);
      assert.deepEqual(sorted(store.upsert('segments', segment('ghost', 6))), []);
      assert.equal(store.getSegment('ghost'), undefined);
    });

    it('ignores a delete that is not newer than the item', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('a', 5)]));
      assert.deepEqual(sorted(store.delete('flags', 'a', 5)), []);
      assert.deepEqual(sorted(store.delete('flags', 'a', 4)), []);
      assert.deepEqual(store.getFlag('a'), { key: 'a', version: 5 });
    });

    it('treats an item with deleted: true as a tombstone, in patches and in init', () => {
      const { store, preparedFlags } = recordingStore();
      store.init(dataSet([flag('a', 1), flag('gone', 4, { deleted: true })]));
      assert.equal(store.getFlag('gone'), undefined);
      assert.equal(store.flagVersion('gone'), 4);
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 2, { deleted: true }))), ['a']);
      assert.equal(store.getFlag('a'), undefined);
      assert.deepEqual(preparedFlags, ['a@1']);
      assert.deepEqual(store.allFlags(), []);
    });

    it('reports a flag that depends on a deleted one, but not a delete of something already gone', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('a', 1, prerequisites('b')), flag('b', 1)]));
      assert.deepEqual(sorted(store.delete('flags', 'b', 2)), ['a', 'b']);
      assert.deepEqual(sorted(store.delete('flags', 'b', 3)), []);
      assert.deepEqual(sorted(store.upsert('flags', flag('b', 4))), ['a', 'b']);
    });
  });

  describe('init', () => {
    const base = (): ReturnType<typeof dataSet> =>
      dataSet([flag('a', 1), flag('b', 1, usesSegments('s')), flag('c', 1)], [segment('s', 1)]);

    it('reports every live flag on the first init', () => {
      const { store } = recordingStore();
      assert.deepEqual(sorted(store.init(base())), ['a', 'b', 'c']);
    });

    it('reports nothing when every version and content is unchanged', () => {
      const { store } = recordingStore();
      store.init(base());
      assert.deepEqual(sorted(store.init(base())), []);
    });

    it('reports added, removed and bumped flags, and flags using a changed segment', () => {
      const { store } = recordingStore();
      store.init(base());
      const next = dataSet([flag('a', 2), flag('b', 1, usesSegments('s')), flag('d', 1)], [segment('s', 2)]);
      assert.deepEqual(sorted(store.init(next)), ['a', 'b', 'c', 'd']);
      assert.equal(store.getFlag('c'), undefined);
      assert.equal(store.flagVersion('c'), undefined);
    });

    it('reports a removed segment through the flags that still use it', () => {
      const { store } = recordingStore();
      store.init(base());
      const next = dataSet([flag('a', 1), flag('b', 1, usesSegments('s')), flag('c', 1)]);
      assert.deepEqual(sorted(store.init(next)), ['b']);
    });

    it('replaces a higher version with a lower one and reports it (init is authoritative)', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('a', 9)]));
      assert.deepEqual(sorted(store.init(dataSet([flag('a', 3)]))), ['a']);
      assert.equal(store.flagVersion('a'), 3);
    });

    it('replaces and reports content that changed under the same version (flag files)', () => {
      const { store, preparedFlags } = recordingStore();
      store.init(dataSet([flag('a', 1, { variations: ['x'] })]));
      assert.deepEqual(sorted(store.init(dataSet([flag('a', 1, { variations: ['y'] })]))), ['a']);
      assert.deepEqual(store.getFlagModel('a')?.variations, ['y']);
      assert.deepEqual(preparedFlags, ['a@1', 'a@1']);
    });

    it('drops tombstones of keys absent from the new data', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('a', 1)]));
      store.delete('flags', 'a', 5);
      assert.deepEqual(sorted(store.init(dataSet([]))), []);
      assert.equal(store.flagVersion('a'), undefined);
    });

    it('files an item under its own key, the higher version winning a duplicate', () => {
      const { store } = recordingStore();
      const changed = store.init({
        flags: { 'map-key': flag('real', 1), dup1: flag('dup', 3, { salt: 'three' }), dup2: flag('dup', 2) },
        segments: {},
      });
      assert.deepEqual(sorted(changed), ['dup', 'real']);
      assert.equal(store.getFlag('map-key'), undefined);
      assert.deepEqual(store.getFlag('real'), { key: 'real', version: 1 });
      assert.equal(store.getFlagModel('dup')?.salt, 'three');
    });

    it('leaves the store unchanged if a prepare function throws', () => {
      let fail = false;
      const store = new FlagStore<Flag, Segment>({
        prepareFlag: (f) => {
          if (fail && f.key === 'bad') throw new Error('boom');
          return f;
        },
        prepareSegment: (s) => s,
      });
      store.init(dataSet([flag('a', 1)]));
      const before = store.snapshot();
      fail = true;
      assert.throws(() => store.init(dataSet([flag('a', 2), flag('bad', 1)])), /boom/);
      assert.throws(() => store.upsert('flags', flag('bad', 1)), /boom/);
      assert.equal(store.flagVersion('a'), 1);
      assert.equal(store.flagVersion('bad'), undefined);
      assert.equal(store.snapshot(), before);
    });
  });

  describe('dependency propagation', () => {
    it('reports the prerequisite of a prerequisite', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('top', 1, prerequisites('mid')), flag('mid', 1, prerequisites('low')), flag('low', 1), flag('x', 1)]));
      assert.deepEqual(sorted(store.upsert('flags', flag('low', 2))), ['low', 'mid', 'top']);
      assert.deepEqual(sorted(store.affectedFlags('flags', 'mid')), ['mid', 'top']);
      assert.deepEqual(store.dependentsOf('flags', 'low'), [{ kind: 'flags', key: 'mid' }]);
    });

    it('reports flags using a segment inside a segment (flag → segment → segment)', () => {
      const { store } = recordingStore();
      store.init(
        dataSet(
          [flag('f', 1, usesSegments('outer')), flag('g', 1, prerequisites('f')), flag('h', 1)],
          [segment('outer', 1, usesSegments('inner')), segment('inner', 1)],
        ),
      );
      assert.deepEqual(sorted(store.upsert('segments', segment('inner', 2))), ['f', 'g']);
      assert.deepEqual(sorted(store.delete('segments', 'outer', 2)), ['f', 'g']);
    });

    it('finds dependents of an item that arrives after the flags naming it', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('f', 1, usesSegments('later'))]));
      assert.deepEqual(sorted(store.upsert('segments', segment('later', 1))), ['f']);
    });

    it('follows the new dependencies after a patch changes them', () => {
      const { store } = recordingStore();
      store.init(dataSet([flag('f', 1, prerequisites('old')), flag('old', 1), flag('new', 1)]));
      store.upsert('flags', flag('f', 2, prerequisites('new')));
      assert.deepEqual(sorted(store.upsert('flags', flag('old', 2))), ['old']);
      assert.deepEqual(sorted(store.upsert('flags', flag('new', 2))), ['f', 'new']);
    });

    it('terminates on prerequisite and segment cycles', () => {
      const { store } = recordingStore();
      store.init(
        dataSet(
          [flag('a', 1, prerequisites('b')), flag('b', 1, prerequisites('a')), flag('c', 1, usesSegments('x'))],
          [segment('x', 1, usesSegments('y')), segment('y', 1, usesSegments('x'))],
        ),
      );
      assert.deepEqual(sorted(store.upsert('flags', flag('a', 2, prerequisites('b')))), ['a', 'b']);
      assert.deepEqual(sorted(store.upsert('segments', segment('y', 2, usesSegments('x')))), ['c']);
    });

    it('costs O(dependents) in a large store: one patch reports only the affected keys', () => {
      const { store, preparedFlags } = recordingStore();
      const flags: Flag[] = [];
      for (let i = 0; i < 1000; i++) flags.push(flag(`f${i}`, 1, i % 100 === 0 ? usesSegments(`s${i / 100}`) : prerequisites(`f${i - 1}`)));
      const segments: Segment[] = [];
      for (let i = 0; i < 10; i++) segments.push(segment(`s${i}`, 1));
      store.init(dataSet(flags, segments));
      preparedFlags.length = 0;
      // f500 is used by f501 → … → f599 (a chain of prerequisites); f600 starts a new chain.
      const changed = store.upsert('flags', flag('f500', 2, usesSegments('s5')));
      assert.deepEqual(sorted(changed), sorted(Array.from({ length: 100 }, (_, i) => `f${500 + i}`)));
      assert.deepEqual(preparedFlags, ['f500@2']);
      assert.deepEqual(sorted(store.upsert('segments', segment('s9', 2))), sorted(Array.from({ length: 100 }, (_, i) => `f${900 + i}`)));
      assert.deepEqual(sorted(store.upsert('flags', flag('f999', 2))), ['f999']);
    });
  });

  describe('preparation', () => {
    it('prepares each item version once, never per lookup or for an unchanged re-init', () => {
      const { store, preparedFlags, preparedSegments } = recordingStore();
      const data = dataSet([flag('a', 1), flag('b', 1)], [segment('s', 1)]);
      store.init(data);
      const first = store.getFlag('a');
      for (let i = 0; i < 100; i++) {
        assert.equal(store.getFlag('a'), first);
        store.getSegment('s');
      }
      store.init(dataSet([flag('a', 1), flag('b', 1)], [segment('s', 1)]));
      assert.equal(store.getFlag('a'), first);
      store.upsert('flags', flag('a', 2));
      store.upsert('flags', flag('a', 2));
      store.init(dataSet([flag('a', 2), flag('b', 1)], [segment('s', 1)]));
      assert.deepEqual(preparedFlags, ['a@1', 'b@1', 'a@2']);
      assert.deepEqual(preparedSegments, ['s@1']);
    });

    it('deep-freezes items on arrival', () => {
      const { store } = recordingStore();
      const f = flag('a', 1, usesSegments('s'));
      store.upsert('flags', f);
      assert.ok(Object.isFrozen(f));
      assert.ok(Object.isFrozen(f.rules?.[0].clauses?.[0].values));
    });
  });

  describe('odd but valid input', () => {
    it('does not throw on missing arrays, unknown operators and non-string segment values', () => {
      const { store } = recordingStore();
      const odd = {
        key: 'odd',
        version: 1,
        prerequisites: null,
        rules: [{ clauses: [{ op: 'noSuchOp', values: [1] }, { op: 'segmentMatch', values: [3, null, 's'] }] }, { clauses: null }],
      } as unknown as Flag;
      assert.deepEqual(sorted(store.init({ flags: { odd }, segments: {} })), ['odd']);
      assert.deepEqual(sorted(store.upsert('segments', segment('s', 1))), ['odd']);
    });

    it('ignores items without a string key or numeric version, and unknown kinds', () => {
      const { store } = recordingStore();
      const junk = [null, 5, {}, { key: 1, version: 1 }, { key: 'k', version: '2' }, { key: 'k', version: NaN }] as unknown as Flag[];
      for (const item of junk) assert.deepEqual(sorted(store.upsert('flags', item)), []);
      assert.deepEqual(sorted(store.init({ flags: Object.fromEntries(junk.map((j, i) => [`j${i}`, j])), segments: {} })), []);
      assert.deepEqual(sorted(store.upsert('widgets' as 'flags', flag('w', 1))), []);
      assert.deepEqual(sorted(store.delete('flags', 'k', NaN)), []);
      assert.deepEqual(sorted(store.init({} as unknown as ReturnType<typeof dataSet>)), []);
      assert.equal(store.flagVersion('k'), undefined);
      assert.equal(store.flagVersion('w'), undefined);
    });
  });
});
