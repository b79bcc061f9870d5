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

  it('reaches inside objects that were frozen beforehand', () => {
    const inner = { c: { d: 1 } };
    const value = { a: Object.freeze({ inner }), list: Object.freeze([{ e: [2] }]) };
    deepFreeze(value);
    assert.ok(Object.isFrozen(inner));
    assert.ok(Object.isFrozen(inner.c));
    assert.ok(Object.isFrozen(value.list[0]));
    assert.ok(Object.isFrozen(value.list[0].e));
    const frozenRoot = Object.freeze({ x: { y: {} } });
    deepFreeze(frozenRoot);
    assert.ok(Object.isFrozen(frozenRoot.x.y));
  });

  it('freezes own enumerable properties only, whatever the prototype holds', () => {
    const proto = { inherited: { p: 1 } };
    const value = Object.create(proto) as { own: { q: number }; inherited: { p: number } };
    value.own = { q: 1 };
    deepFreeze(value);
    assert.ok(Object.isFrozen(value.own));
    assert.ok(!Object.isFrozen(proto.inherited));
  });

  it('handles cycles through frozen objects and a frozen root', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = { a, leaf: {} };
    a.b = b;
    Object.freeze(a);
    const root = Object.freeze({ a, again: a });
    deepFreeze(root);
    assert.ok(Object.isFrozen(b));
    assert.ok(Object.isFrozen(b.leaf));
  });

  it('works normally after a value that cannot be frozen, and when called again from a getter', () => {
    assert.throws(() => deepFreeze({ bytes: new Uint8Array(2), later: [{}] }), TypeError);
    const after = { a: { b: [{ c: {} }] } };
    deepFreeze(after);
    assert.ok(Object.isFrozen(after.a.b[0].c));
    const other = { inner: { deeper: {} } };
    const withGetter = {
      sibling: { s: {} }, // queued before the getter runs: the nested call must leave it there
      get computed() {
        deepFreeze(other);
        return { made: {} };
      },
    };
    deepFreeze(withGetter);
    assert.ok(Object.isFrozen(other.inner.deeper));
    assert.ok(Object.isFrozen(withGetter.sibling.s));
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
