import assert from 'node:assert/strict';
import { parseDateValue } from '../../lib/evaluation/dates';

describe('parseDateValue', () => {
  const cases: [unknown, number | undefined][] = [
    [0, 0],
    [1.5, 1.5],
    ['1970-01-01T00:00:01Z', 1000],
    ['1970-01-01T00:00:01.5Z', 1500],
    ['1970-01-01T01:00:00+01:00', 0],
    ['1970-01-01T00:00:00-07:00', 7 * 3600 * 1000],
    ['1970-01-01', undefined],
    ['1970-01-01T00:00:00', undefined],
    ['1970-01-01 00:00:00Z', undefined],
    ['1970-01-01t00:00:00z', undefined],
    ['1000', undefined],
    [true, undefined],
    [null, undefined],
    [{}, undefined],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} ⇒ ${expected}`, () => assert.equal(parseDateValue(value), expected));
  }

  it('leaves to Date.parse what matches the shape but is no date (NaN)', () => {
    assert.ok(Number.isNaN(parseDateValue('2020-02-30T25:00:00Z')));
  });
});
