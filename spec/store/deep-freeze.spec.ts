import assert from 'node:assert/strict';
import { deepFreeze } from '../../lib/store/deep-freeze';

describe('deepFreeze', () => {
  it('freezes every nested object and array and returns the same value', () => {
    const value = { a: [{ b: 1 }, [2]], c: { d: null } };
    assert.equal(deepFreeze(value), value);
    assert.ok(Object.isFrozen(value));
    assert.ok(Object.isFrozen(value.a));
    assert.ok(Object.isFrozen(value.a[0]));
    assert.ok(Object.isFrozen(value.a[1]));
    assert.ok(Object.isFrozen(value.c));
    assert.throws(() => {
      (value.a[0] as { b: number }).b = 2;
    }, TypeError);
  });

  it('returns primitives as they are', () => {
    assert.equal(deepFreeze(5), 5);
    assert.equal(deepFreeze(null), null);
  });

  it('handles cycles, shared objects and deep nesting', () => {
    const shared = { s: 1 };
    const cyclic: Record<string, unknown> = { left: shared, right: shared };
    cyclic.self = cyclic;
    deepFreeze(cyclic);
    assert.ok(Object.isFrozen(shared));
    let deep: unknown[] = [];
    const root = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: unknown[] = [];
      deep.push(next);
      deep = next;
    }
    deepFreeze(root);
    assert.ok(Object.isFrozen(deep));
  });
});
