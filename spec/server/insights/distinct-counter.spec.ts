import assert from 'node:assert/strict';
import { DistinctCounter, hashKey } from '../../../lib/server/insights/distinct-counter';

function counterOf(keys: Iterable<string>, exactLimit: number): DistinctCounter {
  const counter = new DistinctCounter(exactLimit);
  for (const key of keys) counter.add(hashKey(key));
  return counter;
}

function* range(prefix: string, from: number, to: number): Generator<string> {
  for (let i = from; i < to; i++) yield `${prefix}${i}`;
}

describe('insights: DistinctCounter', () => {
  it('hashes keys to distinct 52-bit safe integers', () => {
    const hashes = [...range('user-', 0, 1000)].map(hashKey);
    assert.equal(new Set(hashes).size, 1000);
    for (const hash of hashes) assert.ok(Number.isSafeInteger(hash) && hash >= 0 && hash < 2 ** 52, String(hash));
    assert.equal(hashKey('same'), hashKey('same'));
  });

  it('counts exactly up to its limit, repeated keys once', () => {
    const counter = counterOf([...range('k', 0, 100), ...range('k', 0, 100)], 100);
    assert.equal(counter.count(), 100);
    assert.equal(counter.estimated, false);
  });

  it('switches to an estimate past the limit, within a few percent', () => {
    for (const n of [150, 2_000, 50_000]) {
      const counter = counterOf(range('ctx-', 0, n), 100);
      assert.equal(counter.estimated, true);
      const error = Math.abs(counter.count() - n) / n;
      assert.ok(error < 0.07, `${n} keys estimated as ${counter.count()}`);
    }
  });

  it('merges: exact unions stay exact, anything with a sketch is estimated', () => {
    const a = counterOf(range('k', 0, 60), 1000);
    const b = counterOf(range('k', 40, 100), 1000);
    a.addAll(b);
    assert.deepEqual([a.count(), a.estimated], [100, false]);

    const big = counterOf(range('k', 0, 5000), 100);
    const union = counterOf(range('k', 4000, 6000), 100);
    union.addAll(big);
    assert.equal(union.estimated, true);
    assert.ok(Math.abs(union.count() - 6000) / 6000 < 0.07, `estimated ${union.count()}`);

    const exactInto = counterOf(range('x', 0, 10), 1000);
    exactInto.addAll(counterOf(range('y', 0, 3000), 100));
    assert.ok(Math.abs(exactInto.count() - 3010) / 3010 < 0.07, `estimated ${exactInto.count()}`);
  });

  it('a limit of 0 estimates from the first key', () => {
    const counter = counterOf(['a', 'b', 'c'], 0);
    assert.equal(counter.estimated, true);
    assert.equal(counter.count(), 3);
  });
});
