import assert from 'node:assert/strict';
import type { Clause } from '../../lib/model/clause';
import { ctx, evaluateFlag, flag } from './fixtures';

/** The outcome of a one-rule flag whose rule has these clauses: 'match' | 'no match' | 'error'. */
function outcome(clauses: Clause[], context: Record<string, unknown>): string {
  const result = evaluateFlag(flag({ rules: [{ id: 'r', clauses, variation: 1 }] }), ctx(context));
  return result.reason.kind === 'RULE_MATCH' ? 'match' : result.reason.kind === 'ERROR' ? 'error' : 'no match';
}

const ann = { kind: 'user', key: 'u1', name: 'Ann', tags: ['a', 'b'], n: null, nested: { city: 'Oslo' }, '/literal': 'L' };

describe('evaluate: clauses', () => {
  const rows: [string, Clause, Record<string, unknown>, string][] = [
    ['a matching value', { attribute: 'name', op: 'in', values: ['Ann'] }, ann, 'match'],
    ['any of several values', { attribute: 'name', op: 'in', values: ['Bob', 'Ann'] }, ann, 'match'],
    ['negate', { attribute: 'name', op: 'in', values: ['Ann'], negate: true }, ann, 'no match'],
    ['negate of a non-match', { attribute: 'name', op: 'in', values: ['Bob'], negate: true }, ann, 'match'],
    ['a missing attribute, even negated', { attribute: 'missing', op: 'in', values: ['x'], negate: true }, ann, 'no match'],
    ['a null attribute, even negated', { attribute: 'n', op: 'in', values: [null], negate: true }, ann, 'no match'],
    ['an array attribute: any element', { attribute: 'tags', op: 'in', values: ['b'] }, ann, 'match'],
    ['an array attribute negated', { attribute: 'tags', op: 'in', values: ['b'], negate: true }, ann, 'no match'],
    ['an array attribute, no element matches, negated', { attribute: 'tags', op: 'in', values: ['z'], negate: true }, ann, 'match'],
    ['an empty array, negated', { attribute: 'empty', op: 'in', values: ['z'], negate: true }, { ...ann, empty: [] }, 'match'],
    ['a nested attribute by reference', { contextKind: 'user', attribute: '/nested/city', op: 'in', values: ['Oslo'] }, ann, 'match'],
    ['a slash name as a literal (no contextKind)', { attribute: '/literal', op: 'in', values: ['L'] }, ann, 'match'],
    ['a slash name as a reference (contextKind)', { contextKind: 'user', attribute: '/literal', op: 'in', values: ['L'] }, ann, 'no match'],
    ['another kind', { contextKind: 'org', attribute: 'name', op: 'in', values: ['Acme'] }, { kind: 'multi', user: { key: 'u' }, org: { key: 'o', name: 'Acme' } }, 'match'],
    ['a kind the context lacks, even negated', { contextKind: 'org', attribute: 'name', op: 'in', values: ['x'], negate: true }, ann, 'no match'],
    ['kind: any of the context kinds', { attribute: 'kind', op: 'in', values: ['org'] }, { kind: 'multi', user: { key: 'u' }, org: { key: 'o' } }, 'match'],
    ['kind ignores the clause contextKind', { contextKind: 'device', attribute: 'kind', op: 'in', values: ['user'] }, ann, 'match'],
    ['kind of a legacy user', { attribute: 'kind', op: 'startsWith', values: ['us'] }, { key: 'legacy' }, 'match'],
    ['kind negated', { attribute: 'kind', op: 'in', values: ['user'], negate: true }, ann, 'no match'],
    ['key', { attribute: 'key', op: 'in', values: ['u1'] }, ann, 'match'],
    ['anonymous defaults to false', { attribute: 'anonymous', op: 'in', values: [false] }, ann, 'match'],
    ['anonymous reads as a boolean', { attribute: 'anonymous', op: 'in', values: [true] }, { ...ann, anonymous: 1 }, 'match'],
    ['an unknown operator', { attribute: 'name', op: 'whatever', values: ['Ann'] }, ann, 'no match'],
    ['an unknown operator negated (Node SDK: a match)', { attribute: 'name', op: 'whatever', values: ['Ann'], negate: true }, ann, 'match'],
    ['no values', { attribute: 'name', op: 'in', values: [] }, ann, 'no match'],
    ['absent values (the Node SDK throws; here: none)', { attribute: 'name', op: 'in' }, ann, 'no match'],
    ['an unset attribute', { attribute: '', op: 'in', values: ['x'] }, ann, 'error'],
    ['a missing attribute field', { op: 'in', values: ['x'] }, ann, 'error'],
    ['an invalid reference', { contextKind: 'user', attribute: '/a~2', op: 'in', values: ['x'] }, ann, 'error'],
    ['an invalid reference, whatever the context kind', { contextKind: 'org', attribute: '///', op: 'in', values: ['x'] }, ann, 'error'],
    ['a reference into _meta', { contextKind: 'user', attribute: '/_meta/x', op: 'in', values: ['x'] }, ann, 'error'],
    ['a legacy custom attribute', { attribute: 'plan', op: 'in', values: ['pro'] }, { key: 'k', custom: { plan: 'pro' } }, 'match'],
    ['a legacy top-level non-built-in', { attribute: 'plan', op: 'in', values: ['pro'] }, { key: 'k', plan: 'pro' }, 'no match'],
  ];
  for (const [name, clause, context, expected] of rows) {
    it(`${name} ⇒ ${expected}`, () => assert.equal(outcome([clause], context), expected));
  }

  describe('clause errors inside a rule (the Node SDK keeps only the last evaluated clause’s error)', () => {
    const bad: Clause = { attribute: '', op: 'in', values: ['x'] };
    const yes: Clause = { attribute: 'name', op: 'in', values: ['Ann'] };
    const no: Clause = { attribute: 'name', op: 'in', values: ['Bob'] };
    const cases: [string, Clause[], string][] = [
      ['error alone', [bad], 'error'],
      ['match then error', [yes, bad], 'error'],
      ['error then match', [bad, yes], 'match'],
      ['error then non-match', [bad, no], 'no match'],
      ['non-match then error', [no, bad], 'no match'],
      ['error, error', [bad, bad], 'error'],
      ['error, match, error', [bad, yes, bad], 'error'],
    ];
    for (const [name, clauses, expected] of cases) {
      it(`${name} ⇒ ${expected}`, () => assert.equal(outcome(clauses, ann), expected));
    }

    it('an error result stops the evaluation (later rules are not tried)', () => {
      const f = flag({ rules: [{ id: 'bad', clauses: [bad], variation: 1 }, { id: 'ok', clauses: [], variation: 1 }] });
      assert.equal(evaluateFlag(f, ctx(ann)).reason.kind, 'ERROR');
    });
  });
});
