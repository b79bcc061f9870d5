import assert from 'node:assert/strict';
import { jsonEqual } from '../../lib/store/json-equal';

describe('jsonEqual', () => {
  it('compares primitives, arrays and objects deeply, ignoring key order', () => {
    assert.equal(jsonEqual(1, 1), true);
    assert.equal(jsonEqual('a', 'b'), false);
    assert.equal(jsonEqual(null, {}), false);
    assert.equal(jsonEqual([], {}), false);
    assert.equal(jsonEqual({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] }), true);
    assert.equal(jsonEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }), false);
    assert.equal(jsonEqual([1, 2], [2, 1]), false);
    assert.equal(jsonEqual([1], [1, 1]), false);
  });

  it('treats an undefined property as absent, and other missing keys as a difference', () => {
    assert.equal(jsonEqual({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }), false);
  });

  it('handles very deep nesting without overflowing the stack', () => {
    const deep = (leaf: number): unknown => {
      let value: unknown = leaf;
      for (let i = 0; i < 30_000; i++) value = [value];
      return value;
    };
    assert.equal(jsonEqual(deep(1), deep(1)), true);
    assert.equal(jsonEqual(deep(1), deep(2)), false);
  });

  it('terminates on cyclic objects', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const b: Record<string, unknown> = { x: 1 };
    b.self = b;
    const c: Record<string, unknown> = { x: 2 };
    c.self = c;
    assert.equal(jsonEqual(a, b), true);
    assert.equal(jsonEqual(a, c), false);
  });
});
