import assert from 'node:assert/strict';
import { compileOperator } from '../../lib/evaluation/clause-operators';
import { compilePattern, MAX_MATCH_INPUT_LENGTH, MAX_PATTERN_LENGTH } from '../../lib/evaluation/safe-regex';

describe('compilePattern', () => {
  const refused: [string, RegExp][] = [
    ['^(a+)+$', /nested quantifiers/],
    ['(a*)*', /nested quantifiers/],
    ['^(\\w+\\s?)*$', /nested quantifiers/],
    ['((ab)*c)+', /nested quantifiers/],
    ['(?:x+y?){2,}', /nested quantifiers/],
    ['(a|a)*', /alternation inside a repeated group/],
    ['^((a|b)c)+$', /alternation inside a repeated group/],
    ['(?<n>a|aa){1,100}', /alternation inside a repeated group/],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), /longer than 1000 characters/],
  ];
  for (const [pattern, reason] of refused) {
    it(`refuses ${pattern.slice(0, 30)}`, () => {
      const compiled = compilePattern(pattern);
      assert.equal(compiled.regex, undefined);
      assert.match(compiled.error!, reason);
    });
  }

  const allowed = ['^[A-Za-z]+', '^[uo]', '\\.(ru|cn)$', '(ab)+', '(a|b)?', '(a+){1}', '[(a+)+]', '\\(a+\\)+', 'a{2,}b+', '^.*@example\\.com$', '(?:abc){3}', '(?=a+)x'];
  for (const pattern of allowed) {
    it(`compiles ${pattern}`, () => {
      const compiled = compilePattern(pattern);
      assert.equal(compiled.error, undefined);
      assert.equal(compiled.regex!.source, new RegExp(pattern).source);
    });
  }

  it('reports an invalid pattern', () => {
    assert.match(compilePattern('a(b').error!, /invalid regular expression 'a\(b'/);
  });

  it('keeps a catastrophic pattern from hanging evaluation', () => {
    const test = compileOperator('matches', ['^(a+)+$'], () => undefined);
    const started = process.hrtime.bigint();
    assert.equal(test(`${'a'.repeat(40)}!`), false);
    assert.ok(Number(process.hrtime.bigint() - started) < 50e6, 'took more than 50 ms');
  });

  it('does not test values longer than the input limit', () => {
    const test = compileOperator('matches', ['^a'], () => undefined);
    assert.equal(test('a'.repeat(MAX_MATCH_INPUT_LENGTH)), true);
    assert.equal(test('a'.repeat(MAX_MATCH_INPUT_LENGTH + 1)), false);
  });
});
