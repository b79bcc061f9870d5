import assert from 'node:assert/strict';
import { toJson } from '../../lib/events/to-json';

describe('toJson', () => {
  it('is JSON.stringify for ordinary values', () => {
    assert.equal(toJson({ a: [1, 'x', null], b: { c: true } }), '{"a":[1,"x",null],"b":{"c":true}}');
    assert.equal(toJson(undefined), undefined);
  });

  it('leaves out cycles but keeps shared (non-cyclic) objects', () => {
    const shared = { s: 1 };
    const a: Record<string, unknown> = { x: 1, one: shared, two: shared, list: [] as unknown[] };
    a.self = a;
    (a.list as unknown[]).push(a, 2);
    assert.equal(toJson(a), '{"x":1,"one":{"s":1},"two":{"s":1},"list":[null,2]}');
  });

  it('leaves out BigInts and throwing getters and toJSON', () => {
    const value = {
      n: 10n,
      ok: 'yes',
      get bad(): never {
        throw new Error('boom');
      },
      nested: { toJSON: () => { throw new Error('no'); } },
      when: new Date(0),
    };
    assert.equal(toJson(value), '{"ok":"yes","when":"1970-01-01T00:00:00.000Z"}');
  });

  it('cuts off absurd nesting instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 20_000; i++) deep = { d: deep, n: 1n };
    const json = toJson(deep)!;
    assert.ok(json.startsWith('{"d":{"d":'));
    assert.ok(!json.includes('"end"'));
  });
});
