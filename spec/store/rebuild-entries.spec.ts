import assert from 'node:assert/strict';
import type { Flag } from '../../lib/model/flag';
import { changedItems, rebuildEntries } from '../../lib/store/rebuild-entries';
import { liveEntry, type StoreEntry, tombstone } from '../../lib/store/store-entry';
import { flag } from './store-fixtures';

const prepare = (f: Flag): string => `${f.key}@${f.version}`;

describe('rebuildEntries', () => {
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
