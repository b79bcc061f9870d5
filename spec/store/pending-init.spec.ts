import assert from 'node:assert/strict';
import type { Flag } from '../../lib/model/flag';
import { DependencyGraph } from '../../lib/store/dependency-graph';
import { FlagStore } from '../../lib/store/flag-store';
import { changedItems, CollectionBuild } from '../../lib/store/pending-init';
import { liveEntry, type StoreEntry, tombstone } from '../../lib/store/store-entry';
import { flag, segment } from './store-fixtures';

const prepare = (f: Flag): string => `${f.key}@${f.version}`;

/** Builds a collection in steps of `stepSize` items, as a sliced init does. */
function rebuildEntries(
  old: ReadonlyMap<string, StoreEntry<Flag, string>>,
  items: Record<string, Flag>,
  prepareItem: (f: Flag) => string,
  graph = new DependencyGraph(),
  stepSize = 1,
): Map<string, StoreEntry<Flag, string>> {
  const build = new CollectionBuild<Flag, string>('flags', items, () => old, prepareItem, graph);
  let steps = 0;
  while (!build.done) {
    build.step(stepSize);
    assert.ok(++steps <= 2 * Object.keys(items).length + 2, 'a step makes progress');
  }
  return build.entries;
}

describe('CollectionBuild (one collection of a full data set, built in steps)', () => {
  it('reuses an entry whose version and content are unchanged, and replaces the others', () => {
    const old = new Map<string, StoreEntry<Flag, string>>([
      ['same', liveEntry(flag('same', 1), prepare)],
      ['bumped', liveEntry(flag('bumped', 1), prepare)],
      ['edited', liveEntry(flag('edited', 1, { salt: 'a' }), prepare)],
      ['dead', tombstone(4)],
    ]);
    const next = rebuildEntries(
      old,
      { same: flag('same', 1), bumped: flag('bumped', 2), edited: flag('edited', 1, { salt: 'b' }), dead: flag('dead', 4, { deleted: true }) },
      prepare,
    );
    assert.equal(next.get('same'), old.get('same'));
    assert.equal(next.get('dead'), old.get('dead'));
    assert.notEqual(next.get('bumped'), old.get('bumped'));
    assert.equal(next.get('bumped')?.prepared, 'bumped@2');
    assert.equal(next.get('edited')?.item?.salt, 'b');
    assert.deepEqual(
      changedItems('flags', old, next).map((r) => r.key).sort(),
      ['bumped', 'edited'],
    );
  });

  it('files items under their own key, the higher version winning, and records their dependencies', () => {
    const graph = new DependencyGraph();
    const next = rebuildEntries(
      new Map(),
      { x: flag('a', 1), y: flag('a', 3, { prerequisites: [{ key: 'b', variation: 0 }] }), z: flag('a', 2), b: flag('b', 1) },
      prepare,
      graph,
    );
    assert.deepEqual([...next.keys()].sort(), ['a', 'b']);
    assert.equal(next.get('a')?.prepared, 'a@3');
    assert.deepEqual(graph.dependentsOf('flags', 'b'), [{ kind: 'flags', key: 'a' }]);
  });

  it('does not modify the old map', () => {
    const old = new Map<string, StoreEntry<Flag, string>>([['a', liveEntry(flag('a', 1), prepare)]]);
    rebuildEntries(old, {}, prepare);
    assert.deepEqual([...old.keys()], ['a']);
  });
});

describe('changedItems', () => {
  it('reports live items present on one side only, ignoring tombstones on either side', () => {
    const old = new Map<string, StoreEntry<Flag, string>>([
      ['removed', liveEntry(flag('removed', 1), prepare)],
      ['buried', liveEntry(flag('buried', 1), prepare)],
      ['ghost', tombstone(1)],
      ['ghost-gone', tombstone(1)],
    ]);
    const next = new Map<string, StoreEntry<Flag, string>>([
      ['added', liveEntry(flag('added', 1), prepare)],
      ['buried', tombstone(2)],
      ['ghost', tombstone(2)],
    ]);
    assert.deepEqual(
      changedItems('segments', old, next).map((r) => `${r.kind}:${r.key}`).sort(),
      ['segments:added', 'segments:buried', 'segments:removed'],
    );
  });
});

describe('FlagStore.beginInit (a full data set prepared in steps)', () => {
  const flags = (count: number, version: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, flag(`f${i}`, version)]));

  it('prepares a few items per step and shows nothing until commit, which swaps everything at once', () => {
    const prepared: string[] = [];
    const store = new FlagStore<string, string>({ prepareFlag: (f) => (prepared.push(f.key), `${f.key}@${f.version}`), prepareSegment: (s) => s.key });
    store.init({ flags: flags(10, 1), segments: {} });
    prepared.length = 0;
    const pending = store.beginInit({ flags: flags(10, 2), segments: { s: segment('s', 1) } });
    assert.equal(pending.size, 11);
    let steps = 0;
    while (!pending.step(3)) {
      steps++;
      assert.equal(store.getFlag('f0'), 'f0@1', 'readers see the old data while steps run');
      assert.equal(store.getSegment('s'), undefined);
    }
    assert.ok(steps >= 3, `${steps} steps`);
    assert.equal(prepared.length, 10);
    const changed = pending.commit();
    assert.equal(changed.size, 10);
    assert.equal(store.getFlag('f9'), 'f9@2');
    assert.equal(store.getSegment('s'), 's');
  });

  it('leaves the store unchanged when preparing an item throws', () => {
    const store = new FlagStore<string, string>({
      prepareFlag: (f) => {
        if (f.key === 'f7') throw new Error('bad flag');
        return f.key;
      },
      prepareSegment: (s) => s.key,
    });
    store.init({ flags: { a: flag('a', 1) }, segments: {} });
    const pending = store.beginInit({ flags: flags(10, 1), segments: {} });
    assert.throws(() => {
      while (!pending.step(2));
    }, /bad flag/);
    assert.equal(store.getFlag('a'), 'a');
    assert.equal(store.getFlag('f0'), undefined);
  });

  it('replaces a change made while it was pending, reporting it as changed', () => {
    const store = new FlagStore<string, string>({ prepareFlag: (f) => `${f.key}@${f.version}`, prepareSegment: (s) => s.key });
    store.init({ flags: { a: flag('a', 1) }, segments: {} });
    const pending = store.beginInit({ flags: { a: flag('a', 1) }, segments: {} });
    pending.step(1);
    store.upsert('flags', flag('a', 5));
    assert.deepEqual([...pending.commit()], ['a']);
    assert.equal(store.getFlag('a'), 'a@1');
  });
});
