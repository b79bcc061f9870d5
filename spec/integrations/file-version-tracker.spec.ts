import assert from 'node:assert/strict';
import type { Flag } from '../../lib/model/flag';
import type { Segment } from '../../lib/model/segment';
import { FileVersionTracker } from '../../lib/integrations/file-version-tracker';
import { flagForValue } from '../../lib/integrations/merge-flag-files';

function merged(flags: Flag[], segments: Segment[] = []) {
  return {
    flags: new Map(flags.map((flag) => [flag.key, flag])),
    segments: new Map(segments.map((segment) => [segment.key, segment])),
  };
}

function versions(data: { flags: Readonly<Record<string, Flag>> }): Record<string, number> {
  return Object.fromEntries(Object.entries(data.flags).map(([key, flag]) => [key, flag.version]));
}

describe('FileVersionTracker', () => {
  it('serves declared versions first, and reports the first load as a change', () => {
    const tracker = new FileVersionTracker();
    const { data, changed } = tracker.assign(merged([{ ...flagForValue('a', 1), version: 9 }, flagForValue('b', 2)]));
    assert.equal(changed, true);
    assert.deepEqual(versions(data), { a: 9, b: 1 });
  });

  it('bumps only the items whose content changed, and reports no change for identical data', () => {
    const tracker = new FileVersionTracker();
    tracker.assign(merged([flagForValue('a', 1), flagForValue('b', 2)], [{ key: 's', version: 1, included: ['x'] }]));
    const same = tracker.assign(merged([flagForValue('a', 1), flagForValue('b', 2)], [{ key: 's', version: 1, included: ['x'] }]));
    assert.equal(same.changed, false);
    assert.deepEqual(versions(same.data), { a: 1, b: 1 });

    const edited = tracker.assign(merged([flagForValue('a', 1), flagForValue('b', 3)], [{ key: 's', version: 1, included: ['y'] }]));
    assert.equal(edited.changed, true);
    assert.deepEqual(versions(edited.data), { a: 1, b: 2 });
    assert.equal(edited.data.segments.s.version, 2);
    const again = tracker.assign(merged([flagForValue('a', 1), flagForValue('b', 4)], [{ key: 's', version: 1, included: ['y'] }]));
    assert.deepEqual(versions(again.data), { a: 1, b: 3 });
  });

  it('honours a declared version above the served one', () => {
    const tracker = new FileVersionTracker();
    tracker.assign(merged([{ ...flagForValue('a', 1), version: 3 }]));
    assert.deepEqual(versions(tracker.assign(merged([{ ...flagForValue('a', 1), version: 10 }])).data), { a: 10 });
    assert.deepEqual(versions(tracker.assign(merged([{ ...flagForValue('a', 1), version: 2 }])).data), { a: 11 });
  });

  it('reports removed and re-added keys as changes, and keeps versions rising for changed comebacks', () => {
    const tracker = new FileVersionTracker();
    tracker.assign(merged([flagForValue('a', 1), flagForValue('b', 1)]));
    tracker.assign(merged([flagForValue('a', 2), flagForValue('b', 1)])); // a: v2
    const removed = tracker.assign(merged([flagForValue('b', 1)]));
    assert.equal(removed.changed, true);
    assert.deepEqual(versions(removed.data), { b: 1 });
    const renamed = tracker.assign(merged([flagForValue('c', 1)]));
    assert.equal(renamed.changed, true, 'same count, other key');
    const back = tracker.assign(merged([flagForValue('a', 7), flagForValue('c', 1)]));
    assert.equal(back.changed, true);
    assert.deepEqual(versions(back.data), { a: 3, c: 1 });
  });
});
