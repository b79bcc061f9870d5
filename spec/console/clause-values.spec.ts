import assert from 'node:assert/strict';
import { SEGMENT_MATCH, VALUE_OPERATORS } from '../../lib/evaluation/clause-operators';
import { formatClauseValues, inTypeOf, kindOf, OPERATOR_INFO, parseClauseValues } from '../../console/src/util/clause-values';

describe('console: clause values', () => {
  it('offers exactly the operators the server accepts', () => {
    assert.deepEqual(OPERATOR_INFO.map((info) => info.op).sort(), [...VALUE_OPERATORS, SEGMENT_MATCH].sort());
  });

  it('reads values as the evaluator compares them and says which never match', () => {
    assert.deepEqual(parseClauseValues('lessThan', '5\n2.5\nten'), { values: [5, 2.5, 'ten'], problems: ['value 3 ("ten"): not a number, so it never matches'], refused: [] });
    assert.deepEqual(parseClauseValues('before', '1700000000000\n2025-01-31T00:00:00Z\nyesterday').values, [1_700_000_000_000, '2025-01-31T00:00:00Z', 'yesterday']);
    assert.match(parseClauseValues('before', 'yesterday').problems[0], /not a date/);
    assert.deepEqual(parseClauseValues('semVerEqual', '1.2.3\n2.0\nlatest').problems, ['value 3 ("latest"): not a semantic version (such as 1.2.3), so it never matches']);
    assert.match(parseClauseValues('matches', '(open').refused[0], /^value 1 \("\(open"\): /);
    assert.deepEqual(parseClauseValues('matches', '^[a-z]+@example\\.com$').refused, []);
    assert.deepEqual(parseClauseValues('segmentMatch', 'beta\nghost', 'strings', new Set(['beta'])).refused, ['value 2 ("ghost"): segment "ghost" does not exist']);
    assert.deepEqual(parseClauseValues('in', ' a \n\n b ').values, ['a', 'b']);
    assert.deepEqual(parseClauseValues('in', '1\n2', 'numbers').values, [1, 2]);
    assert.deepEqual(parseClauseValues('in', 'true\nno', 'booleans'), { values: [true, 'no'], problems: ['value 2 ("no"): expected true or false'], refused: [] });
  });

  it('formats stored values back, one per line, and guesses their type', () => {
    assert.equal(formatClauseValues(['a', 3, true]), 'a\n3\ntrue');
    assert.equal(inTypeOf([1, 2]), 'numbers');
    assert.equal(inTypeOf([true]), 'booleans');
    assert.equal(inTypeOf(['x', 1]), 'strings');
    assert.equal(kindOf('nope'), 'any');
  });
});
