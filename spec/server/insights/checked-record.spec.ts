import assert from 'node:assert/strict';
import * as t from 'io-ts';
import { checkedRecord } from '../../../lib/server/insights/checked-record';
import { refined } from '../../../lib/server/insights/refined';
import { assertDecodeFailure, assertDecodes } from '../../helpers/assert-decode';

describe('insights: checkedRecord and refined', () => {
  const ShortKey = refined(t.string, (s) => s.length <= 3 || s === '__proto__', 'string of at most 3 characters');
  const Counts = checkedRecord(ShortKey, t.number, 'object of short key → number');

  it('reports bad keys and bad values at their paths, where t.record would drop the key silently', () => {
    assertDecodeFailure(Counts, { ok: 1, long: 2, bad: 'x' }, ['long: expected string of at most 3 characters, got "long"', 'bad: expected number, got "x"']);
    assertDecodeFailure(Counts, [1], ['(root): expected object of short key → number, got [1]']);
    assertDecodeFailure(t.type({ n: refined(t.number, Number.isInteger, 'integer') }), { n: 1.5 }, ['n: expected integer, got 1.5']);
    assertDecodeFailure(t.type({ n: refined(t.number, Number.isInteger, 'integer') }), { n: 'x' }, ['n: expected integer, got "x"']);
  });

  it('keeps a __proto__ key as an ordinary property and encodes values back', () => {
    const decoded = assertDecodes(Counts, JSON.parse('{"__proto__": 5, "a": 1}'));
    assert.deepEqual(Object.entries(decoded), [['__proto__', 5], ['a', 1]]);
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
    assert.deepEqual(Object.entries(Counts.encode(decoded)), [['__proto__', 5], ['a', 1]]);
    assert.equal(Counts.is({ a: 1 }), true);
    assert.equal(Counts.is({ long: 1 }), false);
  });
});
