import { RE2JS } from 're2js';
import { runsLinearlyNatively } from './regex/native-safety';
import { parseJsPattern } from './regex/parse-js-pattern';
import { toLinearInput, toLinearSyntax } from './regex/to-linear-syntax';

/** Patterns longer than this are not compiled (the clause value never matches). */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * A `matches` clause value, compiled once: a test of a string value (and which engine runs it),
 * or the reason the value never matches.
 */
export type CompiledPattern =
  | { readonly test: (value: string) => boolean; readonly engine: 'native' | 'linear'; readonly error?: undefined }
  | { readonly test?: undefined; readonly engine?: undefined; readonly error: string };

/**
 * Compiles a `matches` pattern: the same answer as the Node SDK's `new RegExp(pattern).test(value)`
 * (ECMAScript syntax, no flags, unanchored search), in time linear in the value's length.
 *
 * **The rule** (the SDK's evaluator and the flag server's validation both use this function):
 * 1. A pattern that `new RegExp` refuses never matches (as in the Node SDK).
 * 2. A pattern that JavaScript's backtracking engine provably runs in linear time (see
 *    `runsLinearlyNatively`: e.g. `^[a-z]+[0-9]*@corp\.com$`, `@(gmail|yahoo)\.com$`,
 *    `^(?=.*\d).{8,}$`) runs as a native `RegExp`, which is faster.
 * 3. Any other pattern runs on the linear-time engine `re2js`, translated so that it means what it
 *    means in JavaScript (UTF-16 code units, JavaScript's `.`, `\s`, `\w`, `\b`, classes, octal
 *    and identity escapes).
 * 4. A pattern neither can run safely never matches, and the SDK logs a warning for it while the
 *    server refuses it: back-references (`(a)\1`), lookbehind (`(?<=a)b`), a lookahead outside
 *    the provably linear form of 2 (e.g. `\w+(?=@)`), a repetition count over 1000 (`a{1001}`, or
 *    nested counts multiplied: `(?:a{40}){40}`), or
 *    a pattern longer than {@link MAX_PATTERN_LENGTH} characters. Only those patterns can answer
 *    differently from the Node SDK (which may then hang on them).
 *
 * @param pattern the clause value
 */
export function compilePattern(pattern: string): CompiledPattern {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(pattern);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}

/** Compiled patterns by source: flags are prepared again on every update, patterns rarely change. */
const cache = new Map<string, CompiledPattern>();
const CACHE_SIZE = 1000;

function compileUncached(pattern: string): CompiledPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) return refused(pattern, `it is longer than ${MAX_PATTERN_LENGTH} characters`);
  let native: RegExp;
  try {
    native = new RegExp(pattern);
  } catch (e) {
    return { error: `invalid regular expression ${quote(pattern)} (${(e as Error).message}); it never matches` };
  }
  const tree = parseJsPattern(pattern);
  if (runsLinearlyNatively(tree)) return { test: (value) => native.test(value), engine: 'native' };
  const linear = toLinearSyntax(tree);
  if ('unsupported' in linear) return refused(pattern, `it uses ${linear.unsupported}, which no linear-time engine runs`);
  let engine: RE2JS;
  try {
    engine = RE2JS.compile(linear.source);
  } catch (e) {
    return refused(pattern, `the linear-time engine cannot run it (${(e as Error).message})`);
  }
  return { test: (value) => engine.test(toLinearInput(value)), engine: 'linear' };
}

function refused(pattern: string, why: string): CompiledPattern {
  return { error: `regular expression ${quote(pattern)} refused: ${why}; it never matches` };
}

function quote(pattern: string): string {
  return pattern.length > 60 ? `'${pattern.slice(0, 60)}…'` : `'${pattern}'`;
}
