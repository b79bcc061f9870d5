import assert from 'node:assert/strict';
import { ContextDeduplicator } from '../../lib/events/context-deduplicator';

describe('ContextDeduplicator', () => {
  it('reports a key as new once, then as seen', () => {
    const seen = new ContextDeduplicator(10);
    assert.equal(seen.notice('a'), true);
    assert.equal(seen.notice('a'), false);
    assert.equal(seen.notice('b'), true);
    assert.equal(seen.notice('a'), false);
  });

  it('remembers every one of the last `capacity` distinct keys, and forgets older ones', () => {
    const capacity = 5;
    const seen = new ContextDeduplicator(capacity);
    const order: string[] = [];
    // A long pseudo-random access pattern over 12 keys; check against an exact LRU model.
    let x = 7;
    for (let step = 0; step < 2_000; step++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const key = `k${x % 12}`;
      const recent = order.slice(-capacity).includes(key);
      const isNew = seen.notice(key);
      if (recent) assert.equal(isNew, false, `step ${step}: ${key} is among the last ${capacity} distinct keys`);
      const at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1);
      order.push(key);
      if (isNew) assert.equal(recent, false);
      assert.ok(seen.size <= 2 * capacity, `holds ${seen.size} keys`);
    }
  });

  it('forgets everything on clear()', () => {
    const seen = new ContextDeduplicator(10);
    seen.notice('a');
    seen.clear();
    assert.equal(seen.size, 0);
    assert.equal(seen.notice('a'), true);
  });

  it('with capacity 1 remembers only the last key', () => {
    const seen = new ContextDeduplicator(1);
    assert.equal(seen.notice('a'), true);
    assert.equal(seen.notice('a'), false);
    assert.equal(seen.notice('b'), true);
    assert.equal(seen.notice('a'), true);
  });
});
