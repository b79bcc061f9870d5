import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { compileOperator } from '../../lib/evaluation/clause-operators';
import { parseJsPattern } from '../../lib/evaluation/regex/parse-js-pattern';
import { toLinearInput, toLinearSyntax } from '../../lib/evaluation/regex/to-linear-syntax';
import { compilePattern, MAX_PATTERN_LENGTH } from '../../lib/evaluation/safe-regex';
import { REGEXES } from '../conformance/pools';

/** Values that tell regex engines apart: line terminators, Unicode spaces, astral and lone surrogates. */
const VALUES = ['', 'a', 'ab', 'Ann', 'ann@corp.com', '1.2.3', 'foobar', 'a\n', '\r', '\u2028', '\u00a0', '\ufeff', '\v', '\u{1F600}', '\uD83D', 'x\uDE00', '\u0001', 'e_e', 'AA-z9', ' a b '];

/** Patterns whose meaning differs between JavaScript and RE2 syntax, or that stress the translation. */
const SYNTAX = [
  '^.$', '.', '\\s', '\\S', '^\\W$', '\\bb', '\\Ba', '[^a]', '[^]', '[]', '^[]*$', '\\cA|\\cz', '\\c', '[\\c1]', '\\1', '\\8', '\\0',
  '\\01', '\\101', '\\x4', '\\x41', '\\u{3}', '\\u0041', '\\a', '\\z', '\\A', '\\Q', '[\\b]', '[\\d-z]+', '[a-]', '[-a]', '\\-',
  'a{', 'a{,2}', '{}', '}', ']', 'a{2}', '^(?:a|)+$', '[\\uD83D]', '\\uD83D\\uDE00', '^[\\uD800-\\uDBFF]$', '[^\\uD83D]$', '(?<n>a)b',
  '$^', 'a$', '^$', '(?:)', '\\p{L}', '[[:alpha:]]', '(?i)a'.slice(4), 'e{2,}', '\\f\\t', '\\d+\\.\\d+',
];

describe('compilePattern', () => {
  it('agrees with JavaScript on every conformance and syntax pattern, natively or translated', () => {
    const differences: string[] = [];
    for (const pattern of [...REGEXES, ...SYNTAX]) {
      let native: RegExp;
      try {
        native = new RegExp(pattern);
      } catch {
        assert.match(compilePattern(pattern).error!, /invalid regular expression/);
        continue;
      }
      const compiled = compilePattern(pattern);
      // The translation is checked on every pattern, even those that run natively.
      const linear = toLinearSyntax(parseJsPattern(pattern));
      const engine = 'source' in linear ? RE2JS.compile(linear.source) : undefined;
      for (const value of VALUES) {
        const expected = native.test(value);
        if (compiled.test !== undefined && compiled.test(value) !== expected) differences.push(`${pattern} (${compiled.engine}) on ${JSON.stringify(value)}`);
        if (engine !== undefined && engine.test(toLinearInput(value)) !== expected) differences.push(`${pattern} (translated) on ${JSON.stringify(value)}`);
      }
    }
    assert.deepEqual(differences, []);
  });

  it('runs the reference patterns natively and risky ones on the linear engine', () => {
    for (const pattern of ['^[a-z]+[0-9]*@corp\\.example\\.com$', '@(gmail|yahoo)\\.com$', '^(?=.*\\d)(?=.*[a-z]).{8,}$', '^.*@corp\\.com$', 'abc', '^(?!admin)\\w+$', '^(a|ab)(c|bcd)(d*)$']) {
      assert.equal(compilePattern(pattern).engine, 'native', pattern);
    }
    for (const pattern of ['^(\\d+\\.)+\\d+$', '(foo|bar)+', '^a*a*b$', '^\\w+.*@', '[a-z]+@', '^.*a.*b$', 'a{500}', '(?:ab){3}c+', '(?:abcdefghij){101}', '(?:abcdefghijklmnopqrstuvwxyz){50}', `${'(a{90}|a{89})'.repeat(6)}b`]) {
      assert.equal(compilePattern(pattern).engine, 'linear', pattern);
    }
  });

  const refused: [string, RegExp][] = [
    ['(a)\\1', /a back-reference/],
    ['(?<x>a)\\k<x>', /a back-reference/],
    ['(?<=@)corp', /a lookbehind/],
    ['(?<!x)y', /a lookbehind/],
    ['\\w+(?=@)', /a lookahead/],
    ['^a+(?!b)', /a lookahead/],
    ['a{1001}', /a repetition count over 1000/],
    ['(?:a{40}){40}', /invalid repeat count/],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), /longer than 1000 characters/],
  ];
  for (const [pattern, reason] of refused) {
    it(`refuses ${pattern.slice(0, 30)} (the rule: it never matches)`, () => {
      const compiled = compilePattern(pattern);
      assert.equal(compiled.test, undefined);
      assert.match(compiled.error!, reason);
      assert.match(compiled.error!, /never matches$/);
    });
  }

  it('reports an invalid pattern', () => {
    assert.match(compilePattern('a(b').error!, /invalid regular expression 'a\(b'/);
  });

  it('tests values of any length (no input cap)', () => {
    const test = compileOperator('matches', ['^a+$'], () => undefined);
    assert.equal(test('a'.repeat(100_000)), true);
  });
});

/** Patterns that make a backtracking engine take exponential or high-polynomial time. */
const CATASTROPHIC: [string, (n: number) => string, boolean][] = [
  ['^(\\d+\\.)+\\d+$', (n) => `${'1.'.repeat(n / 2 - 1)}1.x`, false],
  ['^(\\d+\\.)+\\d+$', (n) => `${'1.'.repeat(n / 2 - 1)}12`, true],
  ['(foo|bar)+x', (n) => 'foobar'.repeat(n / 6), false],
  ['(foo|bar)+', (n) => 'foobar'.repeat(n / 6), true],
  ['^\\w+.*\\w+.*\\w+.*@corp\\.com$', (n) => `${'a'.repeat(n - 9)}@corp.co`, false],
  ['^\\w+.*\\w+.*\\w+.*@corp\\.com$', (n) => `${'a'.repeat(n - 10)}@corp.com`, true],
  ['^a*a*a*a*a*a*a*a*b$', (n) => 'a'.repeat(n), false],
  ['(a+)+$', (n) => `${'a'.repeat(n - 1)}!`, false],
  ['^(a+)+$', (n) => 'a'.repeat(n), true],
  ['^(\\w+\\s?)*$', (n) => `${'ab '.repeat(n / 3)}!`, false],
  ['^(a|a)*$', (n) => `${'a'.repeat(n - 1)}b`, false],
  ['(.*,)*x', (n) => ','.repeat(n), false],
  ['^(?:[a-z0-9._%+-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$', (n) => `a@${'a.'.repeat(n / 2 - 2)}-`, false],
];

describe('matches on 10,000-character values (each would take minutes to centuries by backtracking)', () => {
  for (const [pattern, value, expected] of CATASTROPHIC) {
    const input = value(10_000);
    it(`${pattern} on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars) is ${expected}`, () => {
      const warnings: string[] = [];
      const test = compileOperator('matches', [pattern], (w) => warnings.push(w));
      assert.deepEqual(warnings, []);
      assert.equal(test(input), expected);
    });
  }
});
