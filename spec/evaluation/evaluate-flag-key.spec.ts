import assert from 'node:assert/strict';
import { parseContext } from '../../lib/context/evaluation-context';
import { checkType } from '../../lib/evaluation/check-type';
import { evaluateFlagKey } from '../../lib/evaluation/evaluate-flag-key';
import type { EvaluationDetail } from '../../lib/evaluation/evaluation-reason';
import { flag, lookupOf } from './fixtures';

const error = (errorKind: string) => ({ kind: 'ERROR', errorKind });

describe('evaluateFlagKey', () => {
  const lookup = lookupOf([
    flag({ key: 'on', variations: ['a', 'b'], fallthrough: { variation: 1 } }),
    flag({ key: 'off-no-value', on: false, offVariation: undefined }),
    flag({ key: 'broken', fallthrough: { variation: 9 } }),
    flag({ key: 'gone', deleted: true }),
    flag({ key: 'number', variations: [1, 2], fallthrough: { variation: 0 } }),
    flag({ key: 'with-prerequisite', prerequisites: [{ key: 'on', variation: 1 }], fallthrough: { variation: 1 } }),
  ]);
  const alice = { kind: 'user', key: 'alice' };

  it('serves the evaluated variation', () => {
    assert.deepEqual(evaluateFlagKey(lookup, 'on', alice, 'default'), { value: 'b', variationIndex: 1, reason: { kind: 'FALLTHROUGH' } });
  });

  it('accepts an already parsed context', () => {
    assert.equal(evaluateFlagKey(lookup, 'on', parseContext(alice), 'default').value, 'b');
  });

  it('is USER_NOT_SPECIFIED for an invalid context, checked before the flag', () => {
    for (const context of [undefined, null, 5, { kind: 'user' }, { kind: 'multi' }]) {
      assert.deepEqual(evaluateFlagKey(lookup, 'no-such-flag', context, 'default'), { value: 'default', variationIndex: null, reason: error('USER_NOT_SPECIFIED') });
    }
  });

  it('is FLAG_NOT_FOUND for an unknown or deleted flag', () => {
    assert.deepEqual(evaluateFlagKey(lookup, 'no-such-flag', alice, 'default'), { value: 'default', variationIndex: null, reason: error('FLAG_NOT_FOUND') });
    assert.deepEqual(evaluateFlagKey(lookup, 'gone', alice, 'default').reason, error('FLAG_NOT_FOUND'));
  });

  it('reports an undefined default as null for those two errors, as the Node SDK does', () => {
    assert.equal(evaluateFlagKey(lookup, 'no-such-flag', alice, undefined).value, null);
    assert.equal(evaluateFlagKey(lookup, 'on', null, undefined).value, null);
  });

  it('substitutes the default when no variation is served, keeping the reason', () => {
    assert.deepEqual(evaluateFlagKey(lookup, 'off-no-value', alice, 'default'), { value: 'default', variationIndex: null, reason: { kind: 'OFF' } });
    assert.deepEqual(evaluateFlagKey(lookup, 'broken', alice, 'default'), { value: 'default', variationIndex: null, reason: error('MALFORMED_FLAG') });
    assert.equal(evaluateFlagKey(lookup, 'broken', alice, undefined).value, undefined);
  });

  it('passes the prerequisite listener through', () => {
    const seen: string[] = [];
    evaluateFlagKey(lookup, 'with-prerequisite', alice, false, (p, _, of) => seen.push(`${p.key}<${of.key}`));
    assert.deepEqual(seen, ['on<with-prerequisite']);
  });
});

describe('checkType', () => {
  const detail = (value: unknown, reason: EvaluationDetail['reason'] = { kind: 'FALLTHROUGH' }): EvaluationDetail => ({ value, variationIndex: value === null ? null : 0, reason });
  const WRONG_TYPE = { value: 'default', variationIndex: null, reason: error('WRONG_TYPE') };

  const rows: [unknown, 'boolean' | 'number' | 'string' | 'json', boolean][] = [
    [true, 'boolean', true],
    ['true', 'boolean', false],
    [0, 'number', true],
    ['0', 'number', false],
    ['s', 'string', true],
    [['s'], 'string', false],
    [null, 'string', false],
    [{ a: 1 }, 'json', true],
    [null, 'json', true],
  ];
  for (const [value, expected, ok] of rows) {
    it(`${JSON.stringify(value)} as ${expected} ⇒ ${ok ? 'kept' : 'WRONG_TYPE'}`, () => {
      const input = detail(value);
      assert.deepEqual(checkType(input, 'default', expected), ok ? input : WRONG_TYPE);
    });
  }

  it('leaves pre-evaluation errors alone (the Node SDK checks types only after evaluating)', () => {
    for (const kind of ['USER_NOT_SPECIFIED', 'FLAG_NOT_FOUND', 'CLIENT_NOT_READY'] as const) {
      const input = detail(null, { kind: 'ERROR', errorKind: kind });
      assert.equal(checkType(input, null, 'boolean'), input);
    }
  });

  it('checks the substituted default of other results', () => {
    const input = detail(undefined, { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' });
    assert.deepEqual(checkType(input, undefined, 'boolean'), { value: null, variationIndex: null, reason: error('WRONG_TYPE') });
  });
});
