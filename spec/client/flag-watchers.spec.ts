import assert from 'node:assert/strict';
import { FlagWatchers } from '../../lib/client/flag-watchers';

describe('FlagWatchers', () => {
  it('notifies only the watchers of the affected keys', () => {
    const watchers = new FlagWatchers();
    const seen: string[] = [];
    watchers.changesOf('a').subscribe(() => seen.push('a1'));
    watchers.changesOf('a').subscribe(() => seen.push('a2'));
    watchers.changesOf('b').subscribe(() => seen.push('b'));
    watchers.notify(new Set(['a', 'unwatched']));
    assert.deepEqual(seen, ['a1', 'a2']);
  });

  it('registers lazily and forgets a key when its last watcher leaves', () => {
    const watchers = new FlagWatchers();
    const changes = watchers.changesOf('a');
    assert.equal(watchers.watchedKeys, 0);
    const first = changes.subscribe();
    const second = changes.subscribe();
    assert.equal(watchers.watchedKeys, 1);
    first.unsubscribe();
    assert.equal(watchers.watchedKeys, 1);
    second.unsubscribe();
    assert.equal(watchers.watchedKeys, 0);
  });

  it('completes every watcher on close, and later watchers at once', () => {
    const watchers = new FlagWatchers();
    let completed = 0;
    watchers.changesOf('a').subscribe({ complete: () => completed++ });
    watchers.changesOf('b').subscribe({ complete: () => completed++ });
    watchers.close();
    watchers.changesOf('c').subscribe({ complete: () => completed++ });
    assert.equal(completed, 3);
    assert.equal(watchers.watchedKeys, 0);
  });
});
