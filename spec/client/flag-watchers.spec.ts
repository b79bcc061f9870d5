import assert from 'node:assert/strict';
import { FlagWatchers, type FlagWatcher } from '../../lib/client/flag-watchers';

function recorder(name: string, log: string[]): FlagWatcher {
  return { changed: () => log.push(name), closed: () => log.push(`${name} closed`) };
}

describe('FlagWatchers', () => {
  it('notifies only the watchers of the affected keys', () => {
    const watchers = new FlagWatchers();
    const log: string[] = [];
    watchers.watch('a', recorder('a1', log));
    watchers.watch('a', recorder('a2', log));
    watchers.watch('b', recorder('b', log));
    watchers.notify(new Set(['a', 'unwatched']));
    assert.deepEqual(log, ['a1', 'a2']);
  });

  it('forgets a key when its last watcher leaves', () => {
    const watchers = new FlagWatchers();
    const log: string[] = [];
    const first = watchers.watch('a', recorder('a1', log));
    const second = watchers.watch('a', recorder('a2', log));
    assert.equal(watchers.watchedKeys, 1);
    first();
    watchers.notify(['a']);
    assert.deepEqual(log, ['a2']);
    second();
    assert.equal(watchers.watchedKeys, 0);
  });

  it('lets a watcher leave while being notified', () => {
    const watchers = new FlagWatchers();
    const log: string[] = [];
    const leave = watchers.watch('a', { changed: () => (log.push('first'), leave()), closed: () => undefined });
    watchers.watch('a', recorder('second', log));
    watchers.notify(['a']);
    watchers.notify(['a']);
    assert.deepEqual(log, ['first', 'second', 'second']);
  });

  it('notifies everyone on notifyAll, closes every watcher on close, and later watchers at once', () => {
    const watchers = new FlagWatchers();
    const log: string[] = [];
    watchers.watch('a', recorder('a', log));
    watchers.watch('b', recorder('b', log));
    watchers.notifyAll();
    watchers.close();
    watchers.watch('c', recorder('c', log));
    assert.deepEqual(log, ['a', 'b', 'a closed', 'b closed', 'c closed']);
    assert.equal(watchers.watchedKeys, 0);
  });
});
