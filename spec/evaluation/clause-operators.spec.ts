import assert from 'node:assert/strict';
import { compileOperator } from '../../lib/evaluation/clause-operators';

/** [operator, context value, clause value, expected] — one clause value per row. */
type Row = [string, unknown, unknown, boolean];

function check(rows: Row[]): void {
  for (const [op, value, clauseValue, expected] of rows) {
    it(`${JSON.stringify(value)} ${op} ${JSON.stringify(clauseValue)} ⇒ ${expected}`, () => {
      const warnings: string[] = [];
      assert.equal(compileOperator(op, [clauseValue], (m) => warnings.push(m))(value), expected);
    });
  }
}

describe('clause operators', () => {
  describe('in (strict equality of JSON values)', () =>
    check([
      ['in', 'x', 'x', true],
      ['in', 'x', 'X', false],
      ['in', 1, 1.0, true],
      ['in', 99, 99.0001, false],
      ['in', true, true, true],
      ['in', true, 1, false],
      ['in', 1, '1', false],
      ['in', null, null, true], // (a null attribute never reaches the operator; an array element can)
      ['in', 0, -0, true],
      ['in', { a: 1 }, { a: 1 }, false],
      ['in', [1], [1], false],
    ]));

  it('in: a long list is a Set with the same rules', () => {
    const values = [...Array.from({ length: 20 }, (_, i) => `k${i}`), 1, true, null, { a: 1 }, [1], -0];
    const test = compileOperator('in', values, () => undefined);
    for (const [value, expected] of [['k19', true], ['k20', false], [1, true], ['1', false], [true, true], [null, true], [0, true], [{ a: 1 }, false], [NaN, false]] as const) {
      assert.equal(test(value), expected, JSON.stringify(value));
    }
  });

  describe('string operators (both strings, case-sensitive)', () =>
    check([
      ['startsWith', 'xyz', 'x', true],
      ['startsWith', 'xyz', 'y', false],
      ['startsWith', 'xyz', '', true],
      ['endsWith', 'xyz', 'z', true],
      ['endsWith', 'xyz', 'Z', false],
      ['contains', 'xyz', 'y', true],
      ['contains', 'xyz', 'yx', false],
      ['startsWith', 99, '9', false],
      ['contains', 'a99', 99, false],
      ['startsWith', ['xyz'], 'x', false], // arrays are iterated by the clause, not the operator
    ]));

  describe('matches (ECMAScript regex, unanchored)', () =>
    check([
      ['matches', 'hello world', 'l+o\\s', true],
      ['matches', 'hello world', '^world', false],
      ['matches', 'UPPER', '^[A-Z]+$', true],
      ['matches', 'abc', '^(?=a)\\w+$', true], // ECMAScript syntax (a linear lookahead)
      ['matches', '1.2.3', '^(\\d+\\.)+\\d+$', true], // nested quantifiers: the linear engine
      ['matches', 'abc', '(?<=a)b', false], // lookbehind: refused, never matches (README: regular expressions)
      ['matches', 'abc', '[', false], // invalid pattern
      ['matches', 5, '5', false],
      ['matches', 'abc', 5, false],
    ]));

  describe('numeric operators (both numbers, no coercion)', () =>
    check([
      ['lessThan', 1, 1.01, true],
      ['lessThan', 1.01, 1, false],
      ['lessThan', 1, 1, false],
      ['lessThanOrEqual', 1, 1, true],
      ['greaterThan', 2, 1.99, true],
      ['greaterThan', 1, 1, false],
      ['greaterThanOrEqual', 1, 1, true],
      ['lessThan', '1', 2, false],
      ['lessThan', 1, '2', false],
      ['greaterThan', true, 0, false],
      ['greaterThan', null, -1, false],
    ]));

  describe('date operators (Unix ms or RFC 3339 with time and zone)', () =>
    check([
      ['before', 0, 1, true],
      ['before', 1, 0, false],
      ['before', 1, 1, false],
      ['after', 1, 1, false],
      ['after', '1970-01-01T00:00:02Z', 1000, true],
      ['before', '2017-12-06T00:00:00.000-07:00', '2017-12-06T08:00:00Z', true],
      ['after', '2017-12-06T00:00:00.000-07:00', '2017-12-06T06:59:59Z', true],
      ['before', '2017-12-06T00:00:00Z', '2017-12-06T00:00:00.001Z', true],
      ['before', '2017-12-06T00:00:00+01:00', '2017-12-06T00:00:00Z', true],
      ['before', '2017-12-06T00:00:00.123456789Z', '2017-12-06T00:00:00.124Z', true], // long fraction
      ['before', '2017-12-06T00:00:00+01', 1e15, false], // hour-only offset: Date.parse gives NaN
      ['before', '2017-12-06T00:00:00Zjunk', 1e15, false],
      ['before', '2017-12-06', 1e15, false], // no time
      ['before', '1512543600000', 1e15, false], // numeric string
      ['before', '', 1e15, false],
      ['before', '2017-12-06t00:00:00z', 1e15, false], // lowercase t/z (Go accepts; Node does not)
      ['before', '2017-12-06T00:00:00', 1e15, false], // no zone
      ['before', '2017-13-06T00:00:00Z', 1e15, false], // matches the shape, Date.parse gives NaN
      ['before', true, 1e15, false],
      ['before', null, 1e15, false],
      ['before', 0, '2017-12-06', false], // invalid clause value
    ]));

  describe('semantic version operators', () =>
    check([
      ['semVerEqual', '2.0.0', '2.0.0', true],
      ['semVerEqual', '2', '2.0.0', true],
      ['semVerEqual', '2.0', '2.0.0', true],
      ['semVerEqual', '2-rc', '2.0.0-rc', true],
      ['semVerEqual', '2.0.0+build', '2.0.0', true],
      ['semVerEqual', ' 2.0.0 ', '2.0.0', true],
      ['semVerEqual', '2.0.1', '2.0.0', false],
      ['semVerLessThan', '2.0.0-rc', '2.0.0', true],
      ['semVerLessThan', '2.0.0-rc.2', '2.0.0-rc.10', true],
      ['semVerLessThan', '2.0.0-rc.2.green', '2.0.0-rc.2.red', true],
      ['semVerLessThan', '2.0.0-rc.2', '2.0.0-rc.2.red', true],
      ['semVerLessThan', '2.0.0-1', '2.0.0-alpha', true],
      ['semVerGreaterThan', '2.0.1', '2.0.0', true],
      ['semVerGreaterThan', '10.0.0', '9.9.9', true],
      ['semVerGreaterThan', '2.0.0', '2.0.0-rc', true],
      ['semVerEqual', 'v2.0.0', '2.0.0', false],
      ['semVerEqual', '02.0.0', '2.0.0', false],
      ['semVerEqual', '2.0.0.0', '2.0.0', false],
      ['semVerEqual', '2.0.0-01', '2.0.0-01', false],
      ['semVerEqual', 2, '2.0.0', false],
      ['semVerEqual', '2.0.0', 2, false],
    ]));

  describe('unknown operators', () => {
    check([
      ['bogus', 'x', 'x', false],
      ['segmentMatch', 'x', 'x', false], // handled by the clause, never as a value operator
      // The Node SDK looks operators up in a plain object: prototype members answer.
      ['toString', 'x', 'y', true],
      ['hasOwnProperty', 'in', 'y', true],
      ['hasOwnProperty', 'x', 'y', false],
      ['__lookupGetter__', 'x', 'y', false],
    ]);
  });

  it('matches any of several clause values', () => {
    const test = compileOperator('startsWith', ['a', 5, 'b'], () => undefined);
    assert.equal(test('bee'), true);
    assert.equal(test('cee'), false);
    assert.equal(compileOperator('in', [], () => undefined)('x'), false);
  });

  it('warns about each pattern that can never match', () => {
    const warnings: string[] = [];
    compileOperator('matches', ['^ok$', '(', '^(a+)+$', '(a)\\1'], (m) => warnings.push(m));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /invalid regular expression '\('/);
    assert.match(warnings[1], /'\(a\)\\1' refused: it uses a back-reference/);
  });
});
