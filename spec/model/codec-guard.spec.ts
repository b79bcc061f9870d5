import assert from 'node:assert/strict';
import * as t from 'io-ts';
import { codecGuard } from '../../lib/model/codec-guard';

describe('codecGuard', () => {
  const Item = t.intersection([
    t.type({ key: t.string, version: t.number, kind: t.union([t.literal('a'), t.literal('b')]) }),
    t.partial({ tags: t.array(t.string), meta: t.record(t.string, t.union([t.number, t.null])), on: t.boolean, any: t.unknown }),
  ]);
  const samples: unknown[] = [
    { key: 'k', version: 1, kind: 'a' },
    { key: 'k', version: 1, kind: 'b', tags: ['x'], meta: { m: 1, n: null }, on: true, any: [1] },
    { key: 'k', version: 1, kind: 'c' },
    { key: 'k', version: '1', kind: 'a' },
    { key: 'k', kind: 'a' },
    { key: 'k', version: 1, kind: 'a', tags: ['x', 2] },
    { key: 'k', version: 1, kind: 'a', meta: { m: 'x' } },
    { key: 'k', version: 1, kind: 'a', on: 'yes' },
    { key: 'k', version: 1, kind: 'a', tags: undefined },
    null,
    [],
    'k',
  ];

  it('accepts exactly what io-ts validation accepts, for every combinator it compiles', () => {
    const guard = codecGuard(Item);
    for (const sample of samples) assert.equal(guard(sample), Item.decode(sample)._tag === 'Right', JSON.stringify(sample));
  });

  it('compiles a codec once and keeps its guard', () => {
    assert.equal(codecGuard(Item), codecGuard(Item));
  });

  it("uses the codec's own `is` for combinators it does not compile", () => {
    const Branded = t.brand(t.number, (n): n is t.Branded<number, { readonly Positive: unique symbol }> => n > 0, 'Positive');
    assert.equal(codecGuard(Branded)(5), true);
    assert.equal(codecGuard(Branded)(-5), false);
  });
});
