import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { FSWatcher, mkdirSync, watch as fsWatch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncScheduler, firstValueFrom, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { watchFiles } from '../../lib/integrations/watch-files';
import { tempDirectory } from './event-queue';

/** An fs.watch double: fails while `failing`, else returns an emitter standing in for a watcher. */
function fakeWatch() {
  const state = { failing: true, attempts: 0, closed: 0, watchers: [] as EventEmitter[] };
  const watch = ((directory: string) => {
    state.attempts++;
    if (state.failing) throw Object.assign(new Error(`ENOENT: no such file or directory, watch '${directory}'`), { code: 'ENOENT' });
    const watcher = Object.assign(new EventEmitter(), { close: () => void state.closed++ });
    state.watchers.push(watcher);
    return watcher as unknown as FSWatcher;
  }) as unknown as typeof fsWatch;
  return { state, watch };
}

describe('watchFiles', () => {
  let dir: ReturnType<typeof tempDirectory>;
  beforeEach(() => (dir = tempDirectory()));
  afterEach(() => dir.remove());

  it('emits the path of a watched file that changes, not of its neighbours', async () => {
    const path = dir.file('flags.json');
    const seen: string[] = [];
    const subscription = watchFiles([path], { scheduler: asyncScheduler }).subscribe((changed) => seen.push(changed));
    try {
      writeFileSync(dir.file('neighbour.json'), '{}');
      writeFileSync(path, '{}');
      for (let waited = 0; seen.length === 0 && waited < 3000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(seen.length > 0, 'saw the change');
      assert.deepEqual(new Set(seen), new Set([path]));
    } finally {
      subscription.unsubscribe();
    }
  });

  it('treats Kubernetes-style ..data entries as changes', async () => {
    const path = dir.file('flags.json');
    const changed = firstValueFrom(watchFiles([path], { scheduler: asyncScheduler }));
    writeFileSync(dir.file('..data_tmp'), 'x');
    assert.equal(await changed, dir.file('..data_tmp'));
  });

  it('starts watching a directory once it is created, and reports a change then', async () => {
    const missing = join(dir.path, 'not-yet');
    const changed = firstValueFrom(watchFiles([join(missing, 'flags.json')], { scheduler: asyncScheduler, retryInterval: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    mkdirSync(missing);
    assert.equal(await changed, missing);
  });

  it('retries a failing watch on the scheduler and stops retrying on unsubscribe', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 1000);
    const { state, watch } = fakeWatch();
    const seen: string[] = [];
    const subscription = watchFiles(['/nowhere/a.json', '/nowhere/b.json'], { scheduler, retryInterval: 300, watch }).subscribe(
      (path) => seen.push(path),
    );
    assert.equal(state.attempts, 1, 'one directory, one watch');
    scheduler.flush(); // virtual 0..1000 ms: retries at 300, 600, 900
    assert.equal(state.attempts, 4);
    assert.deepEqual(seen, []);

    state.failing = false;
    scheduler.maxFrames = 1300;
    scheduler.flush(); // retry at 1200 succeeds
    assert.equal(state.attempts, 5);
    assert.deepEqual(seen, ['/nowhere'], 'a recovered watch reports a change');

    state.watchers[0].emit('error', new Error('EPERM'));
    assert.deepEqual(seen, ['/nowhere', '/nowhere'], 'a failed watcher reports a change');
    assert.equal(state.closed, 1);
    state.failing = true;
    subscription.unsubscribe();
    scheduler.maxFrames = 5000;
    scheduler.flush();
    assert.equal(state.attempts, 5, 'no retry after unsubscribe');
  });

  it('closes its watcher on unsubscribe', () => {
    const { state, watch } = fakeWatch();
    state.failing = false;
    const subscription = watchFiles(['/a/x.json', '/b/y.json'], { scheduler: asyncScheduler, watch }).subscribe();
    assert.equal(state.attempts, 2, 'one watch per directory');
    subscription.unsubscribe();
    assert.equal(state.closed, 2);
  });
});
